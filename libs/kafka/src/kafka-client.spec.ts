import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@crm-bridge/config';
import { kafkaConfigSchema } from './kafka-client';

test('KAFKA_BROKERS is read as a trimmed list of host:port entries', () => {
  const config = loadConfig('svc', kafkaConfigSchema, { KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9093,' });
  assert.deepEqual(config.KAFKA_BROKERS, ['kafka-1:9092', 'kafka-2:9093']);
});

test('a missing, empty-listed or malformed KAFKA_BROKERS stops startup naming the variable', () => {
  assert.throws(() => loadConfig('svc', kafkaConfigSchema, {}), /KAFKA_BROKERS: is required but not set/);
  assert.throws(() => loadConfig('svc', kafkaConfigSchema, { KAFKA_BROKERS: ' , ' }), /KAFKA_BROKERS: must name at least one broker/);
  assert.throws(
    () => loadConfig('svc', kafkaConfigSchema, { KAFKA_BROKERS: 'kafka-1' }),
    /KAFKA_BROKERS: must be host:port entries separated by commas/,
  );
});
