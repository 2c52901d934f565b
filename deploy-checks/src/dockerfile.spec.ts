import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDockerfile, contextSources, parseDockerfile, parseDockerignore } from './dockerfile-checks';
import { parseYamlDocuments } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');
const dockerfile = readFileSync(join(repositoryRoot, 'docker/Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(repositoryRoot, '.dockerignore'), 'utf8');

describe('docker/Dockerfile', () => {
  test('every path it COPYs from the build context exists and is not dockerignored; non-root; tini', () => {
    assert.deepEqual(checkDockerfile(dockerfile, repositoryRoot, dockerignore), []);
  });

  test('copies package manifests, configuration and sources from the context, the rest between stages', () => {
    const sources = parseDockerfile(dockerfile).flatMap(contextSources);
    assert.deepEqual(
      sources.sort(),
      [
        'apps',
        'libs',
        'nx.json',
        'package-lock.json',
        'package-lock.json',
        'package.json',
        'package.json',
        'scripts',
        'tsconfig.base.json',
        'tsconfig.json',
      ].sort(),
    );
  });

  test('every app compose builds has an Nx build target that emits runnable JavaScript (what the Dockerfile runs)', () => {
    const composeFile = parseYamlDocuments(readFileSync(join(repositoryRoot, 'docker/compose.yaml'), 'utf8'), 'compose.yaml')[0] as {
      services: Record<string, { build?: { args?: { APP?: string } } }>;
    };
    const built = new Set(
      Object.values(composeFile.services).flatMap((service) => (service.build?.args?.APP ? [service.build.args.APP] : [])),
    );
    assert.deepEqual([...built].sort(), [
      'auth-connector',
      'conflict-resolver',
      'gateway',
      'mapping-config',
      'sync-engine',
      'zoho-sandbox',
    ]);
    for (const app of built) {
      const project = JSON.parse(readFileSync(join(repositoryRoot, 'apps', app, 'project.json'), 'utf8')) as {
        targets: { build: { options: { commands?: string[] } } };
      };
      assert.ok(
        project.targets.build.options.commands?.includes(`node -r @swc-node/register scripts/build-app.ts ${app}`),
        `apps/${app}/project.json build target does not run scripts/build-app.ts ${app}`,
      );
    }
  });

  test('fails on a missing path, an ignored path, a root user and no tini', () => {
    const broken = [
      'FROM node:22 AS build',
      'COPY package.json does-not-exist.json ./',
      'COPY docs ./docs',
      'FROM node:22',
      'COPY --from=build /repo/dist ./',
      'USER root',
      'ENTRYPOINT ["node", "main.js"]',
    ].join('\n');
    const messages = checkDockerfile(broken, repositoryRoot, dockerignore).map((violation) => `${violation.line}: ${violation.message}`);
    assert.deepEqual(messages, [
      '2: COPY does-not-exist.json: does not exist in the build context',
      '3: COPY docs: excluded by .dockerignore',
      '6: the final stage must end with USER <non-zero uid>[:gid] (numeric, so runAsNonRoot can verify it)',
      '7: the final stage must start the app under tini (signals and zombie reaping)',
    ]);
  });

  test('joins continuation lines, reads JSON-form COPY and skips --from copies', () => {
    const instructions = parseDockerfile('RUN a \\\n  # comment inside\n  && b\nCOPY ["a b", "c"]\nCOPY --chown=1:1 --from=x /y /z\n');
    assert.equal(instructions[0]?.arguments, 'a && b');
    assert.deepEqual(contextSources(instructions[1]!), ['a b']);
    assert.deepEqual(contextSources(instructions[2]!), []);
  });

  test('.dockerignore matching: directories, any-depth patterns, wildcards; negation refused', () => {
    const ignored = parseDockerignore('dist\n**/node_modules\n*.log\ndocker/env/*.env\n');
    assert.ok(ignored('dist/apps/x.js'));
    assert.ok(ignored('libs/a/node_modules/b'));
    assert.ok(ignored('npm-debug.log'));
    assert.ok(ignored('docker/env/common.env'));
    assert.ok(!ignored('docker/env/common.env.example'));
    assert.ok(!ignored('distribution'));
    assert.throws(() => parseDockerignore('!keep'), /negated pattern !keep is not supported/);
  });
});
