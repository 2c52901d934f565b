/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these tests break one field deep inside parsed YAML */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { checkDeploymentRules, type DeploymentRule } from './deployment-rules';
import { readKafkaTopicPlan } from './kafka-topic-plan';
import { overlayDirectories, renderKustomization } from './kustomize-renderer';
import { validateAgainstKubernetesSchemas } from './kubernetes-schema.validator';
import type { KubernetesObject } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');
const topicPlan = readKafkaTopicPlan(repositoryRoot);
/** Release overlays (everything but dev) may not run development image tags. */
const rulesFor = (overlay: string) => ({ topicPlan, forbiddenImageTags: overlay.endsWith('/dev') ? [] : ['dev'] });

const SERVICES = ['gateway', 'auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver'];

describe('Kubernetes overlays', () => {
  const overlays = overlayDirectories(repositoryRoot);

  test('there is a dev and a prod overlay', () => {
    assert.deepEqual(overlays, ['k8s/overlays/dev', 'k8s/overlays/prod']);
  });

  for (const overlay of overlays) {
    const objects = renderKustomization(resolve(repositoryRoot, overlay));

    test(`${overlay}: every service has a Deployment, Service, ConfigMap, ServiceAccount, HPA and PDB`, () => {
      for (const service of SERVICES) {
        for (const kind of ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
          assert.ok(
            objects.some((object) => object.kind === kind && object.metadata.name === service),
            `${overlay} has no ${kind} ${service}`,
          );
        }
      }
    });

    test(`${overlay}: every object validates against the Kubernetes schemas, offline`, async () => {
      assert.deepEqual(await validateAgainstKubernetesSchemas(objects), []);
    });

    test(`${overlay}: every object passes the deployment rules`, () => {
      assert.deepEqual(checkDeploymentRules(objects, rulesFor(overlay)), []);
    });
  }

  test('dev runs single replicas and the sandbox; prod runs several replicas, spread, and no sandbox', () => {
    const dev = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/dev'));
    const prod = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/prod'));
    const autoscaler = (objects: KubernetesObject[], name: string) =>
      objects.find((object) => object.kind === 'HorizontalPodAutoscaler' && object.metadata.name === name) as unknown as {
        spec: { minReplicas: number; maxReplicas: number };
      };
    for (const service of SERVICES) {
      assert.deepEqual([autoscaler(dev, service).spec.minReplicas, autoscaler(dev, service).spec.maxReplicas], [1, 1]);
      assert.ok(autoscaler(prod, service).spec.minReplicas >= 2, `${service} runs at least two replicas in prod`);
      const deployment = prod.find((object) => object.kind === 'Deployment' && object.metadata.name === service) as unknown as {
        spec: { template: { spec: { topologySpreadConstraints?: unknown[]; affinity?: unknown } } };
      };
      assert.ok(deployment.spec.template.spec.topologySpreadConstraints?.length, `${service} spreads over nodes in prod`);
      assert.ok(deployment.spec.template.spec.affinity, `${service} has anti-affinity in prod`);
    }
    assert.ok(dev.some((object) => object.kind === 'Deployment' && object.metadata.name === 'zoho-sandbox'));
    assert.ok(!prod.some((object) => object.metadata.name === 'zoho-sandbox'));
    assert.ok(prod.some((object) => object.kind === 'PrometheusRule'));
  });
});

describe('the checks catch broken manifests', () => {
  const prod = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/prod'));
  const rules = rulesFor('k8s/overlays/prod');

  /** The prod render with one change made to a copy of the named object. */
  function brokenProd(kind: string, name: string, breakIt: (object: Record<string, any>) => void): KubernetesObject[] {
    return prod.map((object) => {
      if (object.kind !== kind || object.metadata.name !== name) {
        return object;
      }
      const copy = structuredClone(object) as Record<string, any>;
      breakIt(copy);
      return copy as KubernetesObject;
    });
  }

  function violatedRules(objects: KubernetesObject[]): { rule: DeploymentRule; message: string }[] {
    return checkDeploymentRules(objects, rules).map(({ rule, message }) => ({ rule, message }));
  }

  test('schema: a port given as text and an unknown kind fail validation', async () => {
    const wrongType = brokenProd('Service', 'sync-engine', (service) => (service['spec'].ports[0].port = 'http'));
    const violations = await validateAgainstKubernetesSchemas(wrongType);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.message, /ports\/0\/port must be integer/);
    const unknownKind = await validateAgainstKubernetesSchemas([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }]);
    assert.match(unknownKind[0]!.message, /unknown kind: apps\/v1 Deploymnet/);
    const foreign = await validateAgainstKubernetesSchemas([
      { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'x' } },
    ]);
    assert.match(foreign[0]!.message, /no offline schema for kafka.strimzi.io\/v1beta2 Kafka/);
  });

  const cases: [string, DeploymentRule, RegExp, KubernetesObject[]][] = [
    [
      'a container without a memory limit',
      'resources',
      /container sync-engine sets no resources.limits.memory/,
      brokenProd('Deployment', 'sync-engine', (d) => delete d['spec'].template.spec.containers[0].resources.limits),
    ],
    [
      'a missing readiness probe',
      'probes',
      /has no readinessProbe/,
      brokenProd('Deployment', 'gateway', (d) => delete d['spec'].template.spec.containers[0].readinessProbe),
    ],
    [
      'a liveness probe on the readiness endpoint',
      'probes',
      /livenessProbe must call \/health\/live/,
      brokenProd(
        'Deployment',
        'mapping-config',
        (d) => (d['spec'].template.spec.containers[0].livenessProbe.httpGet.path = '/health/ready'),
      ),
    ],
    [
      'a writable root file system',
      'security-context',
      /readOnlyRootFilesystem must be true/,
      brokenProd(
        'Deployment',
        'auth-connector',
        (d) => (d['spec'].template.spec.containers[0].securityContext.readOnlyRootFilesystem = false),
      ),
    ],
    [
      'capabilities not dropped in the init container',
      'security-context',
      /container migrate: securityContext.capabilities.drop must include ALL/,
      brokenProd('Deployment', 'conflict-resolver', (d) => delete d['spec'].template.spec.initContainers[0].securityContext.capabilities),
    ],
    [
      'a pod allowed to run as root',
      'security-context',
      /runAsNonRoot must be true/,
      brokenProd('Deployment', 'sync-engine', (d) => (d['spec'].template.spec.securityContext.runAsNonRoot = false)),
    ],
    [
      'a grace period shorter than preStop plus a batch',
      'graceful-shutdown',
      /terminationGracePeriodSeconds 30 must exceed preStop 10 s \+ longest batch 45 s/,
      brokenProd('Deployment', 'sync-engine', (d) => (d['spec'].template.spec.terminationGracePeriodSeconds = 30)),
    ],
    [
      'no preStop delay',
      'graceful-shutdown',
      /has no preStop delay/,
      brokenProd('Deployment', 'gateway', (d) => delete d['spec'].template.spec.containers[0].lifecycle),
    ],
    [
      'several replicas without a PodDisruptionBudget',
      'disruption-budget',
      /runs up to 12 replicas but no PodDisruptionBudget selects its pods/,
      prod.filter((object) => !(object.kind === 'PodDisruptionBudget' && object.metadata.name === 'sync-engine')),
    ],
    [
      'no default-deny NetworkPolicy',
      'network-policy',
      /no default-deny NetworkPolicy/,
      prod.filter((object) => object.metadata.name !== 'default-deny-all'),
    ],
    [
      'no DNS egress',
      'network-policy',
      /no NetworkPolicy allows its pods DNS/,
      prod.filter((object) => object.metadata.name !== 'allow-dns-egress'),
    ],
    [
      'more replicas than partitions',
      'autoscaling',
      /maxReplicas 7 exceeds the 6 partitions of crm-bridge.connections.v1, which mapping-config consumes/,
      brokenProd('HorizontalPodAutoscaler', 'mapping-config', (h) => (h['spec'].maxReplicas = 7)),
    ],
    [
      'spec.replicas next to an autoscaler',
      'autoscaling',
      /sets spec.replicas although a HorizontalPodAutoscaler owns the count/,
      brokenProd('Deployment', 'gateway', (d) => (d['spec'].replicas = 3)),
    ],
    [
      'a development image tag in prod',
      'images',
      /uses the mutable tag dev/,
      brokenProd('Deployment', 'gateway', (d) => (d['spec'].template.spec.containers[0].image = 'crm-bridge/gateway:dev')),
    ],
    [
      'a secret value written into the manifest',
      'secrets',
      /DATABASE_URL is set inline/,
      brokenProd('Deployment', 'sync-engine', (d) =>
        d['spec'].template.spec.containers[0].env.push({ name: 'DATABASE_URL', value: 'postgres://u:p@db/x' }),
      ),
    ],
    [
      'a committed Secret',
      'secrets',
      /Secrets are referenced, never committed/,
      [...prod, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'oops', namespace: 'crm-bridge' } }],
    ],
    [
      'a ConfigMap reference with a typo',
      'references',
      /envFrom names ConfigMap sync-engin, which the overlay does not define/,
      brokenProd('Deployment', 'sync-engine', (d) => (d['spec'].template.spec.containers[0].envFrom[0].configMapRef.name = 'sync-engin')),
    ],
  ];
  for (const [description, rule, message, objects] of cases) {
    test(`rule ${rule}: ${description} fails`, () => {
      const violations = violatedRules(objects);
      assert.ok(
        violations.some((violation) => violation.rule === rule && message.test(violation.message)),
        `expected a ${rule} violation matching ${String(message)}, got ${JSON.stringify(violations)}`,
      );
    });
  }
});
