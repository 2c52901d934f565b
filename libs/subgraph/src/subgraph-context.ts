import type { CallerContext } from '@crm-bridge/caller-context';
import type { DataLoaderRegistry } from './data-loader-registry';

/** The GraphQL context of every subgraph request, built after the caller context verified. */
export interface SubgraphContext {
  readonly caller: CallerContext;
  readonly loaders: DataLoaderRegistry;
  readonly correlationId: string;
}
