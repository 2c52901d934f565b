import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { Query, Resolver } from 'type-graphql';
import { startSubgraphService, type RunningSubgraphService } from '@crm-bridge/service-runtime';
import { createTestDatabase, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import { createKafkaClient } from './kafka-client';
import { kafkaReadinessCheck } from './kafka-readiness';
import { kafkaPlatformTestDatabase } from './testing/kafka-platform-test.database';
import { KafkaTestBroker } from './testing/kafka-test-harness';

/** How the test service hands its Kafka admin client to the readiness hook (a Nest provider). */
class KafkaAdminHolder {
  constructor(readonly admin: Admin) {}
}

@Resolver()
@Injectable()
class PingResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
}

interface ReadyBody {
  status: string;
  checks: { name: string; status: string; reason?: string }[];
}

describe('Kafka readiness', () => {
  let database: TestDatabase;
  let broker: KafkaTestBroker;
  let admin: Admin;
  let service: RunningSubgraphService;

  before(async () => {
    database = await createTestDatabase();
    broker = await KafkaTestBroker.start();
    // No retries: readiness must answer "not ready" now, not after kafkajs's reconnect schedule.
    admin = createKafkaClient({
      clientId: 'readiness-test',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      overrides: { retry: { retries: 0 } },
    }).admin();
    await admin.connect();
    @Module({ providers: [PingResolver, { provide: KafkaAdminHolder, useValue: new KafkaAdminHolder(admin) }] })
    class ReadinessTestModule {}
    service = await startSubgraphService(
      {
        serviceName: 'kafka-readiness-test',
        defaultPort: 0,
        appModule: ReadinessTestModule,
        database: kafkaPlatformTestDatabase,
        subgraph: { name: 'kafka-readiness-test', resolvers: [PingResolver] },
        readinessChecks: (services) => [kafkaReadinessCheck(services.get(KafkaAdminHolder).admin)],
      },
      { DATABASE_URL: database.url, INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET, PORT: '0', LOG_LEVEL: 'error' },
    );
  });

  after(async () => {
    await service.close();
    await admin.disconnect();
    await broker.stop();
    await database.drop();
  });

  test('/health/ready checks the database and the Kafka check a service contributed, and names Kafka when it is down', async () => {
    const up = await fetch(`${service.url}/health/ready`);
    assert.equal(up.status, 200);
    assert.deepEqual(((await up.json()) as ReadyBody).checks, [
      { name: 'database', status: 'ok' },
      { name: 'kafka', status: 'ok' },
    ]);

    await broker.stop();
    const down = await fetch(`${service.url}/health/ready`);
    assert.equal(down.status, 503);
    const body = (await down.json()) as ReadyBody;
    assert.equal(body.status, 'not_ready');
    assert.deepEqual(
      body.checks.map((check) => [check.name, check.status]),
      [
        ['database', 'ok'],
        ['kafka', 'failed'],
      ],
    );
    assert.ok((body.checks[1]?.reason ?? '').length > 0, 'the failure says why');
  });
});
