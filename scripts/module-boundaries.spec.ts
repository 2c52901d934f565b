import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = resolve(__dirname, '..');

/**
 * Lints `code` as if it were the file at `path` (nothing is written) and returns the messages of
 * the two rules that enforce module boundaries.
 */
async function boundaryMessages(eslint: ESLint, path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  const messages: Linter.LintMessage[] = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal === true);
  assert.equal(fatal, undefined, `ESLint could not lint ${path}: ${fatal?.message}`);
  return messages
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries' || message.ruleId === 'no-restricted-imports')
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('module boundaries (eslint.config.mjs)', () => {
  let eslint: ESLint;
  before(async () => {
    // @nx/enforce-module-boundaries skips itself without a computed project graph (as on a fresh
    // clone), and a test that skips cannot fail: compute it first, as npm test does.
    await createProjectGraphAsync({ exitOnError: false });
    // The probes exist only as text, and TypeScript's project service lints only files on disk:
    // type-aware linting is switched off, which the two boundary rules do not need.
    eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  });

  test('a type:domain library may not import I/O: an npm package or a Node built-in', async () => {
    assert.deepEqual(
      await boundaryMessages(eslint, 'libs/backoff/src/boundary-probe.ts', "import { Pool } from 'pg';\nexport const probe = Pool;\n"),
      ['@nx/enforce-module-boundaries: A project tagged with "type:domain" is not allowed to import "pg"'],
    );
    // The Nx rule sees no project behind a Node built-in; no-restricted-imports bans those.
    assert.deepEqual(
      await boundaryMessages(
        eslint,
        'libs/backoff/src/boundary-probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
      ),
      ["no-restricted-imports: 'node:fs' import is restricted from being used. a type:domain library is pure: it may not do I/O."],
    );
    assert.deepEqual(
      await boundaryMessages(
        eslint,
        'libs/backoff/src/boundary-probe.spec.ts',
        "import { createServer } from 'http';\nexport const probe = createServer;\n",
      ),
      ["no-restricted-imports: 'http' import is restricted from being used. a type:domain library is pure: it may not do I/O."],
      'its tests too',
    );
  });

  test('a type:domain library may depend only on type:domain libraries', async () => {
    assert.deepEqual(
      await boundaryMessages(
        eslint,
        'libs/backoff/src/boundary-probe.ts',
        "import { EventPublisher } from '@crm-bridge/kafka';\nexport const probe = EventPublisher;\n",
      ),
      ['@nx/enforce-module-boundaries: A project tagged with "type:domain" can only depend on libs tagged with "type:domain"'],
    );
  });

  test('production code of an app may not import the testing library or the development broker; its tests may', async () => {
    const testing = "import { eventually } from '@crm-bridge/testing';\nexport const probe = eventually;\n";
    const broker = "import { KafkaDevBroker } from '@crm-bridge/kafka-dev-broker';\nexport const probe = KafkaDevBroker;\n";
    for (const code of [testing, broker]) {
      const [message] = await boundaryMessages(eslint, 'apps/gateway/src/boundary-probe.ts', code);
      assert.match(
        message ?? '',
        /^@nx\/enforce-module-boundaries: A project tagged with "type:app" can only depend on libs tagged with "type:lib", "type:domain"$/,
      );
      assert.deepEqual(await boundaryMessages(eslint, 'apps/gateway/src/boundary-probe.int-spec.ts', code), []);
    }
  });
});
