import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { parseCliArgs } from './parse-cli-args';

describe('parseCliArgs', () => {
  test('applies defaults when only --port is given', () => {
    assert.deepEqual(parseCliArgs(['--port', '9092']), {
      kind: 'run',
      options: { port: 9092, host: '127.0.0.1', dataDir: null, partitions: 1 },
    });
  });

  test('accepts every flag in both --flag value and --flag=value forms', () => {
    assert.deepEqual(parseCliArgs(['--port=0', '--host', '0.0.0.0', '--data-dir=.data/kafka', '--partitions', '6']), {
      kind: 'run',
      options: { port: 0, host: '0.0.0.0', dataDir: '.data/kafka', partitions: 6 },
    });
  });

  test('--help wins over everything else', () => {
    assert.deepEqual(parseCliArgs(['--port', 'nope', '--help']), { kind: 'help' });
  });

  const rejects = (argv: string[], message: RegExp): void => {
    assert.throws(
      () => parseCliArgs(argv),
      (error: unknown) => error instanceof CommandLineUsageError && message.test(error.message),
    );
  };

  test('errors name the flag and say what is expected', () => {
    rejects([], /--port is required/);
    rejects(['--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/);
    rejects(['--port', '70000'], /--port must be from 0 to 65535, got 70000/);
    rejects(['--port', '-1'], /--port must be a whole number/);
    rejects(['--port', '1', '--partitions', '0'], /--partitions must be from 1 to 10000, got 0/);
    rejects(['--port', '1', '--partitions', '2.5'], /--partitions must be a whole number/);
    rejects(['--port'], /--port needs a value/);
    rejects(['--port', '--host', 'x'], /--port needs a value/);
    rejects(['--port', '1', '--verbose'], /unknown flag --verbose/);
    rejects(['--port', '1', 'extra'], /unexpected argument "extra"/);
    rejects(['--port', '1', '--port', '2'], /--port was given more than once/);
  });
});
