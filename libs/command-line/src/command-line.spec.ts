import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandLineUsageError, parseCommandLine, parseWholeNumberOption } from './command-line';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'no-demo': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function rejects(argv: string[], message: string, allowPositionals = false): void {
  assert.throws(() => parseCommandLine(argv, OPTIONS, { allowPositionals }), new CommandLineUsageError(message));
}

describe('parseCommandLine', () => {
  test('typed values with defaults, both --name value and --name=value, short aliases', () => {
    const { values, positionals } = parseCommandLine(['--port', '1', '--no-demo', '-h'], OPTIONS);
    assert.deepEqual({ ...values }, { port: '1', host: '127.0.0.1', 'no-demo': true, help: true });
    assert.deepEqual(positionals, []);
    assert.equal(parseCommandLine(['--host=0.0.0.0'], OPTIONS).values.host, '0.0.0.0');
  });

  test('positionals only when allowed; a negative number is the value of the option before it', () => {
    assert.deepEqual(parseCommandLine(['gateway', '--port', '2'], OPTIONS, { allowPositionals: true }).positionals, ['gateway']);
    assert.equal(parseCommandLine(['--port', '-1'], OPTIONS).values.port, '-1');
  });

  test('every mistake names the option and the reason', () => {
    rejects(['--verbose'], 'unknown flag --verbose');
    rejects(['-x'], 'unknown flag -x');
    rejects(['--port'], '--port needs a value');
    rejects(['--port', '--host', 'x'], '--port needs a value');
    rejects(['--port='], '--port needs a value');
    rejects(['--host', ' '], '--host needs a value');
    rejects(['--no-demo=yes'], '--no-demo takes no value');
    rejects(['--port', '1', '--port', '2'], '--port was given more than once');
    rejects(['--port', '1', 'extra'], 'unexpected argument "extra" (options take the form --name value)');
  });
});

describe('parseWholeNumberOption', () => {
  test('accepts the bounds and refuses what is outside them or not a whole number', () => {
    assert.equal(parseWholeNumberOption('--port', '0', 0, 65535), 0);
    assert.equal(parseWholeNumberOption('--port', '65535', 0, 65535), 65535);
    assert.throws(
      () => parseWholeNumberOption('--port', '65536', 0, 65535),
      new CommandLineUsageError('--port must be from 0 to 65535, got 65536'),
    );
    assert.throws(
      () => parseWholeNumberOption('--port', '2.5', 0, 65535),
      new CommandLineUsageError('--port must be a whole number from 0 to 65535, got "2.5"'),
    );
  });
});
