import { parse, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type ContainerType, type NonEmptyArray, type PubSub } from 'type-graphql';
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

/**
 * type-graphql requires a PubSub as soon as a schema has a subscription, even when no subscription
 * uses its topics. Ours bring their own source (`@Subscription({ subscribe })`): a topic stream
 * cannot replay what a reconnecting subscriber missed. So topic subscriptions are refused here.
 */
const SUBSCRIPTIONS_BRING_THEIR_OWN_SOURCE: PubSub = {
  publish: () => {
    throw new Error('subgraph subscriptions declare their own subscribe(); there is no shared PubSub to publish to');
  },
  subscribe: () => {
    throw new Error('subgraph subscriptions declare their own subscribe(); topic subscriptions are not supported');
  },
};

/** Each running subgraph schema's providers, for {@link subscriptionService}. */
const servicesOfSchema = new WeakMap<GraphQLSchema, ServiceLocator>();

/**
 * A provider of the service whose schema runs this subscription. type-graphql's
 * `@Subscription({ subscribe })` function is shared by every schema built in the process (several
 * service instances in one test process, too) and runs without a resolver instance, so it finds its
 * service through the executing schema.
 *
 * @example
 *   @Subscription(() => DealUpdate, {
 *     subscribe: ({ args, context, info }) => subscriptionService(info, DealUpdatesService).subscribe(context.caller, args),
 *   })
 */
export function subscriptionService<T>(info: GraphQLResolveInfo, type: abstract new (...args: never[]) => T): T {
  const services = servicesOfSchema.get(info.schema);
  if (!services) {
    throw new Error('this schema was built without services (buildFederatedSubgraph for printing only) and cannot run subscriptions');
  }
  return services.get(type);
}

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
    pubSub: SUBSCRIPTIONS_BRING_THEIR_OWN_SOURCE,
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema).trim()}\n`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<SubgraphContext>;
  const referenceResolvers = services && definition.referenceResolvers ? definition.referenceResolvers(services) : {};
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
  if (services) {
    servicesOfSchema.set(schema, services);
  }
  return { schema, sdl };
}
