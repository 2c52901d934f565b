import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ConfigValidationError, loadConfig, portVariable, databaseUrlVariable, internalSigningSecretVariable } from './index';

const schema = z.object({
  PORT: portVariable(4001),
  DATABASE_URL: databaseUrlVariable,
  INTERNAL_SIGNING_SECRET: internalSigningSecretVariable,
});

test('applies defaults and coerces numbers', () => {
  const config = loadConfig('svc', schema, { PORT: '5000', INTERNAL_SIGNING_SECRET: 'x'.repeat(32) });
  assert.equal(config.PORT, 5000);
  assert.equal(config.DATABASE_URL, undefined);
});

test('names every bad or missing variable and says why', () => {
  assert.throws(
    () => loadConfig('svc', schema, { PORT: 'eighty', DATABASE_URL: 'mysql://nope' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      const byVariable = Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason]));
      assert.equal(byVariable['PORT'], 'must be a port number');
      assert.equal(byVariable['DATABASE_URL'], 'must be a postgres:// or postgresql:// connection URL');
      assert.equal(byVariable['INTERNAL_SIGNING_SECRET'], 'is required but not set');
      assert.match(error.message, /^svc: invalid configuration/);
      assert.match(error.message, /- PORT: must be a port number/);
      return true;
    },
  );
});

test('treats an empty variable as unset and rejects a short secret', () => {
  assert.throws(
    () => loadConfig('svc', schema, { PORT: '', INTERNAL_SIGNING_SECRET: 'short' }),
    /INTERNAL_SIGNING_SECRET: must be at least 32 characters/,
  );
});
