import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface SubgraphSource {
  /** The subgraph's name in the supergraph, e.g. `sync-engine`. */
  readonly name: string;
  /** Where the gateway reaches it by default; overridable at run time (gateway config). */
  readonly url: string;
  /** The subgraph's committed SDL (`apps/<service>/schema.graphql`). */
  readonly sdl: string;
}

/**
 * Composes subgraph SDLs into the supergraph the gateway serves, at build time only: composing
 * at run time could fail at startup or differ between instances during a rollout.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })));
  if (compositionHasErrors(result)) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}
