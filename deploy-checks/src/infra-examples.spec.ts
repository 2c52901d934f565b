import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asKubernetesObject, parseYamlDocuments } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');

// The operator resources in k8s/infra have no offline schema (see README); at least every file
// must parse and hold well-formed objects of the operators' API groups, named as the base expects.
test('k8s/infra examples parse into Strimzi and CloudNativePG objects the base manifests point at', () => {
  const objects = ['kafka', 'postgres'].flatMap((folder) =>
    readdirSync(join(repositoryRoot, 'k8s/infra', folder))
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => {
        const path = join('k8s/infra', folder, file);
        return parseYamlDocuments(readFileSync(join(repositoryRoot, path), 'utf8'), path).map((document, index) =>
          asKubernetesObject(document, `${path} (document ${index + 1})`),
        );
      }),
  );
  for (const object of objects) {
    assert.match(object.apiVersion, /^(kafka\.strimzi\.io|postgresql\.cnpg\.io)\/v1(beta2)?$/, object.metadata.name);
  }
  // services-to-kafka allows strimzi.io/cluster: crm-bridge; the ConfigMaps use crm-bridge-kafka-bootstrap.
  assert.ok(objects.some((object) => object.kind === 'Kafka' && object.metadata.name === 'crm-bridge'));
  // services-to-postgres allows cnpg.io/cluster: crm-bridge-postgres.
  assert.ok(objects.some((object) => object.kind === 'Cluster' && object.metadata.name === 'crm-bridge-postgres'));
});

test('a document without a name is refused, naming the file and field', () => {
  assert.throws(
    () => asKubernetesObject(parseYamlDocuments('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'x.yaml')[0], 'x.yaml (document 1)'),
    /x.yaml \(document 1\): metadata.name is required \(ConfigMap\)/,
  );
  assert.throws(() => parseYamlDocuments('a: [1, 2\n', 'broken.yaml'), /broken.yaml: document 1 is not valid YAML/);
});
