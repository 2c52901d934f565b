import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type ContainerType, type NonEmptyArray } from 'type-graphql';
import type { SubgraphContext } from './subgraph-context';

/**
 * Federation 2 is opted into by this `@link`; without it a subgraph is read as Federation 1.
 * Only the directives the services use are imported.
 */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql takes class constructors
type ClassType = Function;

/** How `_entities` finds one entity from its key fields, batched through the request's loaders. */
export type ReferenceResolver = (reference: Record<string, unknown>, context: SubgraphContext) => unknown;

/** Resolves the service's providers (Nest's DI container in a running service). */
export interface ServiceLocator {
  get<T>(type: abstract new (...args: never[]) => T): T;
}

export interface SubgraphDefinition {
  readonly name: string;
  readonly resolvers: NonEmptyArray<ClassType>;
  /** Types no query reaches (e.g. entity stubs owned elsewhere) but the schema must contain. */
  readonly orphanedTypes?: ClassType[];
  /**
   * `__resolveReference` per entity type this subgraph owns (type-graphql has no decorator for
   * it), built from the service's providers.
   */
  readonly referenceResolvers?: (services: ServiceLocator) => Record<string, ReferenceResolver>;
}

export interface FederatedSubgraph {
  readonly schema: GraphQLSchema;
  /** The subgraph SDL with federation directives: what is committed as `schema.graphql`. */
  readonly sdl: string;
}

/**
 * Builds a Federation 2 subgraph from type-graphql resolvers: type-graphql builds the schema
 * (resolvers resolved through `services`, e.g. Nest's DI), it is printed *with* directives
 * (graphql's printSchema drops `@key`), and `@apollo/subgraph` adds `_service` and `_entities`.
 * Without `services` the schema is only fit for printing its SDL.
 */
export async function buildFederatedSubgraph(definition: SubgraphDefinition, services?: ServiceLocator): Promise<FederatedSubgraph> {
  const container: ContainerType | undefined = services ? { get: (type) => services.get<unknown>(type as never) } : undefined;
  const typeGraphqlSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes ?? [],
    ...(container ? { container } : {}),
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema).trim()}\n`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<SubgraphContext>;
  const referenceResolvers = services && definition.referenceResolvers ? definition.referenceResolvers(services) : {};
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
  return { schema, sdl };
}
