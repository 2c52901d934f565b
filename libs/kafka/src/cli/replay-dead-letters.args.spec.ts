import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { parseReplayArgs } from './replay-dead-letters.args';

test('takes a source topic or its dead-letter topic, brokers and options', () => {
  assert.deepEqual(parseReplayArgs(['--topic', 'crm-bridge.mappings.v1', '--brokers', 'a:9092, b:9092']), {
    deadLetterTopic: 'crm-bridge.mappings.v1.dlq',
    brokers: ['a:9092', 'b:9092'],
    groupId: undefined,
    timeoutMs: undefined,
  });
  assert.deepEqual(parseReplayArgs(['--topic', 'crm-bridge.mappings.v1.dlq', '--group', 'ops', '--timeout-ms', '5000']), {
    deadLetterTopic: 'crm-bridge.mappings.v1.dlq',
    brokers: undefined,
    groupId: 'ops',
    timeoutMs: 5000,
  });
});

test('names the flag that is wrong', () => {
  assert.throws(() => parseReplayArgs([]), new CommandLineUsageError('--topic is required'));
  assert.throws(() => parseReplayArgs(['--topic']), new CommandLineUsageError('--topic needs a value'));
  assert.throws(() => parseReplayArgs(['--topic', 't', '--partition', '1']), new CommandLineUsageError('unknown flag --partition'));
  assert.throws(() => parseReplayArgs(['--topic', 't', '--timeout-ms', 'soon']), /--timeout-ms must be a positive whole number/);
});
