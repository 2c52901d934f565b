import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiKey } from './protocol/api-keys';
import { ErrorCode } from './protocol/error-codes';
import { WireReader } from './protocol/wire-reader';
import { WireWriter } from './protocol/wire-writer';
import { buildRecordBatch, corruptByte } from './testing/record-batch-builder';
import { RawKafkaClient } from './testing/raw-kafka-client';
import { TestBroker, uniqueName } from './testing/test-broker';

interface ApiVersionsAnswer {
  errorCode: number;
  versions: Map<number, [number, number]>;
}

function readApiVersions(body: Buffer, version: number): ApiVersionsAnswer {
  const reader = new WireReader(body);
  const errorCode = reader.readInt16();
  const ranges = reader.readArray((r) => [r.readInt16(), r.readInt16(), r.readInt16()] as const);
  if (version >= 1) {
    reader.readInt32();
  }
  reader.expectEnd();
  return { errorCode, versions: new Map(ranges.map(([key, min, max]) => [key, [min, max]])) };
}

function produceBody(topic: string, partition: number, acks: number, records: Buffer): Buffer {
  return new WireWriter()
    .nullableString(null)
    .int16(acks)
    .int32(5000)
    .array([topic], (w, name) => w.string(name).array([partition], (pw, p) => pw.int32(p).bytes(records)))
    .toBuffer();
}

function readProduceResult(body: Buffer): { errorCode: number; baseOffset: number } {
  const reader = new WireReader(body);
  const [result] = reader.readArray((r) => {
    r.readString();
    return r.readArray((pr) => {
      pr.readInt32();
      const errorCode = pr.readInt16();
      const baseOffset = pr.readInt64();
      pr.readInt64();
      return { errorCode, baseOffset };
    })[0];
  });
  reader.readInt32();
  reader.expectEnd();
  assert.ok(result !== undefined);
  return result;
}

async function latestOffset(client: RawKafkaClient, topic: string): Promise<number> {
  const body = new WireWriter()
    .int32(-1)
    .array([topic], (w, name) => w.string(name).array([0], (pw, p) => pw.int32(p).int64(-1)))
    .toBuffer();
  const reader = new WireReader(await client.request(ApiKey.ListOffsets, 1, body));
  const [offset] = reader.readArray((r) => {
    r.readString();
    return r.readArray((pr) => {
      pr.readInt32();
      assert.equal(pr.readInt16(), ErrorCode.NONE);
      pr.readInt64();
      return pr.readInt64();
    })[0];
  });
  assert.ok(offset !== undefined);
  return offset;
}

describe('protocol robustness (raw sockets)', () => {
  let broker: TestBroker;
  let topic: string;

  before(async () => {
    broker = await TestBroker.start({ maxFrameBytes: 64 * 1024 });
  });

  after(async () => {
    await broker.stop();
  });

  async function freshTopic(): Promise<string> {
    topic = uniqueName('raw');
    const admin = await broker.admin();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    return topic;
  }

  async function rawClient(): Promise<RawKafkaClient> {
    return RawKafkaClient.connect(broker.address.port, broker.address.host);
  }

  test('ApiVersions v0-v2 advertise exactly the implemented versions', async () => {
    const client = await rawClient();
    try {
      for (const version of [0, 1, 2]) {
        const answer = readApiVersions(await client.request(ApiKey.ApiVersions, version), version);
        assert.equal(answer.errorCode, ErrorCode.NONE);
        assert.deepEqual(Object.fromEntries(answer.versions), {
          [ApiKey.Produce]: [3, 3],
          [ApiKey.Fetch]: [4, 4],
          [ApiKey.ListOffsets]: [1, 1],
          [ApiKey.Metadata]: [1, 1],
          [ApiKey.OffsetCommit]: [2, 2],
          [ApiKey.OffsetFetch]: [1, 1],
          [ApiKey.FindCoordinator]: [0, 0],
          [ApiKey.JoinGroup]: [1, 1],
          [ApiKey.Heartbeat]: [0, 0],
          [ApiKey.LeaveGroup]: [0, 0],
          [ApiKey.SyncGroup]: [0, 0],
          [ApiKey.DescribeGroups]: [0, 0],
          [ApiKey.ListGroups]: [0, 0],
          [ApiKey.ApiVersions]: [0, 2],
          [ApiKey.CreateTopics]: [0, 0],
          [ApiKey.DeleteTopics]: [0, 0],
          [ApiKey.InitProducerId]: [0, 0],
          [ApiKey.DeleteGroups]: [0, 0],
        });
      }
    } finally {
      client.close();
    }
  });

  test('a newer ApiVersions request gets UNSUPPORTED_VERSION with the table in the v0 layout', async () => {
    const client = await rawClient();
    try {
      const answer = readApiVersions(await client.request(ApiKey.ApiVersions, 3, Buffer.from([0, 0, 0])), 0);
      assert.equal(answer.errorCode, ErrorCode.UNSUPPORTED_VERSION);
      assert.deepEqual(answer.versions.get(ApiKey.Produce), [3, 3]);
    } finally {
      client.close();
    }
  });

  test('an unknown API key gets an error response, is logged, and the connection stays usable', async () => {
    const client = await rawClient();
    try {
      const body = await client.request(99, 0, Buffer.from('whatever'));
      assert.equal(new WireReader(body).readInt16(), ErrorCode.UNSUPPORTED_VERSION);
      assert.ok(
        broker.logs.some((entry) => entry.level === 'warn' && entry.message === 'unknown API key' && entry.fields['apiKey'] === 99),
      );
      const answer = readApiVersions(await client.request(ApiKey.ApiVersions, 2), 2);
      assert.equal(answer.errorCode, ErrorCode.NONE);
    } finally {
      client.close();
    }
  });

  test('an unsupported version of a known API gets UNSUPPORTED_VERSION and the connection stays usable', async () => {
    const client = await rawClient();
    try {
      const body = await client.request(ApiKey.Metadata, 9, Buffer.alloc(4));
      assert.equal(new WireReader(body).readInt16(), ErrorCode.UNSUPPORTED_VERSION);
      assert.ok(broker.logs.some((entry) => entry.message === 'unsupported API version' && entry.fields['api'] === 'Metadata'));
      assert.equal(readApiVersions(await client.request(ApiKey.ApiVersions, 0), 0).errorCode, ErrorCode.NONE);
    } finally {
      client.close();
    }
  });

  test('a malformed frame closes only that connection; other clients keep working', async () => {
    const target = await freshTopic();
    const producer = await broker.producer();
    await producer.send({ topic: target, messages: [{ value: 'before' }] });

    const tooShort = await rawClient();
    tooShort.writeBytes(Buffer.from([0, 0, 0, 3, 1, 2, 3]));
    await tooShort.closed;

    const truncatedBody = await rawClient();
    // A Metadata v1 request claiming five topic names but carrying none.
    truncatedBody.sendWithoutResponse(ApiKey.Metadata, 1, new WireWriter().int32(5).toBuffer());
    await truncatedBody.closed;
    assert.deepEqual(truncatedBody.receivedCorrelationIds, [], 'no response to a request that could not be read');

    const oversized = await rawClient();
    const header = Buffer.alloc(4);
    header.writeInt32BE(10 * 1024 * 1024);
    oversized.writeBytes(header);
    await oversized.closed;

    assert.equal(broker.logs.filter((entry) => entry.message === 'malformed request; closing connection').length, 3);
    await producer.send({ topic: target, messages: [{ value: 'after' }] });
    const healthy = await rawClient();
    try {
      assert.equal(await latestOffset(healthy, target), 2);
    } finally {
      healthy.close();
    }
  });

  test('Produce with acks=0 stores the batch and sends no response', async () => {
    const target = await freshTopic();
    const client = await rawClient();
    try {
      const silentId = client.sendWithoutResponse(ApiKey.Produce, 3, produceBody(target, 0, 0, buildRecordBatch([{ value: 'quiet' }])));
      // Requests on a connection are answered in order, so this answer proves the produce was processed.
      assert.equal(await latestOffset(client, target), 1);
      assert.equal(client.receivedCorrelationIds.includes(silentId), false);
    } finally {
      client.close();
    }
  });

  test('a batch with a bad CRC is refused with CORRUPT_MESSAGE and not stored', async () => {
    const target = await freshTopic();
    const client = await rawClient();
    try {
      const batch = buildRecordBatch([{ value: 'flipped' }]);
      corruptByte(batch, batch.length - 2, 0x01);
      const result = readProduceResult(await client.request(ApiKey.Produce, 3, produceBody(target, 0, 1, batch)));
      assert.equal(result.errorCode, ErrorCode.CORRUPT_MESSAGE);
      assert.equal(await latestOffset(client, target), 0);
    } finally {
      client.close();
    }
  });

  test('a retried idempotent batch is answered with its first offset and stored once', async () => {
    const target = await freshTopic();
    const client = await rawClient();
    try {
      const batch = buildRecordBatch([{ value: 'a' }, { value: 'b' }], { producerId: 4242, producerEpoch: 0, baseSequence: 0 });
      const first = readProduceResult(await client.request(ApiKey.Produce, 3, produceBody(target, 0, -1, batch)));
      const retry = readProduceResult(await client.request(ApiKey.Produce, 3, produceBody(target, 0, -1, batch)));
      assert.deepEqual(first, { errorCode: ErrorCode.NONE, baseOffset: 0 });
      assert.deepEqual(retry, { errorCode: ErrorCode.NONE, baseOffset: 0 });
      assert.equal(await latestOffset(client, target), 2);
    } finally {
      client.close();
    }
  });

  test('an empty Fetch is held for maxWaitTime; an out-of-range offset is answered at once', async () => {
    const target = await freshTopic();
    const client = await rawClient();
    const fetchBody = (offset: number, maxWaitMs: number): Buffer =>
      new WireWriter()
        .int32(-1)
        .int32(maxWaitMs)
        .int32(1)
        .int32(1 << 20)
        .int8(0)
        .array([target], (w, name) =>
          w.string(name).array([0], (pw, p) =>
            pw
              .int32(p)
              .int64(offset)
              .int32(1 << 20),
          ),
        )
        .toBuffer();
    const partitionError = (body: Buffer): number => {
      const reader = new WireReader(body);
      reader.readInt32();
      reader.readInt32();
      reader.readString();
      reader.readInt32();
      reader.readInt32();
      return reader.readInt16();
    };
    try {
      let startedAt = Date.now();
      const empty = await client.request(ApiKey.Fetch, 4, fetchBody(0, 400));
      const heldMs = Date.now() - startedAt;
      assert.equal(partitionError(empty), ErrorCode.NONE);
      assert.ok(heldMs >= 350, `an empty fetch was held ${heldMs} ms, expected about 400`);

      startedAt = Date.now();
      const outOfRange = await client.request(ApiKey.Fetch, 4, fetchBody(5, 5000));
      assert.equal(partitionError(outOfRange), ErrorCode.OFFSET_OUT_OF_RANGE);
      assert.ok(Date.now() - startedAt < 1000, 'errors are not long-polled');
    } finally {
      client.close();
    }
  });
});
