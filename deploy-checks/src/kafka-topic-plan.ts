import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ManifestError, parseYamlDocuments } from './manifest-documents';

/** Where the partition counts are written down, once (repository-relative). */
export const KAFKA_TOPIC_PLAN_PATH = 'k8s/kafka-topics.yaml';

const SERVICES = ['gateway', 'auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver'] as const;

const serviceName = z.enum(SERVICES, { errorMap: () => ({ message: `must be one of ${SERVICES.join(', ')}` }) });

const topicPlanSchema = z
  .object({
    replicationFactor: z.number().int().min(1, 'must be at least 1'),
    minInsyncReplicas: z.number().int().min(1, 'must be at least 1'),
    deadLetterPartitions: z.number().int().min(1, 'must be at least 1'),
    topics: z
      .array(
        z
          .object({
            name: z.string().regex(/^crm-bridge\.[a-z0-9-]+\.v\d+$/, 'must look like crm-bridge.<name>.v<version>'),
            partitions: z.number().int().min(1, 'must be at least 1'),
            consumers: z.array(serviceName),
            everyInstanceConsumers: z.array(serviceName).optional(),
          })
          .strict(),
      )
      .min(1, 'must list at least one topic'),
  })
  .strict()
  .superRefine((plan, context) => {
    if (plan.minInsyncReplicas > plan.replicationFactor) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['minInsyncReplicas'], message: 'must not exceed replicationFactor' });
    }
    const names = plan.topics.map((topic) => topic.name);
    for (const [index, name] of names.entries()) {
      if (names.indexOf(name) !== index) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: ['topics', index, 'name'], message: `${name} is listed twice` });
      }
    }
  });

export type KafkaTopicPlan = z.infer<typeof topicPlanSchema>;

/** Parses the plan; an invalid one fails with the field path and the reason. */
export function parseKafkaTopicPlan(text: string, source = KAFKA_TOPIC_PLAN_PATH): KafkaTopicPlan {
  const [document] = parseYamlDocuments(text, source);
  const parsed = topicPlanSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.ZodIssue;
    throw new ManifestError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function readKafkaTopicPlan(repositoryRoot: string): KafkaTopicPlan {
  return parseKafkaTopicPlan(readFileSync(join(repositoryRoot, KAFKA_TOPIC_PLAN_PATH), 'utf8'));
}

/**
 * The most replicas of `service` that can all own partitions: the smallest partition count among
 * the topics it consumes in a shared consumer group (`consumers`; an `everyInstanceConsumers`
 * service reads the whole topic in each instance's own group, which no partition count limits). Undefined when it consumes none (no Kafka limit on its scale).
 */
export function maxUsefulReplicas(plan: KafkaTopicPlan, service: string): { replicas: number; topic: string } | undefined {
  let limit: { replicas: number; topic: string } | undefined;
  for (const topic of plan.topics) {
    if (!(topic.consumers as readonly string[]).includes(service)) {
      continue;
    }
    if (!limit || topic.partitions < limit.replicas) {
      limit = { replicas: topic.partitions, topic: topic.name };
    }
  }
  return limit;
}

/** Every topic with its partition count, dead-letter topics included. */
export function plannedPartitions(plan: KafkaTopicPlan): Map<string, number> {
  const partitions = new Map<string, number>();
  for (const topic of plan.topics) {
    partitions.set(topic.name, topic.partitions);
    partitions.set(`${topic.name}.dlq`, plan.deadLetterPartitions);
  }
  return partitions;
}
