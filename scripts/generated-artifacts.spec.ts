import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderGraphqlArtifacts } from './generated-artifacts';

test('committed subgraph schemas and supergraph match the code (npm run schema:print)', async () => {
  for (const artifact of await renderGraphqlArtifacts()) {
    const name = relative(process.cwd(), artifact.path);
    assert.ok(existsSync(artifact.path), `${name} is missing: run npm run schema:print`);
    assert.equal(readFileSync(artifact.path, 'utf8'), artifact.content, `${name} is stale: run npm run schema:print`);
  }
});
