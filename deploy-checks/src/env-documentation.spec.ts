import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kafkaConfigSchema } from '@crm-bridge/kafka';
import { tracingVariables } from '@crm-bridge/observability';
import { subgraphServiceConfigSchema } from '@crm-bridge/service-runtime';
import { declaredVariables, documentedValues, documentedVariables, undocumentedVariables } from './env-documentation';
import { renderKustomization } from './kustomize-renderer';
import { isRecord } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');
const gatewaySource = readFileSync(join(repositoryRoot, 'apps/gateway/src/gateway.config.ts'), 'utf8');
/**
 * A service's own variables (its definition's `config` and its features'), from every `*.config.ts`
 * under its `src/`: a feature declares its variables in such a file, so a new one is checked too.
 */
function ownVariablesOf(service: string): string[] {
  const source = join(repositoryRoot, 'apps', service, 'src');
  return readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.config.ts'))
    .flatMap((path) => declaredVariables(readFileSync(join(source, path), 'utf8')));
}
const authConnectorVariables = ownVariablesOf('auth-connector');
const mappingConfigVariables = ownVariablesOf('mapping-config');
const syncEngineVariables = ownVariablesOf('sync-engine');
/** Every variable some CRM Bridge config schema reads (services, gateway, the Kafka client). */
const knownVariables = new Set([
  ...Object.keys(subgraphServiceConfigSchema(4000).shape),
  ...declaredVariables(gatewaySource),
  ...Object.keys(tracingVariables),
  ...Object.keys(kafkaConfigSchema.shape),
  ...authConnectorVariables,
  ...mappingConfigVariables,
  ...syncEngineVariables,
]);
const example = (name: string) => readFileSync(join(repositoryRoot, 'docker/env', `${name}.env.example`), 'utf8');

test('every variable a subgraph service reads is documented in its compose env examples', () => {
  const variables = Object.keys(subgraphServiceConfigSchema(4000).shape);
  for (const service of ['auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver']) {
    assert.deepEqual(undocumentedVariables(variables, [example('common'), example(service)]), [], service);
  }
});

test("every variable of auth-connector's own configuration is documented in its compose env example", () => {
  assert.ok(authConnectorVariables.includes('TOKEN_ENCRYPTION_KEYS') && authConnectorVariables.includes('ZOHO_REDIRECT_URL'));
  assert.deepEqual(undocumentedVariables(authConnectorVariables, [example('auth-connector')]), []);
});

test("every variable of mapping-config's own configuration is documented in its compose env example", () => {
  assert.ok(mappingConfigVariables.includes('AUTH_CONNECTOR_URL') && mappingConfigVariables.includes('ZOHO_METADATA_TTL_SECONDS'));
  assert.deepEqual(undocumentedVariables(mappingConfigVariables, [example('common'), example('mapping-config')]), []);
});

test("every variable of sync-engine's own configuration is documented in its compose env example", () => {
  assert.ok(syncEngineVariables.includes('AUTH_CONNECTOR_URL') && syncEngineVariables.includes('SYNC_LEASE_SECONDS'));
  assert.deepEqual(undocumentedVariables(syncEngineVariables, [example('common'), example('sync-engine')]), []);
});

test('every variable the gateway reads is documented in its compose env examples', () => {
  const variables = [
    ...declaredVariables(gatewaySource),
    ...(gatewaySource.includes('...tracingVariables') ? Object.keys(tracingVariables) : []),
  ];
  assert.ok(variables.includes('JWT_HS256_SECRET') && variables.includes('SYNC_ENGINE_URL'), 'the gateway variables were found');
  assert.deepEqual(undocumentedVariables(variables, [example('common'), example('gateway')]), []);
});

test('every variable the manifests and env examples set is one a service reads (no silently ignored typos)', () => {
  const imageVariables = new Set(['NODE_ENV', 'NODE_OPTIONS', 'HEALTHCHECK_PATH']);
  for (const overlay of ['k8s/overlays/dev', 'k8s/overlays/prod']) {
    for (const object of renderKustomization(join(repositoryRoot, overlay))) {
      if (object.kind === 'ConfigMap' && isRecord(object['data'])) {
        for (const key of Object.keys(object['data'])) {
          assert.ok(knownVariables.has(key), `${overlay}: ConfigMap ${object.metadata.name} sets ${key}, which no service reads`);
        }
      }
    }
  }
  for (const name of ['common', 'gateway', 'auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver']) {
    for (const variable of documentedVariables(example(name))) {
      assert.ok(
        knownVariables.has(variable) || imageVariables.has(variable),
        `docker/env/${name}.env.example documents ${variable}, which no service reads`,
      );
    }
  }
});

test('an undocumented variable is reported; set and commented-out ones count as documented', () => {
  assert.deepEqual([...documentedVariables('# A comment\nPORT=1\n# OTEL_SERVICE_NAME=\n')], ['PORT', 'OTEL_SERVICE_NAME']);
  assert.deepEqual(undocumentedVariables(['PORT', 'NEW_SETTING'], ['PORT=4000\n']), ['NEW_SETTING']);
  assert.deepEqual(declaredVariables('z.object({\n    HOST: z.string(),\n    PORT: portVariable(1),\n  })'), ['HOST', 'PORT']);
});

test('documented values: a set line wins over a commented-out suggestion', () => {
  const values = documentedValues('PORT=4001\n# PORT=9\n# ZOHO_REDIRECT_URL=http://127.0.0.1:4001/cb\n# just prose = words\n');
  assert.deepEqual(Object.fromEntries(values), { PORT: '4001', ZOHO_REDIRECT_URL: 'http://127.0.0.1:4001/cb' });
});
