import 'reflect-metadata';
import { Module, type DynamicModule, type ForwardReference, type ModuleMetadata, type Type } from '@nestjs/common';
import type { EntitySchema, MixedList } from 'typeorm';
import type { z } from '@crm-bridge/config';
import type { ReferenceResolver, ServiceLocator } from '@crm-bridge/subgraph';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql and TypeORM take class constructors
type ClassType = Function;

/** What a feature contributes to its service besides Nest providers. */
export interface SubgraphFeatureMetadata {
  /** type-graphql resolver classes; they also become providers of the feature's Nest module. */
  readonly resolvers?: readonly ClassType[];
  /** `__resolveReference` per federation entity the feature owns, built from the service's providers. */
  readonly referenceResolvers?: (services: ServiceLocator) => Record<string, ReferenceResolver>;
  /** Types the schema must contain although no query reaches them (e.g. entity stubs owned elsewhere). */
  readonly orphanedTypes?: readonly ClassType[];
  /** The TypeORM entities of the feature's tables (migrations stay per service). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  /** Configuration variables the feature reads, validated at boot with the service's own. */
  readonly config?: z.ZodRawShape;
}

export type SubgraphFeatureOptions = ModuleMetadata & SubgraphFeatureMetadata;

const FEATURE_METADATA = Symbol('crm-bridge:subgraph-feature');

/**
 * A Nest module that is also a feature of a subgraph service: it declares, in one place, its
 * providers, its GraphQL resolvers and reference resolvers, its entities and the configuration it
 * reads. A service definition lists its features; the runtime collects the rest from them
 * (including from features they import), so adding a feature is one line in the definition.
 *
 * @example
 *   @SubgraphFeature({
 *     imports: [IntegrationModule],
 *     providers: [MappingVersionRepository, MappingVersionService],
 *     resolvers: [MappingVersionResolver],
 *     referenceResolvers: (services) => ({ MappingVersion: mappingVersionReferenceResolver(services.get(MappingVersionService)) }),
 *     entities: [MappingVersionEntity],
 *   })
 *   export class MappingVersionModule {}
 */
export function SubgraphFeature(options: SubgraphFeatureOptions): ClassDecorator {
  const { resolvers = [], referenceResolvers, orphanedTypes, entities, config, ...moduleMetadata } = options;
  return (target) => {
    const metadata: SubgraphFeatureMetadata = { resolvers, referenceResolvers, orphanedTypes, entities, config };
    Reflect.defineMetadata(FEATURE_METADATA, metadata, target);
    Module({ ...moduleMetadata, providers: [...(moduleMetadata.providers ?? []), ...(resolvers as Type[])] })(target);
  };
}

type ImportedModule = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * Every feature reachable from `roots` through Nest `imports`, each once, in a stable order
 * (depth first, a module before the modules it imports).
 */
export function collectFeatures(roots: readonly Type[]): SubgraphFeatureMetadata[] {
  const seen = new Set<Type>();
  const features: SubgraphFeatureMetadata[] = [];
  const visit = (module: Type) => {
    if (seen.has(module)) {
      return;
    }
    seen.add(module);
    const metadata = Reflect.getMetadata(FEATURE_METADATA, module) as SubgraphFeatureMetadata | undefined;
    if (metadata) {
      features.push(metadata);
    }
    const imports = (Reflect.getMetadata('imports', module) as ImportedModule[] | undefined) ?? [];
    for (const imported of imports) {
      const importedModule = moduleClassOf(imported);
      if (importedModule) {
        visit(importedModule);
      }
    }
  };
  roots.forEach(visit);
  return features;
}

function moduleClassOf(imported: ImportedModule): Type | undefined {
  if (typeof imported === 'function') {
    return imported;
  }
  if (imported instanceof Promise) {
    return undefined;
  }
  if ('forwardRef' in imported) {
    return moduleClassOf((imported.forwardRef as () => ImportedModule)());
  }
  return imported.module;
}
