import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import {
  KustomizeError,
  parseImageReference,
  renderKustomization,
  UnsupportedKustomizeFeatureError,
  type KustomizeFileSystem,
} from './kustomize-renderer';

/** Files held in memory, keyed by absolute path, so renderer tests touch no disk. */
function memoryFileSystem(files: Record<string, string>): KustomizeFileSystem {
  const directories = new Set(
    Object.keys(files).flatMap((path) => {
      const parents: string[] = [];
      for (let parent = posix.dirname(path); parent !== '/'; parent = posix.dirname(parent)) {
        parents.push(parent);
      }
      return parents;
    }),
  );
  return {
    readText: (path) => {
      const text = files[path];
      if (text === undefined) {
        throw new Error(`no file ${path}`);
      }
      return text;
    },
    isDirectory: (path) => directories.has(path),
    exists: (path) => path in files || directories.has(path),
  };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      initContainers:
        - { name: migrate, image: "crm-bridge/api:dev" }
      containers:
        - { name: api, image: "crm-bridge/api:dev", resources: { requests: { cpu: 100m } } }
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports: [{ port: 80 }]
`;

const BASE = {
  '/k/base/kustomization.yaml': 'resources:\n  - api.yaml\n',
  '/k/base/api.yaml': DEPLOYMENT,
};

function render(overlay: string, extra: Record<string, string> = {}) {
  return renderKustomization('/k/overlay', memoryFileSystem({ ...BASE, '/k/overlay/kustomization.yaml': overlay, ...extra }));
}

describe('kustomize renderer', () => {
  test('renders nested resources, then patches, namespace and images in kustomize order', () => {
    const objects = render(
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: team
resources: [../base, extra.yaml]
images:
  - { name: crm-bridge/api, newName: registry.example.com/api, newTag: "1.2.3" }
patches:
  - target: { kind: Deployment, name: api }
    patch: |-
      - { op: replace, path: /spec/template/spec/containers/0/resources/requests/cpu, value: 500m }
      - { op: add, path: /spec/template/spec/containers/-, value: { name: sidecar, image: "busybox:1.36" } }
  - target: { kind: Service }
    path: service-patch.yaml
`,
      {
        '/k/overlay/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { A: "1" }\n',
        '/k/overlay/service-patch.yaml': '- { op: replace, path: /spec/ports/0/port, value: 8080 }\n',
      },
    );
    assert.deepEqual(
      objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`),
      ['Deployment/team/api', 'Service/team/api', 'ConfigMap/team/settings'],
    );
    const podSpec = (
      objects[0] as unknown as {
        spec: { template: { spec: { containers: { image: string; resources?: unknown }[]; initContainers: { image: string }[] } } };
      }
    ).spec.template.spec;
    assert.equal(podSpec.containers[0]?.image, 'registry.example.com/api:1.2.3');
    assert.deepEqual(podSpec.containers[0]?.resources, { requests: { cpu: '500m' } });
    assert.equal(podSpec.containers[1]?.image, 'busybox:1.36', 'images only rewrites the named image');
    assert.equal(podSpec.initContainers[0]?.image, 'registry.example.com/api:1.2.3', 'init containers get the image too');
    assert.deepEqual((objects[1] as unknown as { spec: { ports: unknown[] } }).spec.ports, [{ port: 8080 }]);
  });

  test('applies move and copy patches', () => {
    const [deployment, service] = render(
      `resources: [../base]
patches:
  - target: { kind: Deployment }
    patch: |-
      - { op: copy, from: /spec/template/spec/containers/0/resources, path: /spec/template/spec/initContainers/0/resources }
  - target: { kind: Service }
    patch: |-
      - { op: move, from: /spec/ports, path: /spec/exposed }
`,
    );
    const podSpec = (deployment as unknown as { spec: { template: { spec: { initContainers: { resources?: unknown }[] } } } }).spec.template
      .spec;
    assert.deepEqual(podSpec.initContainers[0]?.resources, { requests: { cpu: '100m' } });
    assert.deepEqual((service as unknown as { spec: unknown }).spec, { exposed: [{ port: 80 }] });
  });

  test('renders a networking.k8s.io/v1 Ingress: namespaced, patchable by group and version', () => {
    const objects = render(
      `namespace: team
resources: [../base, ingress.yaml]
patches:
  - target: { group: networking.k8s.io, version: v1, kind: Ingress, name: public }
    patch: |-
      - { op: replace, path: /spec/rules/0/host, value: api.team.example }
`,
      {
        '/k/overlay/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: public }
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - { path: /graphql, pathType: Exact, backend: { service: { name: api, port: { number: 80 } } } }
`,
      },
    );
    const ingress = objects.find((object) => object.kind === 'Ingress') as unknown as {
      metadata: { namespace: string };
      spec: { rules: { host: string }[] };
    };
    assert.equal(ingress.metadata.namespace, 'team');
    assert.equal(ingress.spec.rules[0]?.host, 'api.team.example');
  });

  test('an image digest replaces the tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const [deployment] = render(`resources: [../base]\nimages:\n  - { name: crm-bridge/api, digest: "${digest}" }\n`);
    assert.match(JSON.stringify(deployment), new RegExp(`"crm-bridge/api@${digest}"`));
  });

  for (const [feature, overlay] of [
    ['configMapGenerator', 'resources: [../base]\nconfigMapGenerator:\n  - { name: x, literals: [A=1] }\n'],
    ['commonLabels', 'resources: [../base]\ncommonLabels: { team: a }\n'],
    ['patchesStrategicMerge', 'resources: [../base]\npatchesStrategicMerge: [p.yaml]\n'],
    ['components', 'resources: [../base]\ncomponents: [../c]\n'],
    ['labelSelector', 'resources: [../base]\npatches:\n  - target: { labelSelector: "app=api" }\n    patch: "[]"\n'],
    ['regular expression', 'resources: [../base]\npatches:\n  - target: { kind: Deployment, name: "api.*" }\n    patch: "[]"\n'],
    ['remote resource', 'resources: [../base, "https://github.com/org/repo//k8s?ref=main"]\n'],
  ] as const) {
    test(`refuses the unsupported feature: ${feature}`, () => {
      assert.throws(() => render(overlay), UnsupportedKustomizeFeatureError);
    });
  }

  test('refuses a strategic-merge patch instead of applying it wrongly', () => {
    assert.throws(
      () => render('resources: [../base]\npatches:\n  - target: { kind: Deployment }\n    patch: |-\n      spec: { replicas: 3 }\n'),
      /strategic-merge patches are not implemented/,
    );
  });

  test('fails on a patch that matches nothing, a missing path, a duplicate object or an unknown field', () => {
    assert.throws(
      () => render('resources: [../base]\npatches:\n  - target: { kind: Deployment, name: apy }\n    patch: "[]"\n'),
      /patches\[0\]: target .* matches no object/,
    );
    assert.throws(
      () =>
        render(
          'resources: [../base]\npatches:\n  - target: { kind: Service }\n    patch: "[{ op: replace, path: /spec/type, value: NodePort }]"\n',
        ),
      (error: unknown) => error instanceof KustomizeError && /Service\/api: \/spec\/type: no member "type" to replace/.test(error.message),
    );
    assert.throws(() => render('resources: [../base, ../base/api.yaml]\n'), /Deployment\/api is defined twice/);
    assert.throws(() => render('resources: [../base]\nnamespaces: team\n'), /unknown field "namespaces"/);
    assert.throws(() => render('resources: [../missing]\n'), /resource \.\.\/missing does not exist/);
    assert.throws(() => render('resources: [../base]\nnamespace: Team_A\n'), /namespace: must be a DNS-1123 label/);
  });

  test('splits image references into name, tag and digest, registry ports included', () => {
    assert.deepEqual(parseImageReference('registry:5000/team/app:1.2'), {
      name: 'registry:5000/team/app',
      tag: '1.2',
      digest: undefined,
      suffix: ':1.2',
    });
    assert.equal(parseImageReference('app').tag, undefined);
    assert.equal(parseImageReference('app@sha256:ab').digest, 'sha256:ab');
  });
});
