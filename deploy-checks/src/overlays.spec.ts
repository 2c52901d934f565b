/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these tests break one field deep inside parsed YAML */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDeploymentRules, type DeploymentRule } from './deployment-rules';
import { readKafkaTopicPlan } from './kafka-topic-plan';
import { overlayDirectories, renderKustomization } from './kustomize-renderer';
import { validateAgainstKubernetesSchemas } from './kubernetes-schema.validator';
import type { KubernetesObject } from './manifest-documents';
import { ZOHO_OAUTH_CALLBACK } from './zoho-oauth-callback';

const repositoryRoot = resolve(__dirname, '../..');
const topicPlan = readKafkaTopicPlan(repositoryRoot);
/**
 * Release overlays (everything but dev) may not run development image tags. The ingress controller
 * runs in namespace ingress-nginx (docs/operations.md §3.1), which the NetworkPolicies admit.
 */
const rulesFor = (overlay: string) => ({
  topicPlan,
  forbiddenImageTags: overlay.endsWith('/dev') ? [] : ['dev'],
  ingressControllerNamespace: 'ingress-nginx',
});

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

  test('prod exposes exactly /graphql (gateway), the Zoho OAuth callback (auth-connector) and the Zoho notification endpoint (sync-engine); dev has no Ingress', () => {
    const prod = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/prod'));
    const ingresses = prod.filter((object) => object.kind === 'Ingress') as unknown as {
      metadata: { namespace: string; annotations: Record<string, string> };
      spec: {
        rules: {
          host: string;
          http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { number: number } } } }[] };
        }[];
      };
    }[];
    assert.equal(ingresses.length, 1);
    const [ingress] = ingresses as [(typeof ingresses)[number]];
    assert.equal(ingress.metadata.namespace, 'crm-bridge');
    assert.deepEqual(
      ingress.spec.rules.flatMap((rule) =>
        rule.http.paths.map(
          (path) => `${rule.host}${path.path} ${path.pathType} → ${path.backend.service.name}:${path.backend.service.port.number}`,
        ),
      ),
      [
        'api.example.com/graphql Exact → gateway:4000',
        'api.example.com/oauth/zoho/callback Exact → auth-connector:4001',
        'api.example.com/zoho/notifications Exact → sync-engine:4003',
      ],
    );
    for (const timeout of ['proxy-read-timeout', 'proxy-send-timeout']) {
      assert.ok(
        Number(ingress.metadata.annotations[`nginx.ingress.kubernetes.io/${timeout}`]) >= 3600,
        `${timeout} keeps graphql-ws open an hour`,
      );
    }
    const authConnectorConfig = prod.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === 'auth-connector',
    ) as unknown as {
      data: Record<string, string>;
    };
    assert.equal(authConnectorConfig.data['ZOHO_REDIRECT_URL'], 'https://api.example.com/oauth/zoho/callback');
    const dev = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/dev'));
    assert.ok(!dev.some((object) => object.kind === 'Ingress'), 'dev is reached by port-forward');
  });

  test('the callback path the checks allow is the route auth-connector serves', () => {
    const controller = readFileSync(
      resolve(repositoryRoot, 'apps/auth-connector/src/zoho-authorization/zoho-authorization-callback.controller.ts'),
      'utf8',
    );
    const base = /@Controller\('([^']+)'\)/.exec(controller)?.[1];
    const route = /@Get\('([^']+)'\)\s+async callback/.exec(controller)?.[1];
    assert.equal(`/${String(base)}/${String(route)}`, ZOHO_OAUTH_CALLBACK.path);
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

  test('schema: an Ingress (networking.k8s.io/v1) is validated: a path without pathType fails', async () => {
    const noPathType = brokenProd('Ingress', 'crm-bridge', (ingress) => delete ingress['spec'].rules[0].http.paths[1].pathType);
    const violations = await validateAgainstKubernetesSchemas(noPathType);
    assert.equal(violations.length, 1);
    assert.equal(violations[0]!.object, 'Ingress/crm-bridge/crm-bridge');
    assert.match(violations[0]!.message, /rules\/0\/http\/paths\/1 must have required property pathType/);
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
    [
      'an Ingress backend naming a Service the overlay lacks',
      'ingress',
      /rules\[0\]\.http\.paths\[0\]: backend Service gatway is not in the overlay/,
      brokenProd('Ingress', 'crm-bridge', (i) => (i['spec'].rules[0].http.paths[0].backend.service.name = 'gatway')),
    ],
    [
      'an Ingress backend on a port the Service does not have',
      'ingress',
      /Service auth-connector has no port 4010/,
      brokenProd('Ingress', 'crm-bridge', (i) => (i['spec'].rules[0].http.paths[1].backend.service.port.number = 4010)),
    ],
    [
      'no NetworkPolicy admitting the ingress controller to auth-connector',
      'ingress',
      /paths\[1\]: no NetworkPolicy admits the ingress controller \(namespace ingress-nginx\) to auth-connector's pods on port http/,
      prod.filter((object) => object.metadata.name !== 'auth-connector-callback-from-ingress'),
    ],
    [
      'a NetworkPolicy admitting another namespace than the controller to the gateway',
      'ingress',
      /paths\[0\]: no NetworkPolicy admits the ingress controller \(namespace ingress-nginx\) to gateway's pods/,
      brokenProd(
        'NetworkPolicy',
        'gateway-from-ingress',
        (p) => (p['spec'].ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'nginx-system'),
      ),
    ],
    [
      'auth-connector exposed under a prefix',
      'ingress',
      /exposes auth-connector at \/oauth \(Prefix\); of auth-connector only \/oauth\/zoho\/callback may be public, as Exact paths/,
      brokenProd('Ingress', 'crm-bridge', (i) => Object.assign(i['spec'].rules[0].http.paths[1], { path: '/oauth', pathType: 'Prefix' })),
    ],
    [
      'auth-connector as the default backend',
      'ingress',
      /defaultBackend: sends every path to auth-connector/,
      brokenProd(
        'Ingress',
        'crm-bridge',
        (i) => (i['spec'].defaultBackend = { service: { name: 'auth-connector', port: { number: 4001 } } }),
      ),
    ],
    [
      'sync-engine exposed beyond its notification endpoint',
      'ingress',
      /exposes sync-engine at \/graphql-sync \(Exact\); of sync-engine only \/zoho\/notifications may be public, as Exact paths/,
      brokenProd('Ingress', 'crm-bridge', (i) =>
        i['spec'].rules[0].http.paths.push({
          path: '/graphql-sync',
          pathType: 'Exact',
          backend: { service: { name: 'sync-engine', port: { number: 4003 } } },
        }),
      ),
    ],
    [
      'sync-engine notification endpoint under a prefix',
      'ingress',
      /exposes sync-engine at \/zoho \(Prefix\); of sync-engine only \/zoho\/notifications may be public, as Exact paths/,
      brokenProd('Ingress', 'crm-bridge', (i) => Object.assign(i['spec'].rules[0].http.paths[2], { path: '/zoho', pathType: 'Prefix' })),
    ],
    [
      'no NetworkPolicy admitting the ingress controller to sync-engine',
      'ingress',
      /paths\[2\]: no NetworkPolicy admits the ingress controller \(namespace ingress-nginx\) to sync-engine's pods on port http/,
      prod.filter((object) => object.metadata.name !== 'sync-engine-notifications-from-ingress'),
    ],
    [
      'another subgraph service exposed',
      'ingress',
      /exposes mapping-config at \/graphql-mapping \(Exact\); of mapping-config no path may be public/,
      brokenProd('Ingress', 'crm-bridge', (i) =>
        i['spec'].rules[0].http.paths.push({
          path: '/graphql-mapping',
          pathType: 'Exact',
          backend: { service: { name: 'mapping-config', port: { number: 4002 } } },
        }),
      ),
    ],
    [
      'ZOHO_REDIRECT_URL on another host than the Ingress',
      'oauth-callback',
      /ZOHO_REDIRECT_URL https:\/\/crm.example.org\/oauth\/zoho\/callback: no Ingress rule for host crm.example.org routes \/oauth\/zoho\/callback to auth-connector/,
      brokenProd('ConfigMap', 'auth-connector', (c) => (c['data'].ZOHO_REDIRECT_URL = 'https://crm.example.org/oauth/zoho/callback')),
    ],
    [
      'the Ingress host changed without ZOHO_REDIRECT_URL',
      'oauth-callback',
      /no Ingress rule for host api.example.com routes \/oauth\/zoho\/callback to auth-connector/,
      brokenProd('Ingress', 'crm-bridge', (i) => {
        i['spec'].rules[0].host = 'crm.example.org';
        i['spec'].tls[0].hosts = ['crm.example.org'];
      }),
    ],
    [
      'ZOHO_REDIRECT_URL on another path',
      'oauth-callback',
      /must end in \/oauth\/zoho\/callback, the route auth-connector serves/,
      brokenProd('ConfigMap', 'auth-connector', (c) => (c['data'].ZOHO_REDIRECT_URL = 'https://api.example.com/oauth/callback')),
    ],
    [
      'an https ZOHO_REDIRECT_URL the Ingress serves without TLS',
      'oauth-callback',
      /is https, but no Ingress serving it has a TLS entry for api.example.com/,
      brokenProd('Ingress', 'crm-bridge', (i) => delete i['spec'].tls),
    ],
    [
      'the callback exposed with ZOHO_REDIRECT_URL unset',
      'oauth-callback',
      /an Ingress exposes \/oauth\/zoho\/callback but ZOHO_REDIRECT_URL is unset/,
      brokenProd('ConfigMap', 'auth-connector', (c) => delete c['data'].ZOHO_REDIRECT_URL),
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

  // Equivalent spellings the ingress rules must accept, so the failures above are not a string match on today's manifests.
  const equivalents: [string, KubernetesObject[]][] = [
    [
      'the callback policy naming port 4001 instead of http',
      brokenProd('NetworkPolicy', 'auth-connector-callback-from-ingress', (p) => (p['spec'].ingress[0].ports[0].port = 4001)),
    ],
    [
      'an Ingress backend port given by name',
      brokenProd('Ingress', 'crm-bridge', (i) => (i['spec'].rules[0].http.paths[1].backend.service.port = { name: 'http' })),
    ],
    [
      'a wildcard host with its wildcard TLS entry',
      brokenProd('Ingress', 'crm-bridge', (i) => {
        i['spec'].rules[0].host = '*.example.com';
        i['spec'].tls[0].hosts = ['*.example.com'];
      }),
    ],
    [
      'a policy admitting the controller by a namespace selector expression',
      brokenProd('NetworkPolicy', 'gateway-from-ingress', (p) => {
        p['spec'].ingress[0].from[0].namespaceSelector = {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx', 'other'] }],
        };
      }),
    ],
  ];
  for (const [description, objects] of equivalents) {
    test(`ingress rules accept ${description}`, () => {
      assert.deepEqual(violatedRules(objects), []);
    });
  }

  test('a loopback ZOHO_REDIRECT_URL (kubectl port-forward) needs no Ingress', () => {
    const dev = renderKustomization(resolve(repositoryRoot, 'k8s/overlays/dev')).map((object) =>
      object.kind === 'ConfigMap' && object.metadata.name === 'auth-connector'
        ? { ...object, data: { ...(object['data'] as object), ZOHO_REDIRECT_URL: 'http://127.0.0.1:4001/oauth/zoho/callback' } }
        : object,
    );
    assert.deepEqual(checkDeploymentRules(dev, rulesFor('k8s/overlays/dev')), []);
  });
});
