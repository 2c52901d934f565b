import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { parseCliArgs } from './parse-cli-args';

describe('zoho-sandbox parseCliArgs', () => {
  test('defaults, both flag forms, and --no-demo', () => {
    assert.deepEqual(parseCliArgs([]), {
      kind: 'run',
      options: { port: 4010, host: '127.0.0.1', accessTokenTtlSeconds: 3600, seedDemo: true, snapshotFile: null },
    });
    assert.deepEqual(
      parseCliArgs(['--port=0', '--host', '0.0.0.0', '--access-token-ttl', '60', '--no-demo', '--snapshot', '.data/sandbox.json']),
      {
        kind: 'run',
        options: { port: 0, host: '0.0.0.0', accessTokenTtlSeconds: 60, seedDemo: false, snapshotFile: '.data/sandbox.json' },
      },
    );
    assert.deepEqual(parseCliArgs(['--port', 'x', '--help']), { kind: 'help' });
  });

  test('errors name the flag and say what is expected', () => {
    const rejects = (argv: string[], message: RegExp): void =>
      assert.throws(
        () => parseCliArgs(argv),
        (error: unknown) => error instanceof CommandLineUsageError && message.test(error.message),
      );
    rejects(['--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/);
    rejects(['--port', '70000'], /--port must be from 0 to 65535, got 70000/);
    rejects(['--port'], /--port needs a value/);
    rejects(['--port', '--no-demo'], /--port needs a value/);
    rejects(['--access-token-ttl', '0'], /--access-token-ttl must be from 1 to 86400/);
    rejects(['--verbose'], /unknown flag --verbose/);
    rejects(['4010'], /unexpected argument "4010"/);
    rejects(['--port', '1', '--port', '2'], /--port was given more than once/);
    rejects(['--no-demo=yes'], /--no-demo takes no value/);
    rejects(['--snapshot='], /--snapshot needs a value/);
  });
});
