import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_TOPICS } from '@crm-bridge/contracts';
import { maxUsefulReplicas, parseKafkaTopicPlan, plannedPartitions, readKafkaTopicPlan } from './kafka-topic-plan';
import { parseYamlDocuments } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');
const plan = readKafkaTopicPlan(repositoryRoot);

test('the plan lists exactly the topics of the contracts library', () => {
  assert.deepEqual(plan.topics.map((topic) => topic.name).sort(), [...ALL_TOPICS].sort());
});

test('the Strimzi KafkaTopic examples create every planned topic and dead-letter topic with the planned partitions', () => {
  const documents = parseYamlDocuments(
    readFileSync(join(repositoryRoot, 'k8s/infra/kafka/kafka-topics.yaml'), 'utf8'),
    'kafka-topics.yaml',
  ) as {
    kind: string;
    spec: { topicName: string; partitions: number; replicas: number };
  }[];
  const declared = new Map(
    documents.filter((document) => document.kind === 'KafkaTopic').map((document) => [document.spec.topicName, document.spec.partitions]),
  );
  assert.deepEqual(declared, plannedPartitions(plan));
  for (const document of documents) {
    assert.equal(document.spec.replicas, plan.replicationFactor);
  }
});

test('a service may scale to the smallest partition count of what it consumes', () => {
  assert.deepEqual(maxUsefulReplicas(plan, 'mapping-config'), { replicas: 6, topic: 'crm-bridge.connections.v1' });
  assert.equal(maxUsefulReplicas(plan, 'auth-connector'), undefined);
  // sync-engine reads the connections topic (6 partitions) in every instance's own group: only its shared groups cap it.
  assert.deepEqual(plan.topics.find((topic) => topic.name === 'crm-bridge.connections.v1')?.everyInstanceConsumers, ['sync-engine']);
  assert.deepEqual(maxUsefulReplicas(plan, 'sync-engine'), { replicas: 12, topic: 'crm-bridge.portal-record-changes.v1' });
});

test('an invalid plan fails naming the field and the reason', () => {
  const valid = 'replicationFactor: 3\nminInsyncReplicas: 2\ndeadLetterPartitions: 1\n';
  assert.throws(
    () => parseKafkaTopicPlan(`${valid}topics:\n  - { name: crm-bridge.x.v1, partitions: 0, consumers: [] }\n`),
    /topics\.0\.partitions: must be at least 1/,
  );
  assert.throws(
    () => parseKafkaTopicPlan(`${valid}topics:\n  - { name: crm-bridge.x.v1, partitions: 3, consumers: [billing] }\n`),
    /topics\.0\.consumers\.0: must be one of gateway/,
  );
  assert.throws(
    () => parseKafkaTopicPlan(`${valid}topics:\n  - { name: x, partitions: 3, consumers: [] }\n`),
    /topics\.0\.name: must look like crm-bridge/,
  );
  assert.throws(
    () =>
      parseKafkaTopicPlan(
        'replicationFactor: 1\nminInsyncReplicas: 2\ndeadLetterPartitions: 1\ntopics:\n  - { name: crm-bridge.x.v1, partitions: 3, consumers: [] }\n',
      ),
    /minInsyncReplicas: must not exceed replicationFactor/,
  );
});
