import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Injectable } from '@nestjs/common';
import { Query, Resolver } from 'type-graphql';
import { ConfigValidationError, loadConfig, z } from '@crm-bridge/config';
import { SubgraphFeature } from './subgraph-feature';
import { configSchemaOf, databaseOf, subgraphOf, type SubgraphServiceDefinition } from './subgraph-service.definition';

class FirstEntity {}
class SharedEntity {}

@Resolver()
@Injectable()
class FirstResolver {
  @Query(() => String)
  first(): string {
    return 'first';
  }
}

@Resolver()
@Injectable()
class SecondResolver {
  @Query(() => String)
  second(): string {
    return 'second';
  }
}

@SubgraphFeature({
  entities: [SharedEntity],
  config: { FEATURE_BATCH_SIZE: z.coerce.number({ invalid_type_error: 'must be a number' }).int().min(1, 'must be at least 1') },
  referenceResolvers: () => ({ Shared: () => null }),
})
class SharedFeature {}

@SubgraphFeature({ imports: [SharedFeature], resolvers: [FirstResolver], entities: [FirstEntity] })
class FirstFeature {}

@SubgraphFeature({ imports: [SharedFeature], resolvers: [SecondResolver] })
class SecondFeature {}

const definition: SubgraphServiceDefinition = {
  serviceName: 'definition-test',
  defaultPort: 4999,
  config: { SERVICE_GREETING: z.string({ required_error: 'is required' }).min(2, 'must be at least 2 characters') },
  database: { schema: 'definition_test', migrations: [] },
  features: [FirstFeature, SecondFeature],
};

const base = { INTERNAL_SIGNING_SECRET: 'x'.repeat(32) };

test("the service's own variables and those of every feature it reaches are validated with the base ones", () => {
  const config = loadConfig('definition-test', configSchemaOf(definition), { ...base, SERVICE_GREETING: 'hi', FEATURE_BATCH_SIZE: '50' });
  assert.equal(config.PORT, 4999);
  assert.equal((config as Record<string, unknown>)['SERVICE_GREETING'], 'hi');
  assert.equal((config as Record<string, unknown>)['FEATURE_BATCH_SIZE'], 50);
  assert.throws(
    () => loadConfig('definition-test', configSchemaOf(definition), { ...base, SERVICE_GREETING: 'h', FEATURE_BATCH_SIZE: 'many' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.deepEqual(Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason])), {
        SERVICE_GREETING: 'must be at least 2 characters',
        FEATURE_BATCH_SIZE: 'must be a number',
      });
      return true;
    },
  );
  assert.throws(() => loadConfig('definition-test', configSchemaOf(definition), base), /SERVICE_GREETING: is required but not set/);
});

test('entities, resolvers and reference resolvers are collected from the features, an imported feature once', () => {
  assert.deepEqual(databaseOf(definition), { schema: 'definition_test', entities: [FirstEntity, SharedEntity], migrations: [] });
  const subgraph = subgraphOf(definition);
  assert.equal(subgraph.name, 'definition-test');
  assert.deepEqual(subgraph.resolvers, [FirstResolver, SecondResolver]);
  assert.deepEqual(Object.keys(subgraph.referenceResolvers?.({ get: () => assert.fail('not needed') }) ?? {}), ['Shared']);
});

test('two features resolving one entity, or a service without resolvers, are refused', () => {
  @SubgraphFeature({ resolvers: [SecondResolver], referenceResolvers: () => ({ Shared: () => null }) })
  class RivalFeature {}
  const rivals = subgraphOf({ ...definition, features: [FirstFeature, RivalFeature] });
  assert.throws(() => rivals.referenceResolvers?.({ get: () => assert.fail('not needed') }), /two features resolve references of Shared/);
  assert.throws(() => subgraphOf({ ...definition, features: [SharedFeature] }), /no feature declares a resolver/);
});
