import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { apiKeyCallerId, signCallerContext, CALLER_CONTEXT_HEADER } from '@crm-bridge/caller-context';
import { createEvent, type DealUpdatedData } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { createTestDatabase, eventually, postGraphql, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import type { DealEntity } from '../apps/sync-engine/src/deal/deal.entity';
import { portalDealSchemaChanged } from '../apps/sync-engine/src/sync-engine.test-context';
import { startLocalSystem, type LocalSystem } from './support/local-system';
import { factories } from './support/factories';

const DEAL_UPDATED = `subscription($filter: DealUpdateFilter, $afterEventId: ID) {
  dealUpdated(filter: $filter, afterEventId: $afterEventId) {
    eventId dealId operation origin occurredAt
    changes { field oldValue newValue }
    deal { name phase openConflicts { id } }
  }
}`;

interface DealUpdatePayload {
  eventId: string;
  dealId: string;
  operation: string;
  origin: string;
  occurredAt: string;
  changes: { field: string; oldValue: unknown; newValue: unknown }[];
  deal: { name: string; phase: string; openConflicts: { id: string }[] } | null;
}

/** One graphql-ws subscription through the gateway, collecting what it is sent. */
class Subscriber {
  readonly updates: DealUpdatePayload[] = [];
  readonly errors: GraphQLFormattedError[] = [];
  completed = false;
  /** When the first error arrived (epoch ms), to tell how soon a subscription was ended. */
  firstErrorAtMs: number | null = null;
  private readonly client: Client;

  /** `operation` replaces the query (a subgraph knows only its own fields) and adds extensions (a signed caller, straight to a subgraph). */
  constructor(
    url: string,
    connectionParams: Record<string, unknown>,
    variables: Record<string, unknown> = {},
    operation: { query?: string; extensions?: Record<string, unknown> } = {},
  ) {
    this.client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    this.client.subscribe<{ dealUpdated: DealUpdatePayload }>(
      { query: operation.query ?? DEAL_UPDATED, variables, ...(operation.extensions ? { extensions: operation.extensions } : {}) },
      {
        next: (result: FormattedExecutionResult<{ dealUpdated: DealUpdatePayload }>) => {
          if (result.errors?.length) {
            this.firstErrorAtMs ??= Date.now();
          }
          this.errors.push(...(result.errors ?? []));
          if (result.data?.dealUpdated) {
            this.updates.push(result.data.dealUpdated);
          }
        },
        // A graphql-ws `error` message (a refusal straight from a subgraph) carries GraphQL errors; anything else is a transport failure.
        error: (error) =>
          this.errors.push(
            ...(Array.isArray(error)
              ? (error as GraphQLFormattedError[])
              : [{ message: error instanceof Error ? error.message : JSON.stringify(error) }]),
          ),
        complete: () => {
          this.completed = true;
        },
      },
    );
  }

  eventIds(): string[] {
    return this.updates.map((update) => update.eventId);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

describe('dealUpdated through the gateway, fed from Kafka', () => {
  let database: TestDatabase;
  let system: LocalSystem;
  let wsUrl: string;
  let publisher: EventPublisher;
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;
  let integrationA: string;
  let integrationB: string;
  let negotiationDeal: DealEntity;
  let conflictId: string;
  let proposalDeal: DealEntity;
  let otherPipelineDeal: DealEntity;
  let dealOfB: DealEntity;
  const subscribers: Subscriber[] = [];

  const asUser = async (tenantId: string, roles: string[] = ['admin']) => ({
    authorization: `Bearer ${await system.tokenFor({ tenantId, roles })}`,
  });
  const subscribe = (connectionParams: Record<string, unknown>, variables: Record<string, unknown> = {}) => {
    const subscriber = new Subscriber(wsUrl, connectionParams, variables);
    subscribers.push(subscriber);
    return subscriber;
  };

  /** Publishes `deal.updated` as sync-engine would, for `deal` with these changes; returns its event id. */
  async function publishUpdate(tenantId: string, deal: DealEntity, changes: DealUpdatedData['changes'] = []): Promise<string> {
    const event = createEvent('deal.updated', {
      source: 'sync-engine',
      tenantId,
      integrationId: deal.integrationId,
      subject: deal.id,
      correlationId: randomUUID(),
      data: {
        dealId: deal.id,
        operation: 'UPDATED',
        origin: 'ZOHO',
        pipeline: deal.pipeline,
        phase: deal.phase,
        partnerId: deal.partnerId,
        changes,
        updatedAt: new Date().toISOString(),
      },
    });
    await publisher.publish([event]);
    return event.eventId;
  }

  async function createKeyWithId(tenantId: string, rights: string[]): Promise<{ key: string; id: string }> {
    const created = await postGraphql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
      `${system.gateway.url}/graphql`,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`,
      { variables: { input: { name: `subscriptions ${rights.join('+')}`, rights } }, headers: await asUser(tenantId) },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    return { key: created.data!.createApiKey.key, id: created.data!.createApiKey.apiKey.id };
  }

  const createKey = async (tenantId: string, rights: string[]) => (await createKeyWithId(tenantId, rights)).key;

  /** Publishes updates of `deal` until every subscriber has received one: their subscriptions are open. */
  async function untilReceiving(tenantId: string, deal: DealEntity, ...receivers: Subscriber[]): Promise<void> {
    await eventually(
      async () => {
        const eventId = await publishUpdate(tenantId, deal, []);
        await eventually(() => assert.ok(receivers.every((receiver) => receiver.eventIds().includes(eventId))), { timeoutMs: 1_000 });
      },
      { timeoutMs: 15_000 },
    );
  }

  before(async () => {
    database = await createTestDatabase();
    system = await startLocalSystem(database.url);
    wsUrl = `${system.gateway.url.replace('http://', 'ws://')}/graphql`;
    publisher = new EventPublisher(system.kafka.kafka);
    await publisher.connect();
    const make = factories((service) => system.dataSource(service));
    const connectionA = await make.newConnection(tenantA);
    integrationA = (await make.newIntegration(tenantA, connectionA.id)).id;
    const connectionB = await make.newConnection(tenantB);
    integrationB = (await make.newIntegration(tenantB, connectionB.id)).id;
    negotiationDeal = await make.newDeal(tenantA, integrationA, { name: 'Solar roof', pipeline: 'Enterprise', phase: 'Negotiation' });
    conflictId = (await make.newOpenConflict(tenantA, negotiationDeal, 'amount')).id;
    proposalDeal = await make.newDeal(tenantA, integrationA, { name: 'Heat pump', pipeline: 'Enterprise', phase: 'Proposal' });
    otherPipelineDeal = await make.newDeal(tenantA, integrationA, { name: 'Wind park', pipeline: 'SMB', phase: 'Negotiation' });
    dealOfB = await make.newDeal(tenantB, integrationB, { name: 'B deal', pipeline: 'Enterprise', phase: 'Negotiation' });

    // sync-engine's own consumer group starts at the newest offset once it has joined: until an
    // update reaches a subscriber, one published now might be before its starting point.
    const warmUp = subscribe(await asUser(tenantA), { filter: { pipeline: 'warm-up' } });
    const warmUpDeal = await make.newDeal(tenantA, integrationA, { name: 'warm-up', pipeline: 'warm-up' });
    await eventually(
      async () => {
        await publishUpdate(tenantA, warmUpDeal);
        assert.ok(warmUp.updates.length > 0, 'no warm-up update arrived yet');
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });

  after(async () => {
    for (const subscriber of subscribers) {
      await subscriber.close();
    }
    await publisher?.disconnect();
    await system?.close();
    await database?.drop();
  });

  test('a subscriber with a pipeline and phase filter receives exactly the matching updates of its tenant, with fields of two subgraphs', async () => {
    const filtered = subscribe(await asUser(tenantA), { filter: { pipeline: 'Enterprise', phase: 'Negotiation' } });
    const tenantBSubscriber = subscribe(await asUser(tenantB));
    // The subscriptions are open once an update reaches them; before that, publishing could race them.
    await eventually(async () => {
      await publishUpdate(tenantB, dealOfB, [{ field: 'amount', oldValue: null, newValue: 1 }]);
      assert.ok(tenantBSubscriber.updates.length > 0);
    });
    const matching = await eventually(
      async () => {
        const eventId = await publishUpdate(tenantA, negotiationDeal, [{ field: 'amount', oldValue: '100.00', newValue: '120.00' }]);
        await eventually(() => assert.ok(filtered.eventIds().includes(eventId)), { timeoutMs: 1_000 });
        return eventId;
      },
      { timeoutMs: 15_000 },
    );
    const filteredBefore = filtered.updates.length;
    await publishUpdate(tenantA, proposalDeal, [{ field: 'phase', oldValue: 'Qualified', newValue: 'Proposal' }]);
    await publishUpdate(tenantA, otherPipelineDeal, [{ field: 'name', oldValue: 'Wind', newValue: 'Wind park' }]);
    const ofB = await publishUpdate(tenantB, dealOfB, [{ field: 'phase', oldValue: 'Proposal', newValue: 'Negotiation' }]);
    const last = await publishUpdate(tenantA, negotiationDeal, [
      { field: 'tags', oldValue: ['a'], newValue: ['a', 'b'] },
      { field: 'won', oldValue: false, newValue: true },
    ]);

    await eventually(() => assert.ok(filtered.eventIds().includes(last)));
    await eventually(() => assert.ok(tenantBSubscriber.eventIds().includes(ofB)));
    assert.deepEqual(filtered.errors, []);
    assert.deepEqual(filtered.eventIds().slice(filteredBefore), [last], 'only the matching update of tenant A after the first one');
    assert.ok(filtered.eventIds().every((id) => id === matching || id === last || filtered.eventIds().indexOf(id) < filteredBefore));
    assert.ok(
      filtered.updates.every((update) => update.dealId === negotiationDeal.id),
      'neither the other phase, the other pipeline nor tenant B',
    );
    const delivered = filtered.updates.find((update) => update.eventId === last)!;
    assert.deepEqual(
      { ...delivered, occurredAt: typeof delivered.occurredAt },
      {
        eventId: last,
        dealId: negotiationDeal.id,
        operation: 'UPDATED',
        origin: 'ZOHO',
        occurredAt: 'string',
        changes: [
          { field: 'tags', oldValue: ['a'], newValue: ['a', 'b'] },
          { field: 'won', oldValue: false, newValue: true },
        ],
        deal: { name: 'Solar roof', phase: 'Negotiation', openConflicts: [{ id: conflictId }] },
      },
    );
    assert.ok(
      tenantBSubscriber.updates.every((update) => update.dealId === dealOfB.id && update.deal?.name === 'B deal'),
      "tenant B's subscriber sees only tenant B's deal",
    );
  });

  test('a subscriber reconnecting with afterEventId receives what it missed, then live updates; an id no longer held is refused', async () => {
    const first = subscribe(await asUser(tenantA), { filter: { phase: 'Proposal' } });
    const seen = await eventually(
      async () => {
        const eventId = await publishUpdate(tenantA, proposalDeal, [{ field: 'amount', oldValue: null, newValue: '5.00' }]);
        await eventually(() => assert.ok(first.eventIds().includes(eventId)), { timeoutMs: 1_000 });
        return eventId;
      },
      { timeoutMs: 15_000 },
    );
    await first.close();
    // Open before the missed updates: once it has them, sync-engine holds them, so the resumed
    // subscription gets them from its replay, not from the live feed.
    const probe = subscribe(await asUser(tenantA), { filter: { phase: 'Proposal' } });
    await eventually(
      async () => {
        const eventId = await publishUpdate(tenantA, proposalDeal, []);
        await eventually(() => assert.ok(probe.eventIds().includes(eventId)), { timeoutMs: 1_000 });
      },
      { timeoutMs: 15_000 },
    );
    const missed = [
      await publishUpdate(tenantA, proposalDeal, [{ field: 'amount', oldValue: '5.00', newValue: '6.00' }]),
      await publishUpdate(tenantA, negotiationDeal, [{ field: 'name', oldValue: 'x', newValue: 'Solar roof' }]),
      await publishUpdate(tenantB, { ...dealOfB, phase: 'Proposal' }, []),
      await publishUpdate(tenantA, proposalDeal, [{ field: 'amount', oldValue: '6.00', newValue: '7.00' }]),
    ];
    await eventually(() => assert.ok(probe.eventIds().includes(missed[3] as string)));

    const resumed = subscribe(await asUser(tenantA), { filter: { phase: 'Proposal' }, afterEventId: seen });
    await eventually(() => assert.ok(resumed.eventIds().includes(missed[3] as string)));
    const replayed = resumed.eventIds();
    // What came after `seen` (the probe's own updates and the missed ones of tenant A in Proposal), in order, and nothing else.
    assert.deepEqual(replayed.slice(-2), [missed[0], missed[3]]);
    assert.deepEqual(
      [seen, missed[1], missed[2]].filter((id) => replayed.includes(id as string)),
      [],
      'not the resume point, not another phase, not tenant B',
    );
    assert.deepEqual(
      probe.eventIds().filter((id) => !replayed.includes(id)),
      [],
      'every one a live subscriber saw since',
    );
    assert.equal(resumed.updates.find((update) => update.eventId === missed[0])?.deal?.name, 'Heat pump');
    const live = await publishUpdate(tenantA, proposalDeal, [{ field: 'amount', oldValue: '7.00', newValue: '8.00' }]);
    await eventually(() => assert.deepEqual(resumed.eventIds(), [...replayed, live]));
    assert.deepEqual(resumed.errors, []);

    for (const afterEventId of [randomUUID(), missed[2]]) {
      // An unknown id, and tenant B's id: both are simply not held for tenant A.
      const refused = subscribe(await asUser(tenantA), { afterEventId });
      await eventually(() => assert.equal(refused.errors[0]?.extensions?.['code'], 'EVENT_NO_LONGER_RETAINED'));
      assert.equal(refused.errors[0]?.extensions?.['field'], 'afterEventId');
      assert.match(refused.errors[0]?.message ?? '', new RegExp(`afterEventId ${afterEventId} is not among`));
      assert.deepEqual(refused.updates, []);
    }
  });

  test('an API key with SUBSCRIBE receives updates; one with READ only, or a user without a reading role, is refused', async () => {
    const subscriberKey = await createKey(tenantA, ['SUBSCRIBE']);
    const byKey = subscribe({ authorization: `ApiKey ${subscriberKey}` }, { filter: { integrationId: integrationA } });
    await eventually(
      async () => {
        const eventId = await publishUpdate(tenantA, negotiationDeal, []);
        await eventually(() => assert.ok(byKey.eventIds().includes(eventId)), { timeoutMs: 1_000 });
      },
      { timeoutMs: 15_000 },
    );
    assert.deepEqual(byKey.errors, []);
    assert.equal(byKey.updates[0]?.deal?.name, 'Solar roof');

    const readerKey = await createKey(tenantA, ['READ']);
    const byReader = subscribe({ authorization: `ApiKey ${readerKey}` });
    await eventually(() => assert.equal(byReader.errors[0]?.extensions?.['code'], 'API_KEY_RIGHT_REQUIRED'));

    const noRole = subscribe(await asUser(tenantA, []));
    await eventually(() => assert.equal(noRole.errors[0]?.extensions?.['code'], 'ROLE_REQUIRED'));
    await publishUpdate(tenantA, negotiationDeal, []);
    assert.deepEqual([...byReader.updates, ...noRole.updates], []);
  });

  test("revoking a key ends its open subscriptions within a couple of seconds with API_KEY_REVOKED; another key's keeps receiving", async () => {
    const revokedKey = await createKeyWithId(tenantA, ['SUBSCRIBE']);
    const otherKey = await createKey(tenantA, ['SUBSCRIBE']);
    const byRevoked = subscribe({ authorization: `ApiKey ${revokedKey.key}` }, { filter: { integrationId: integrationA } });
    const alsoByRevoked = subscribe({ 'x-api-key': revokedKey.key }, { filter: { phase: 'Negotiation' } });
    const byOther = subscribe({ authorization: `ApiKey ${otherKey}` }, { filter: { integrationId: integrationA } });
    await untilReceiving(tenantA, negotiationDeal, byRevoked, alsoByRevoked, byOther);
    assert.deepEqual([...byRevoked.errors, ...alsoByRevoked.errors, ...byOther.errors], []);

    const revoked = await postGraphql(`${system.gateway.url}/graphql`, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, {
      variables: { id: revokedKey.id },
      headers: await asUser(tenantA),
    });
    assert.equal(revoked.errors, undefined, JSON.stringify(revoked.errors));
    const revokedAtMs = Date.now();
    for (const ended of [byRevoked, alsoByRevoked]) {
      await eventually(() => assert.ok(ended.completed, 'the subscription completed'), { timeoutMs: 5_000 });
      assert.deepEqual(
        ended.errors.map((error) => error.extensions?.['code']),
        ['API_KEY_REVOKED'],
      );
      assert.match(
        ended.errors[0]?.message ?? '',
        new RegExp(`API key ${revokedKey.id} was revoked at .*: its deal update subscriptions have ended`),
      );
      const endedAfterMs = (ended.firstErrorAtMs ?? Infinity) - revokedAtMs;
      assert.ok(endedAfterMs < 2_000, `ended ${endedAfterMs} ms after the revocation`);
    }
    const receivedBefore = byRevoked.updates.length + alsoByRevoked.updates.length;

    const after = await publishUpdate(tenantA, negotiationDeal, [{ field: 'amount', oldValue: '1', newValue: '2' }]);
    await eventually(() => assert.ok(byOther.eventIds().includes(after)), { timeoutMs: 5_000 });
    assert.deepEqual(byOther.errors, []);
    assert.equal(byOther.completed, false);
    assert.equal(byRevoked.updates.length + alsoByRevoked.updates.length, receivedBefore, 'no update after the revocation');

    const again = subscribe({ authorization: `ApiKey ${revokedKey.key}` });
    await eventually(() => assert.equal(again.errors[0]?.extensions?.['code'], 'API_KEY_REVOKED'));
  });

  test('every sync-engine instance ends the subscriptions of a revoked key that it holds', async () => {
    const second = await system.startExtraInstance('sync-engine');
    const wsOf = (url: string) => `${url.replace('http://', 'ws://')}/graphql`;
    const instances = [wsOf(system.services['sync-engine'].url), wsOf(second.url)];
    /** A subscription straight to one instance, as the gateway opens it: the caller signed into the operation. */
    const direct = async (url: string, callerId: string) => {
      const caller = await signCallerContext({ tenantId: tenantA, userId: callerId, roles: ['subscriber'] }, TEST_SIGNING_SECRET, {
        audience: 'sync-engine',
      });
      const subscriber = new Subscriber(
        url,
        {},
        {},
        { query: 'subscription { dealUpdated { eventId } }', extensions: { headers: { [CALLER_CONTEXT_HEADER]: caller } } },
      );
      subscribers.push(subscriber);
      return subscriber;
    };
    /** api-key.revoked as auth-connector publishes it, for a key that is only a caller id here. */
    const publishRevocation = (keyId: string) =>
      publisher.publish([
        createEvent('api-key.revoked', {
          source: 'auth-connector',
          tenantId: tenantA,
          integrationId: keyId,
          subject: keyId,
          correlationId: randomUUID(),
          data: { keyId, revokedAt: new Date().toISOString(), revokedByUserId: 'e2e' },
        }),
      ]);
    // The new instance's own consumer group of api-key.revoked starts at the newest offset once it
    // has joined: revoke a probe key until the probe's subscription there ends.
    const probeKeyId = randomUUID();
    const probe = await direct(instances[1] as string, apiKeyCallerId(probeKeyId));
    await eventually(
      async () => {
        await publishRevocation(probeKeyId);
        await eventually(() => assert.ok(probe.completed), { timeoutMs: 1_000 });
      },
      { timeoutMs: 30_000 },
    );

    const { id } = await createKeyWithId(tenantA, ['SUBSCRIBE']);
    const held = await Promise.all(instances.map((url) => direct(url, apiKeyCallerId(id))));
    const otherCaller = await direct(instances[1] as string, apiKeyCallerId(randomUUID()));
    await untilReceiving(tenantA, negotiationDeal, ...held, otherCaller);
    const revoked = await postGraphql(`${system.gateway.url}/graphql`, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, {
      variables: { id },
      headers: await asUser(tenantA),
    });
    assert.equal(revoked.errors, undefined, JSON.stringify(revoked.errors));
    for (const ended of held) {
      await eventually(() => assert.ok(ended.completed, 'the subscription on each instance completed'), { timeoutMs: 5_000 });
      assert.deepEqual(
        ended.errors.map((error) => error.extensions?.['code']),
        ['API_KEY_REVOKED'],
      );
    }
    assert.equal(otherCaller.completed, false);
    assert.deepEqual(otherCaller.errors, []);
    // The gateway refuses the key itself; an instance that heard the revocation refuses a subscription of it too.
    const late = await direct(instances[1] as string, apiKeyCallerId(id));
    await eventually(() => assert.equal(late.errors[0]?.extensions?.['code'], 'API_KEY_REVOKED'));
  });

  test("a user's subscription ends at its token's expiry with USER_TOKEN_EXPIRED; the connection must authenticate again", async () => {
    const token = await system.tokenFor({ tenantId: tenantA, roles: ['viewer'] }, { expiresIn: '6s' });
    const expiresAtMs = (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { exp: number }).exp * 1000;
    const shortLived = subscribe({ authorization: `Bearer ${token}` }, { filter: { phase: 'Negotiation' } });
    const longLived = subscribe(await asUser(tenantA, ['viewer']), { filter: { phase: 'Negotiation' } });
    await untilReceiving(tenantA, negotiationDeal, shortLived, longLived);
    assert.ok(Date.now() < expiresAtMs, 'the subscription received an update before its token expired');
    assert.equal(shortLived.completed, false);

    await eventually(() => assert.ok(shortLived.completed, 'the subscription completed'), { timeoutMs: expiresAtMs - Date.now() + 3_000 });
    assert.deepEqual(
      shortLived.errors.map((error) => error.extensions?.['code']),
      ['USER_TOKEN_EXPIRED'],
    );
    assert.match(shortLived.errors[0]?.message ?? '', /expired at .*: connect again with a new token to continue/);
    const endedAfterExpiryMs = (shortLived.firstErrorAtMs ?? Infinity) - expiresAtMs;
    assert.ok(endedAfterExpiryMs >= 0 && endedAfterExpiryMs < 1_000, `ended ${endedAfterExpiryMs} ms after exp`);

    const receivedBefore = shortLived.updates.length;
    const after = await publishUpdate(tenantA, negotiationDeal, []);
    await eventually(() => assert.ok(longLived.eventIds().includes(after)), { timeoutMs: 5_000 });
    assert.equal(shortLived.updates.length, receivedBefore, 'no update after the expiry');
    assert.deepEqual(longLived.errors, []);

    const withExpiredToken = subscribe({ authorization: `Bearer ${token}` });
    await eventually(() => assert.equal(withExpiredToken.errors[0]?.extensions?.['code'], 'USER_TOKEN_EXPIRED'));
  });

  test('a real updateDeal through the gateway reaches a subscriber as one update with what changed, from the portal', async () => {
    // What mapping-config publishes for a new integration: sync-engine refuses deal writes without it.
    const phases = ['Qualified', 'Proposal', 'Negotiation'].map((name) => ({ name, outcome: 'OPEN' as const }));
    await publisher.publish([portalDealSchemaChanged(tenantA, integrationA, 1, phases, [])]);
    const subscriber = subscribe(await asUser(tenantA), { filter: { integrationId: integrationA, phase: 'Proposal' } });
    await eventually(
      async () => {
        const eventId = await publishUpdate(tenantA, proposalDeal, []);
        await eventually(() => assert.ok(subscriber.eventIds().includes(eventId)), { timeoutMs: 1_000 });
      },
      { timeoutMs: 15_000 },
    );
    const updated = await eventually(async () => {
      const answer = await postGraphql<{ updateDeal: { name: string } }>(
        `${system.gateway.url}/graphql`,
        `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { name } }`,
        {
          variables: { input: { id: proposalDeal.id, name: 'Heat pump XL', amount: '900.00' } },
          headers: await asUser(tenantA, ['deal-editor']),
        },
      );
      // Refused with INTEGRATION_NOT_FOUND until sync-engine has applied the deal schema.
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer;
    });
    assert.equal(updated.data?.updateDeal.name, 'Heat pump XL');
    const fromPortal = () => subscriber.updates.filter((update) => update.origin === 'PORTAL');
    await eventually(() => assert.equal(fromPortal().length, 1), { timeoutMs: 15_000 });
    const [update] = fromPortal();
    assert.deepEqual(
      { dealId: update?.dealId, operation: update?.operation, deal: update?.deal },
      { dealId: proposalDeal.id, operation: 'UPDATED', deal: { name: 'Heat pump XL', phase: 'Proposal', openConflicts: [] } },
    );
    assert.deepEqual(
      [...(update?.changes ?? [])].sort((a, b) => a.field.localeCompare(b.field)),
      [
        // Values as sync compares them (canonical decimals), as the event carries them.
        { field: 'amount', oldValue: null, newValue: '900' },
        { field: 'name', oldValue: 'Heat pump', newValue: 'Heat pump XL' },
      ],
    );
  });

  test("sync-engine's graphql-ws endpoint refuses a subscription whose caller context is missing, forged or signed for another subgraph", async () => {
    const syncEngineWs = `${system.services['sync-engine'].url.replace('http://', 'ws://')}/graphql`;
    const caller = { tenantId: tenantA, userId: 'direct', roles: ['admin'] };
    const attempt = async (headers: Record<string, string>) => {
      const client = createClient({ url: syncEngineWs, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      try {
        return await new Promise<FormattedExecutionResult | { refusedWith: unknown }>((resolve) => {
          client.subscribe(
            { query: 'subscription { dealUpdated { eventId } }', extensions: { headers } },
            { next: resolve, error: (error) => resolve({ refusedWith: error }), complete: () => undefined },
          );
          // An admitted subscription waits for updates: say so once it has had time to be refused.
          setTimeout(() => resolve({ data: 'admitted' } as never), 1_500);
        });
      } finally {
        await client.dispose();
      }
    };
    const codeOf = (outcome: unknown) => {
      const errors = (outcome as { refusedWith?: GraphQLFormattedError[] }).refusedWith;
      return Array.isArray(errors) ? errors[0]?.extensions?.['code'] : outcome;
    };
    assert.equal(codeOf(await attempt({})), 'UNAUTHENTICATED');
    const forged = await signCallerContext(caller, 'not-the-internal-signing-secret-at-all', { audience: 'sync-engine' });
    assert.equal(codeOf(await attempt({ [CALLER_CONTEXT_HEADER]: forged })), 'UNAUTHENTICATED');
    const forAnother = await signCallerContext(caller, TEST_SIGNING_SECRET, { audience: 'conflict-resolver' });
    assert.equal(codeOf(await attempt({ [CALLER_CONTEXT_HEADER]: forAnother })), 'UNAUTHENTICATED');
    const valid = await signCallerContext(caller, TEST_SIGNING_SECRET, { audience: 'sync-engine' });
    assert.deepEqual(await attempt({ [CALLER_CONTEXT_HEADER]: valid }), { data: 'admitted' });
  });
});
