import type { Type } from '@nestjs/common';
import type { EntitySchema, MixedList } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { z } from '@crm-bridge/config';
import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import type { ReferenceResolver, SubgraphDefinition } from '@crm-bridge/subgraph';
import { collectFeatures } from './subgraph-feature';
import { subgraphServiceConfigSchema } from './subgraph-service.config';

/**
 * What a subgraph service is: its name and port, its own configuration variables, its database
 * schema and migrations, and its features (Nest modules decorated with `@SubgraphFeature`). The
 * subgraph's resolvers, the database's entities and the configuration of features are collected
 * from the features, so a feature is registered by listing it here and nowhere else.
 *
 * @example
 *   export const mappingConfigService: SubgraphServiceDefinition = {
 *     serviceName: 'mapping-config',
 *     defaultPort: 4002,
 *     database: { schema: 'mapping_config', migrations: [CreateIntegrationsAndMappingVersions1795332816133] },
 *     features: [ServiceKafkaModule, IntegrationModule, MappingVersionModule],
 *   };
 */
export interface SubgraphServiceDefinition {
  readonly serviceName: string;
  readonly defaultPort: number;
  /**
   * The service's own configuration variables, added to the base ones
   * (`subgraphServiceConfigSchema`) and to those its features declare; validated at boot, and a bad
   * or missing one stops the service with a message naming it.
   */
  readonly config?: z.ZodRawShape;
  readonly database: {
    /** PostgreSQL schema owned by the service, e.g. `sync_engine`. */
    readonly schema: string;
    /** Generated migrations, oldest first (`npm run migration:generate`). */
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own migration list type
    readonly migrations: MixedList<Function | string>;
  };
  readonly features: readonly Type[];
}

/**
 * The base configuration with every variable the service and its features add. Typed as the base:
 * a feature or service reads its own variables through its own schema's type (e.g. `KafkaConfig`).
 */
export function configSchemaOf(definition: SubgraphServiceDefinition): ReturnType<typeof subgraphServiceConfigSchema> {
  const base = subgraphServiceConfigSchema(definition.defaultPort);
  const added: z.ZodRawShape = {};
  for (const variables of [...collectFeatures(definition.features).map((feature) => feature.config), definition.config]) {
    Object.assign(added, variables);
  }
  return base.extend(added) as unknown as typeof base;
}

/** The service's schema, its features' entities and its migrations. */
export function databaseOf(definition: SubgraphServiceDefinition): ServiceDatabaseDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  const entities: (Function | string | EntitySchema)[] = [];
  for (const feature of collectFeatures(definition.features)) {
    entities.push(...Object.values(feature.entities ?? {}));
  }
  return { schema: definition.database.schema, entities, migrations: definition.database.migrations };
}

/** The subgraph the features' resolvers make, named after the service. */
export function subgraphOf(definition: SubgraphServiceDefinition): SubgraphDefinition {
  const features = collectFeatures(definition.features);
  const resolvers = features.flatMap((feature) => [...(feature.resolvers ?? [])]);
  if (resolvers.length === 0) {
    throw new Error(`${definition.serviceName}: no feature declares a resolver, so there is no subgraph to serve`);
  }
  return {
    name: definition.serviceName,
    resolvers: resolvers as NonEmptyArray<(typeof resolvers)[number]>,
    orphanedTypes: features.flatMap((feature) => [...(feature.orphanedTypes ?? [])]),
    referenceResolvers: (services) => {
      const merged: Record<string, ReferenceResolver> = {};
      for (const feature of features) {
        for (const [typeName, resolver] of Object.entries(feature.referenceResolvers?.(services) ?? {})) {
          if (merged[typeName]) {
            throw new Error(`${definition.serviceName}: two features resolve references of ${typeName}`);
          }
          merged[typeName] = resolver;
        }
      }
      return merged;
    },
  };
}
