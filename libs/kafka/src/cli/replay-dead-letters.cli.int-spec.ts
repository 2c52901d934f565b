import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Topics } from '@crm-bridge/contracts';
import { eventually } from '@crm-bridge/testing';
import { toKafkaMessage } from '../cloud-event-message';
import { deadLetterRecord } from '../dead-letter';
import { startBrokerWithPublisher, TopicRecorder } from '@crm-bridge/testing';
import { newMappingPublished } from '../testing/test-events';

const run = promisify(execFile);

test('the replay CLI moves dead letters back to their topic with the original headers', async (t) => {
  const { broker, publisher, defer } = await startBrokerWithPublisher(t);
  const event = newMappingPublished();
  const original = toKafkaMessage(event);
  const { topic, message } = deadLetterRecord({
    topic: Topics.mappings,
    partition: 0,
    message: {
      key: Buffer.from(original.key),
      value: Buffer.from(original.value),
      headers: original.headers,
      offset: '7',
      timestamp: '0',
      attributes: 0,
    },
    consumerGroup: 'mapping-consumer',
    error: new Error('boom'),
    attempts: 5,
  });
  await publisher.publishRecords([{ topic, messages: [message] }]);

  const { stdout } = await run(process.execPath, [
    '-r',
    '@swc-node/register',
    'libs/kafka/src/cli/replay-dead-letters.cli.ts',
    '--topic',
    Topics.mappings,
    '--brokers',
    broker.bootstrap,
  ]);
  assert.deepEqual(JSON.parse(stdout), { deadLetterTopic: `${Topics.mappings}.dlq`, replayed: 1, byTopic: { [Topics.mappings]: 1 } });

  const recorder = await new TopicRecorder(broker.kafka, [Topics.mappings]).start();
  defer(() => recorder.stop());
  await eventually(() => assert.equal(recorder.records.length, 1));
  assert.deepEqual(recorder.records[0]?.headers, original.headers);
  assert.equal(recorder.records[0]?.value, original.value);
  assert.equal(recorder.records[0]?.key, event.integrationId);
});
