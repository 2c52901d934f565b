// Regenerates the committed GraphQL artefacts: every subgraph's schema.graphql and the supergraph.
//   npm run schema:print            write them
//   npm run schema:print -- --check fail (exit 1) when any committed file is stale
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseCommandLine } from '@crm-bridge/command-line';
import { renderGraphqlArtifacts } from './generated-artifacts';

async function main(): Promise<void> {
  const check = parseCommandLine(process.argv.slice(2), { check: { type: 'boolean', default: false } }).values.check;
  let stale = 0;
  for (const artifact of await renderGraphqlArtifacts()) {
    const current = existsSync(artifact.path) ? readFileSync(artifact.path, 'utf8') : null;
    const name = relative(process.cwd(), artifact.path);
    if (current === artifact.content) {
      continue;
    }
    if (check) {
      stale += 1;
      console.error(`stale: ${name} (run npm run schema:print)`);
    } else {
      writeFileSync(artifact.path, artifact.content);
      console.log(`wrote ${name}`);
    }
  }
  if (stale > 0) {
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
