import { join } from 'node:path';
import { buildFederatedSubgraph } from '@crm-bridge/subgraph';
import { subgraphOf } from '@crm-bridge/service-runtime';
import { composeSupergraph } from '../apps/gateway/src/supergraph/compose-supergraph';
import { subgraphServices } from './service-definitions';

/** A file the build generates and the repository commits, with the content it should have. */
export interface GeneratedArtifact {
  readonly path: string;
  readonly content: string;
}

const root = join(__dirname, '..');

/**
 * Every generated GraphQL artefact: each subgraph's printed `schema.graphql` and the supergraph
 * composed from them (`apps/gateway/supergraph.graphql`).
 */
export async function renderGraphqlArtifacts(): Promise<GeneratedArtifact[]> {
  const subgraphs = [];
  for (const [name, service] of Object.entries(subgraphServices)) {
    const { sdl } = await buildFederatedSubgraph(subgraphOf(service));
    subgraphs.push({ name, url: `http://127.0.0.1:${service.defaultPort}/graphql`, sdl });
  }
  return [
    ...subgraphs.map((subgraph) => ({ path: join(root, 'apps', subgraph.name, 'schema.graphql'), content: subgraph.sdl })),
    { path: join(root, 'apps', 'gateway', 'supergraph.graphql'), content: composeSupergraph(subgraphs) },
  ];
}
