import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { Query, Resolver } from 'type-graphql';
import { DataSource } from 'typeorm';
import { ConfigValidationError } from '@crm-bridge/config';
import { Topics, type EventOfType } from '@crm-bridge/contracts';
import { inTransaction, TransactionalOutbox } from '@crm-bridge/persistence';
import {
  SubgraphFeature,
  startSubgraphService,
  type RunningSubgraphService,
  type SubgraphServiceDefinition,
} from '@crm-bridge/service-runtime';
import {
  KafkaTestBroker,
  TEST_SIGNING_SECRET,
  TopicRecorder,
  createTestDatabase,
  eventually,
  type TestDatabase,
} from '@crm-bridge/testing';
import { EventPublisher } from '../event-publisher';
import { OnEvents } from './on-events.decorator';
import { ServiceKafkaModule } from './service-kafka.module';
import { newPortalRecordChanged } from '../testing/test-events';
import { TestAppliedEffectEntity, TestKeySequenceEntity } from '../testing/kafka-platform-test.entities';
import { CreateKafkaPlatformTestTables1795334794921 } from '../testing/migrations/1795334794921-CreateKafkaPlatformTestTables';

@Resolver()
@Injectable()
class PingResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
}

/** A consumer declared the way services declare theirs; slow enough that a shutdown lands mid-stream. */
@Injectable()
class AppliedEffects {
  constructor(private readonly dataSource: DataSource) {}

  @OnEvents({ consumer: 'applied-effects', types: ['portal-record.changed'] })
  async apply(event: EventOfType<'portal-record.changed'>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Joins the consumer's transaction, as a repository's `transaction()` does.
    await inTransaction(this.dataSource, (manager) =>
      manager.insert(TestAppliedEffectEntity, { eventId: event.eventId, consumer: 'applied-effects' }),
    );
  }
}

/** Writes events through the outbox the module provides, as a repository does. */
@Injectable()
class OutboxWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: TransactionalOutbox,
  ) {}

  write(events: EventOfType<'portal-record.changed'>[]): Promise<void> {
    return inTransaction(this.dataSource, (manager) => this.outbox.append(manager, events));
  }
}

@SubgraphFeature({
  providers: [AppliedEffects, OutboxWriter],
  resolvers: [PingResolver],
  entities: [TestKeySequenceEntity, TestAppliedEffectEntity],
})
class KafkaTestFeature {}

const definition: SubgraphServiceDefinition = {
  serviceName: 'kafka-service-test',
  defaultPort: 0,
  database: { schema: 'kafka_platform_test', migrations: [CreateKafkaPlatformTestTables1795334794921] },
  features: [ServiceKafkaModule, KafkaTestFeature],
};

interface ReadyBody {
  status: string;
  checks: { name: string; status: string; reason?: string }[];
}

describe('ServiceKafkaModule: Kafka for the life of a service', () => {
  let database: TestDatabase;
  let broker: KafkaTestBroker;
  const logLines: string[] = [];

  const start = (): Promise<RunningSubgraphService> =>
    startSubgraphService(
      definition,
      {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: broker.bootstrap,
        INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      { logSink: (line) => logLines.push(line) },
    );

  async function appliedEffects(): Promise<{ total: number; distinct: number }> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ total: string; distinct: string }>(
        'SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM kafka_platform_test.test_applied_effects',
      );
      return { total: Number(rows[0]?.total), distinct: Number(rows[0]?.distinct) };
    } finally {
      await client.end();
    }
  }

  before(async () => {
    database = await createTestDatabase();
    broker = await KafkaTestBroker.start();
  });

  after(async () => {
    await broker.stop();
    await database.drop();
  });

  test('KAFKA_BROKERS is part of the service configuration: missing or malformed, the service does not start', async () => {
    const environment = { DATABASE_URL: database.url, INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET, PORT: '0' };
    await assert.rejects(startSubgraphService(definition, environment), (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.deepEqual(error.issues, [{ variable: 'KAFKA_BROKERS', reason: 'is required but not set' }]);
      return true;
    });
    await assert.rejects(startSubgraphService(definition, { ...environment, KAFKA_BROKERS: 'kafka-1' }), (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.match(error.message, /KAFKA_BROKERS: must be host:port entries/);
      return true;
    });
  });

  test('every event reaches the @OnEvents method exactly once across a shutdown in mid-stream; none is lost or dead-lettered', async () => {
    const publisher = new EventPublisher(broker.kafka);
    await publisher.connect();
    let service = await start();
    try {
      const integrationId = newPortalRecordChanged().integrationId;
      const events = Array.from({ length: 300 }, () => newPortalRecordChanged({ integrationId }));
      await publisher.publish(events);
      await eventually(async () => assert.ok((await appliedEffects()).total >= 20, 'some events applied before the shutdown'));
      // What SIGTERM runs: the consumers stop (finishing the event in hand, committing) before the pool closes.
      await service.close();
      const atShutdown = await appliedEffects();
      assert.ok(atShutdown.total < events.length, `the shutdown landed mid-stream (${atShutdown.total} of ${events.length} applied)`);
      assert.equal(atShutdown.distinct, atShutdown.total);

      service = await start();
      await eventually(async () => assert.equal((await appliedEffects()).total, events.length), { timeoutMs: 30_000 });
      assert.deepEqual(await appliedEffects(), { total: events.length, distinct: events.length });
      const failures = logLines.filter((line) => /dead-lettered|handler failed/.test(line));
      assert.deepEqual(failures, []);
    } finally {
      await service.close();
      await publisher.disconnect();
    }
  });

  test('outbox events are relayed while the service runs, and the relay drains on shutdown', async () => {
    const recorder = await new TopicRecorder(broker.kafka, [Topics.portalRecordChanges]).start();
    const service = await start();
    try {
      const writer = service.app.get(OutboxWriter);
      const integrationId = newPortalRecordChanged().integrationId;
      const first = newPortalRecordChanged({ integrationId });
      await writer.write([first]);
      await eventually(() =>
        assert.ok(recorder.on(Topics.portalRecordChanges).some((record) => record.headers['ce_id'] === first.eventId)),
      );

      const burst = Array.from({ length: 200 }, () => newPortalRecordChanged({ integrationId }));
      await writer.write(burst);
      await service.close();
      const wanted = new Set(burst.map((event) => event.eventId));
      await eventually(() =>
        assert.equal(
          recorder.on(Topics.portalRecordChanges).filter((record) => wanted.has(record.headers['ce_id'] ?? '')).length,
          burst.length,
        ),
      );
    } finally {
      await service.close();
      await recorder.stop();
    }
  });

  test('/health/ready checks Kafka once the module started, and names it when the broker is gone', async () => {
    const ownBroker = await KafkaTestBroker.start();
    const service = await startSubgraphService(definition, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: ownBroker.bootstrap,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      PORT: '0',
      LOG_LEVEL: 'error',
    });
    try {
      const up = await fetch(`${service.url}/health/ready`);
      assert.equal(up.status, 200);
      assert.deepEqual(((await up.json()) as ReadyBody).checks, [
        { name: 'database', status: 'ok' },
        { name: 'kafka', status: 'ok' },
      ]);
      await ownBroker.stop();
      const down = await fetch(`${service.url}/health/ready`);
      assert.equal(down.status, 503);
      const body = (await down.json()) as ReadyBody;
      assert.deepEqual(
        body.checks.map((check) => [check.name, check.status]),
        [
          ['database', 'ok'],
          ['kafka', 'failed'],
        ],
      );
      assert.ok((body.checks[1]?.reason ?? '').length > 0, 'the failure says why');

      // Back where the service's clients expect it: they reconnect, and the shutdown below is an orderly one.
      const returned = await KafkaTestBroker.start({ port: Number(ownBroker.bootstrap.split(':')[1]) });
      await eventually(async () => assert.equal((await fetch(`${service.url}/health/ready`)).status, 200), { timeoutMs: 30_000 });
      await service.close();
      await returned.stop();
    } finally {
      await service.close();
    }
  });
});
