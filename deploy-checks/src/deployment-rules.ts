import { podSpecOf, parseImageReference } from './kustomize-renderer';
import { maxUsefulReplicas, type KafkaTopicPlan } from './kafka-topic-plan';
import { describeObject, isRecord, type KubernetesObject } from './manifest-documents';
import { checkIngressRules, type IngressRule, type IngressRuleOptions } from './ingress-rules';
import { containersOf, findObject, labelSelectorMatches, sameNamespace, templateLabels } from './kubernetes-lookups';

export type DeploymentRule =
  | 'resources'
  | 'probes'
  | 'security-context'
  | 'graceful-shutdown'
  | 'disruption-budget'
  | 'network-policy'
  | 'autoscaling'
  | 'images'
  | 'secrets'
  | 'references'
  | IngressRule;

export interface RuleViolation {
  readonly rule: DeploymentRule;
  readonly object: string;
  readonly message: string;
}

export interface DeploymentRuleOptions extends IngressRuleOptions {
  readonly topicPlan: KafkaTopicPlan;
  /** Release overlays must pin images: besides `latest`, development tags are refused. */
  readonly forbiddenImageTags: readonly string[];
}

/** Health endpoints of the CRM Bridge services (libs/service-runtime, apps/gateway). */
const LIVENESS_PATH = '/health/live';
const READINESS_PATH = '/health/ready';
/** Components whose probes must use the services' health endpoints (the sandbox has none). */
const SERVICE_COMPONENTS = new Set(['subgraph', 'gateway']);
const MAX_BATCH_ANNOTATION = 'crm-bridge.io/max-batch-seconds';
const SECRET_LIKE_VARIABLE = /SECRET|PASSWORD|TOKEN|PRIVATE_KEY|DATABASE_URL/;

/**
 * The rules an SRE would check by hand on every rendered overlay. Each returns the objects at
 * fault with a reason; an empty list means the overlay passes.
 */
export function checkDeploymentRules(objects: readonly KubernetesObject[], options: DeploymentRuleOptions): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const report = (rule: DeploymentRule, object: KubernetesObject, message: string) =>
    violations.push({ rule, object: describeObject(object), message });

  const deployments = objects.filter((object) => object.kind === 'Deployment');
  const autoscalers = objects.filter((object) => object.kind === 'HorizontalPodAutoscaler');
  const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');

  for (const object of objects) {
    if (object.kind === 'Secret') {
      report('secrets', object, 'Secrets are referenced, never committed: create it in the cluster (docs/operations.md)');
    }
  }

  for (const deployment of deployments) {
    const podSpec = podSpecOf(deployment);
    if (!podSpec) {
      report('references', deployment, 'has no pod template');
      continue;
    }
    const component = templateLabels(deployment)['app.kubernetes.io/component'];
    const containers = containersOf(podSpec, 'containers');
    const allContainers = [...containers, ...containersOf(podSpec, 'initContainers')];
    if (containers.length === 0) {
      report('references', deployment, 'has no containers');
    }

    for (const container of allContainers) {
      const name = String(container['name']);
      const resources = isRecord(container['resources']) ? container['resources'] : {};
      const requests = isRecord(resources['requests']) ? resources['requests'] : {};
      const limits = isRecord(resources['limits']) ? resources['limits'] : {};
      for (const [field, present] of [
        ['requests.cpu', requests['cpu']],
        ['requests.memory', requests['memory']],
        ['limits.memory', limits['memory']],
      ] as const) {
        if (present === undefined) {
          report('resources', deployment, `container ${name} sets no resources.${field}`);
        }
      }
      checkContainerSecurity(container, podSpec, (message) => report('security-context', deployment, `container ${name}: ${message}`));
      checkImage(container, options, (message) => report('images', deployment, `container ${name}: ${message}`));
      checkEnvironment(container, objects, deployment, (rule, message) => report(rule, deployment, `container ${name}: ${message}`));
    }

    const podSecurity = isRecord(podSpec['securityContext']) ? podSpec['securityContext'] : {};
    if (podSecurity['runAsNonRoot'] !== true) {
      report('security-context', deployment, 'pod securityContext.runAsNonRoot must be true');
    }
    if (!isRecord(podSecurity['seccompProfile']) || podSecurity['seccompProfile']['type'] !== 'RuntimeDefault') {
      report('security-context', deployment, 'pod securityContext.seccompProfile.type must be RuntimeDefault');
    }
    if (podSpec['automountServiceAccountToken'] !== false) {
      report('security-context', deployment, 'automountServiceAccountToken must be false (the services never call the Kubernetes API)');
    }
    const serviceAccount = podSpec['serviceAccountName'];
    if (typeof serviceAccount !== 'string' || !findObject(objects, 'ServiceAccount', serviceAccount, deployment)) {
      report('references', deployment, `serviceAccountName ${String(serviceAccount)} names no ServiceAccount in the overlay`);
    }

    for (const container of containers) {
      checkProbes(container, component !== undefined && SERVICE_COMPONENTS.has(component), (message) =>
        report('probes', deployment, `container ${String(container['name'])}: ${message}`),
      );
    }
    checkGracefulShutdown(deployment, podSpec, containers, (message) => report('graceful-shutdown', deployment, message));

    const autoscaler = autoscalers.find(
      (candidate) => scaleTargetName(candidate) === deployment.metadata.name && sameNamespace(candidate, deployment),
    );
    const spec = isRecord(deployment['spec']) ? deployment['spec'] : {};
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : undefined;
    if (autoscaler && replicas !== undefined) {
      report(
        'autoscaling',
        deployment,
        'sets spec.replicas although a HorizontalPodAutoscaler owns the count (every apply would reset it)',
      );
    }
    const hpaSpec = autoscaler && isRecord(autoscaler['spec']) ? autoscaler['spec'] : {};
    const maxReplicas = typeof hpaSpec['maxReplicas'] === 'number' ? hpaSpec['maxReplicas'] : (replicas ?? 1);
    const minReplicas = typeof hpaSpec['minReplicas'] === 'number' ? hpaSpec['minReplicas'] : (replicas ?? 1);
    if (Math.max(minReplicas, maxReplicas) > 1) {
      const labels = templateLabels(deployment);
      const covered = budgets.some((budget) => sameNamespace(budget, deployment) && selectorMatches(budget, labels));
      if (!covered) {
        report('disruption-budget', deployment, `runs up to ${maxReplicas} replicas but no PodDisruptionBudget selects its pods`);
      }
    }
  }

  for (const autoscaler of autoscalers) {
    const target = scaleTargetName(autoscaler);
    const deployment = deployments.find((candidate) => candidate.metadata.name === target && sameNamespace(candidate, autoscaler));
    if (!deployment) {
      report('references', autoscaler, `scaleTargetRef names Deployment ${String(target)}, which the overlay does not define`);
      continue;
    }
    const spec = isRecord(autoscaler['spec']) ? autoscaler['spec'] : {};
    const minReplicas = typeof spec['minReplicas'] === 'number' ? spec['minReplicas'] : 1;
    const maxReplicas = Number(spec['maxReplicas']);
    if (maxReplicas < minReplicas) {
      report('autoscaling', autoscaler, `maxReplicas ${maxReplicas} is below minReplicas ${minReplicas}`);
    }
    const service = templateLabels(deployment)['app.kubernetes.io/name'] ?? deployment.metadata.name;
    const limit = maxUsefulReplicas(options.topicPlan, service);
    if (limit && maxReplicas > limit.replicas) {
      report(
        'autoscaling',
        autoscaler,
        `maxReplicas ${maxReplicas} exceeds the ${limit.replicas} partitions of ${limit.topic}, which ${service} consumes (k8s/kafka-topics.yaml)`,
      );
    }
  }

  checkNetworkPolicies(objects, deployments, (object, message) => report('network-policy', object, message));
  checkIngressRules(objects, options, report);
  return violations;
}

function checkContainerSecurity(
  container: Record<string, unknown>,
  podSpec: Record<string, unknown>,
  fail: (message: string) => void,
): void {
  const security = isRecord(container['securityContext']) ? container['securityContext'] : {};
  const podSecurity = isRecord(podSpec['securityContext']) ? podSpec['securityContext'] : {};
  if (security['allowPrivilegeEscalation'] !== false) {
    fail('securityContext.allowPrivilegeEscalation must be false');
  }
  if (security['readOnlyRootFilesystem'] !== true) {
    fail('securityContext.readOnlyRootFilesystem must be true');
  }
  if (security['privileged'] === true) {
    fail('securityContext.privileged must not be true');
  }
  const capabilities = isRecord(security['capabilities']) ? security['capabilities'] : {};
  const dropped = Array.isArray(capabilities['drop']) ? capabilities['drop'] : [];
  if (!dropped.includes('ALL')) {
    fail('securityContext.capabilities.drop must include ALL');
  }
  if (Array.isArray(capabilities['add']) && capabilities['add'].length > 0) {
    fail('securityContext.capabilities.add must be empty');
  }
  const runAsUser = security['runAsUser'] ?? podSecurity['runAsUser'];
  if (runAsUser === 0) {
    fail('runs as user 0 (root)');
  }
}

function checkImage(container: Record<string, unknown>, options: DeploymentRuleOptions, fail: (message: string) => void): void {
  const image = container['image'];
  if (typeof image !== 'string') {
    return fail('has no image');
  }
  const reference = parseImageReference(image);
  if (reference.digest) {
    return;
  }
  if (!reference.tag) {
    return fail(`image ${image} has no tag (means latest)`);
  }
  if (reference.tag === 'latest' || options.forbiddenImageTags.includes(reference.tag)) {
    fail(`image ${image} uses the mutable tag ${reference.tag}`);
  }
}

function checkEnvironment(
  container: Record<string, unknown>,
  objects: readonly KubernetesObject[],
  deployment: KubernetesObject,
  fail: (rule: DeploymentRule, message: string) => void,
): void {
  const environment = Array.isArray(container['env']) ? container['env'] : [];
  for (const variable of environment) {
    if (!isRecord(variable)) {
      continue;
    }
    const name = String(variable['name']);
    if (SECRET_LIKE_VARIABLE.test(name) && 'value' in variable) {
      fail('secrets', `${name} is set inline; reference a Secret with valueFrom.secretKeyRef`);
    }
  }
  const sources = Array.isArray(container['envFrom']) ? container['envFrom'] : [];
  for (const source of sources) {
    if (!isRecord(source) || !isRecord(source['configMapRef'])) {
      continue;
    }
    const name = String(source['configMapRef']['name']);
    if (!findObject(objects, 'ConfigMap', name, deployment) && source['configMapRef']['optional'] !== true) {
      fail('references', `envFrom names ConfigMap ${name}, which the overlay does not define`);
    }
  }
}

function checkProbes(container: Record<string, unknown>, isService: boolean, fail: (message: string) => void): void {
  const expected = { livenessProbe: LIVENESS_PATH, readinessProbe: READINESS_PATH, startupProbe: undefined } as const;
  for (const [probe, path] of Object.entries(expected)) {
    const definition = container[probe];
    if (!isRecord(definition)) {
      fail(`has no ${probe}`);
      continue;
    }
    const httpGet = isRecord(definition['httpGet']) ? definition['httpGet'] : undefined;
    if (!httpGet) {
      fail(`${probe} must be an httpGet probe`);
      continue;
    }
    if (isService && path !== undefined && httpGet['path'] !== path) {
      fail(`${probe} must call ${path} (calls ${String(httpGet['path'])})`);
    }
    if (isService && path === undefined && httpGet['path'] !== LIVENESS_PATH && httpGet['path'] !== READINESS_PATH) {
      fail(`${probe} must call ${LIVENESS_PATH} or ${READINESS_PATH}`);
    }
  }
}

function checkGracefulShutdown(
  deployment: KubernetesObject,
  podSpec: Record<string, unknown>,
  containers: readonly Record<string, unknown>[],
  fail: (message: string) => void,
): void {
  const batchSeconds = Number(deployment.metadata.annotations?.[MAX_BATCH_ANNOTATION]);
  if (!Number.isFinite(batchSeconds) || batchSeconds <= 0) {
    fail(`annotation ${MAX_BATCH_ANNOTATION} must state the longest batch in seconds`);
    return;
  }
  const grace = typeof podSpec['terminationGracePeriodSeconds'] === 'number' ? podSpec['terminationGracePeriodSeconds'] : 30;
  for (const container of containers) {
    const preStopSeconds = preStopDelaySeconds(container);
    if (preStopSeconds === undefined) {
      fail(`container ${String(container['name'])} has no preStop delay (sleep) to let endpoints drain`);
      continue;
    }
    if (grace <= preStopSeconds + batchSeconds) {
      fail(`terminationGracePeriodSeconds ${grace} must exceed preStop ${preStopSeconds} s + longest batch ${batchSeconds} s`);
    }
  }
}

/** Seconds a preStop hook waits: `exec: [/bin/sleep, N]` / `[sleep, N]` or the native `sleep.seconds`. */
function preStopDelaySeconds(container: Record<string, unknown>): number | undefined {
  const lifecycle = isRecord(container['lifecycle']) ? container['lifecycle'] : {};
  const preStop = isRecord(lifecycle['preStop']) ? lifecycle['preStop'] : undefined;
  if (!preStop) {
    return undefined;
  }
  if (isRecord(preStop['sleep']) && typeof preStop['sleep']['seconds'] === 'number') {
    return preStop['sleep']['seconds'];
  }
  const command = isRecord(preStop['exec']) && Array.isArray(preStop['exec']['command']) ? preStop['exec']['command'] : [];
  if (command.length === 2 && /(^|\/)sleep$/.test(String(command[0]))) {
    const seconds = Number(command[1]);
    return Number.isFinite(seconds) ? seconds : undefined;
  }
  return undefined;
}

function checkNetworkPolicies(
  objects: readonly KubernetesObject[],
  deployments: readonly KubernetesObject[],
  fail: (object: KubernetesObject, message: string) => void,
): void {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  for (const deployment of deployments) {
    const inNamespace = policies.filter((policy) => sameNamespace(policy, deployment));
    const defaultDeny = inNamespace.some((policy) => {
      const spec = isRecord(policy['spec']) ? policy['spec'] : {};
      const selectsAll = isRecord(spec['podSelector']) && Object.keys(spec['podSelector']).length === 0;
      const types = Array.isArray(spec['policyTypes']) ? spec['policyTypes'] : [];
      return selectsAll && types.includes('Ingress') && types.includes('Egress') && !spec['ingress'] && !spec['egress'];
    });
    if (!defaultDeny) {
      fail(deployment, 'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules) in its namespace');
    }
    const labels = templateLabels(deployment);
    const dns = inNamespace.some((policy) => {
      const spec = isRecord(policy['spec']) ? policy['spec'] : {};
      if (!labelSelectorMatches(spec['podSelector'], labels) || !Array.isArray(spec['egress'])) {
        return false;
      }
      return spec['egress'].some(
        (rule) => isRecord(rule) && Array.isArray(rule['ports']) && rule['ports'].some((port) => isRecord(port) && port['port'] === 53),
      );
    });
    if (!dns) {
      fail(deployment, 'no NetworkPolicy allows its pods DNS (egress port 53)');
    }
  }
}

function scaleTargetName(autoscaler: KubernetesObject): string | undefined {
  const spec = isRecord(autoscaler['spec']) ? autoscaler['spec'] : {};
  const target = isRecord(spec['scaleTargetRef']) ? spec['scaleTargetRef'] : {};
  return target['kind'] === 'Deployment' && typeof target['name'] === 'string' ? target['name'] : undefined;
}

function selectorMatches(budget: KubernetesObject, labels: Record<string, string>): boolean {
  const spec = isRecord(budget['spec']) ? budget['spec'] : {};
  return labelSelectorMatches(spec['selector'], labels) && isRecord(spec['selector']) && Object.keys(spec['selector']).length > 0;
}
