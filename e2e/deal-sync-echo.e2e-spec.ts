import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, postGraphql, type ZohoSandboxProcess } from '@crm-bridge/testing';
import { DEMO_SCOPES } from '../apps/zoho-sandbox/src';
import { DEMO_MAPPING_DEFINITION, type DemoIntegration } from '../scripts/demo-integration';
import { FREQUENT_INBOUND_POLLS, startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

// 1,000 edits: 20 deals × 50 rounds, each deal edited on the other side every round.
const DEAL_COUNT = 20;
const ROUNDS = 50;
const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 50 };
/** Longer than two poll intervals and a notification's round trip: anything still looping would write in it. */
const QUIET_MS = 5_000;

interface DealView {
  id: string;
  name: string;
  phase: string;
  pipeline: string | null;
  amount: string | null;
  closingDate: string | null;
  zohoId: string | null;
  syncStatus: string;
  customFields: { apiName: string; value: string }[];
}

interface ZohoDeal {
  id: string;
  values: Record<string, unknown>;
}

interface ZohoWrite {
  operation: string;
  recordId: string;
  changedFields: string[];
  channel: { kind: string; clientId?: string };
}

/** The values one edit sets, in the portal's spelling (the Zoho side writes them through the mapping). */
interface DealEdit {
  name: string;
  phase: string;
  amount: string;
  closingDate: string;
  region: string;
  leadSource: string;
  description: string;
}

type Side = 'PORTAL' | 'ZOHO';

const DEAL_FIELDS = 'id name phase pipeline amount closingDate zohoId syncStatus customFields { apiName value }';
const [STANDARD, PARTNER] = DEMO_MAPPING_DEFINITION.stageMappings as [
  (typeof DEMO_MAPPING_DEFINITION.stageMappings)[number],
  (typeof DEMO_MAPPING_DEFINITION.stageMappings)[number],
];
/** Version 2 of the demo mapping: lead source both ways, through its value map (portal `Web` is Zoho's `Web Download`). */
const ECHO_MAPPING = {
  ...DEMO_MAPPING_DEFINITION,
  fieldMappings: DEMO_MAPPING_DEFINITION.fieldMappings.map((mapping) =>
    mapping.portalField === 'leadSource' ? { ...mapping, direction: 'BOTH' } : mapping,
  ),
};
const LEAD_SOURCES = ['Partner', 'Web', 'Trade Show'];
const REGIONS = ['EMEA', 'Americas', 'APAC'];
const zohoLeadSource = (portal: string): string => (portal === 'Web' ? 'Web Download' : portal);

const pipelineOf = (index: number): string => (index % 2 === 0 ? 'Standard' : 'Partner Channel');
const stageMappingOf = (pipeline: string) => (pipeline === 'Standard' ? STANDARD : PARTNER);
/**
 * Phases a portal user picks, per pipeline: every phase with a Zoho stage (Standard's Registered
 * goes out as Qualification, which reads back as Qualified — Zoho's own reading, no change).
 * Partner Channel's Negotiation has no stage: a portal move into it stays in the portal by design.
 */
const portalPhasesOf = (pipeline: string): string[] => stageMappingOf(pipeline).outbound.map((entry) => entry.portalPhase);
/** Stages a Zoho user picks: every stage the pipeline maps in (Standard has three that read as Qualified). */
const zohoStagesOf = (pipeline: string): string[] => stageMappingOf(pipeline).inbound.map((entry) => entry.zohoStage);

/** Deal `index`'s edit of `round`: every both-ways field changes, the phase or stage moves. */
function editOf(index: number, round: number, side: Side): DealEdit & { zohoStage: string } {
  const pipeline = pipelineOf(index);
  const phases = portalPhasesOf(pipeline);
  const stages = zohoStagesOf(pipeline);
  const zohoStage = stages[(index + round) % stages.length] as string;
  const phase =
    side === 'PORTAL'
      ? (phases[(index + round) % phases.length] as string)
      : (stageMappingOf(pipeline).inbound.find((entry) => entry.zohoStage === zohoStage)?.portalPhase as string);
  const day = String(1 + ((index + round) % 28)).padStart(2, '0');
  return {
    name: `Echo deal ${index} round ${round} (${side.toLowerCase()})`,
    phase,
    zohoStage,
    // Cents that a float round trip would spoil if anything treated Amount as a float.
    amount: `${1000 + index * 100 + round}.${String((round * 7 + index) % 100).padStart(2, '0')}`,
    closingDate: `2027-${String(1 + (round % 12)).padStart(2, '0')}-${day}`,
    region: REGIONS[(index + round) % REGIONS.length] as string,
    leadSource: LEAD_SOURCES[(index + 2 * round) % LEAD_SOURCES.length] as string,
    description: `Round ${round} of deal ${index}, edited in ${side === 'PORTAL' ? 'the portal' : 'Zoho'}`,
  };
}

const customField = (deal: DealView, apiName: string): string | null =>
  deal.customFields.find((field) => field.apiName === apiName)?.value ?? null;

/**
 * The deal as the portal has it and as Zoho has it, side by side in the portal's spelling: the
 * phase agrees with the stage when the stage maps in to it, or when the phase maps out to it
 * (Standard's Registered is sent as Qualification, which Zoho reads as Qualified).
 */
function bothSides(deal: DealView, zoho: ZohoDeal): { portal: Record<string, unknown>; zoho: Record<string, unknown> } {
  const pipeline = deal.pipeline ?? 'Standard';
  const mapping = stageMappingOf(pipeline);
  const stage = zoho.values['Stage'];
  const phaseInZoho = mapping.inbound.find((entry) => entry.zohoStage === stage)?.portalPhase;
  const stageOfPhase = mapping.outbound.find((entry) => entry.portalPhase === deal.phase)?.zohoStage;
  const amount = zoho.values['Amount'];
  const leadSource = customField(deal, 'leadSource');
  return {
    portal: {
      name: deal.name,
      pipeline,
      phaseAgreesWithStage: phaseInZoho === deal.phase || stageOfPhase === stage,
      amount: deal.amount,
      closingDate: deal.closingDate,
      region: customField(deal, 'region'),
      leadSource: leadSource === null ? null : zohoLeadSource(leadSource),
      description: customField(deal, 'description'),
    },
    zoho: {
      name: zoho.values['Deal_Name'],
      pipeline: zoho.values['Pipeline'],
      phaseAgreesWithStage: true,
      amount: typeof amount === 'number' ? amount.toFixed(2) : null,
      closingDate: zoho.values['Closing_Date'] ?? null,
      region: zoho.values['Partner_Region'] ?? null,
      leadSource: zoho.values['Lead_Source'] ?? null,
      description: zoho.values['Description'] ?? null,
    },
  };
}

describe('deal sync both ways: 1,000 alternating edits end equal with no write beyond them; one create-update-delete story; Zoho 429s and tokens', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;
  let authorization: string;
  let demo: DemoIntegration;
  let orgId: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };
  const portalDeals = async (): Promise<DealView[]> =>
    (
      await gql<{ deals: { edges: { node: DealView }[] } }>(
        `query($id: ID) { deals(first: 100, integrationId: $id) { edges { node { ${DEAL_FIELDS} } } } }`,
        { id: demo.integration.id },
      )
    ).deals.edges.map((edge) => edge.node);
  const zohoDeals = async (): Promise<Map<string, ZohoDeal>> => {
    const { records } = await sandbox.admin<{ records: ZohoDeal[] }>('GET', `/orgs/${orgId}/modules/Deals/records`);
    return new Map(records.map((record) => [record.id, record]));
  };
  /** Every Deals write sync-engine made in Zoho (its OAuth client's, through the REST or Bulk Write API). */
  const zohoWritesByApi = async (): Promise<ZohoWrite[]> => {
    const { writes } = await sandbox.admin<{ writes: ZohoWrite[] }>('GET', `/orgs/${orgId}/writes?module=Deals`);
    return writes.filter((write) => write.channel.kind !== 'ZOHO_USER');
  };
  /** Every UPDATE of a portal deal row, and whether it changed a deal value (not only sync status). */
  const portalDealWrites = async (): Promise<{ valueWrites: number; statusWrites: number }> => {
    const [row] = await system.dataSource('sync-engine').query<{ value_writes: number; status_writes: number }[]>(
      `SELECT count(*) FILTER (WHERE values_changed)::int AS value_writes, count(*) FILTER (WHERE NOT values_changed)::int AS status_writes
           FROM sync_engine.e2e_deal_writes`,
    );
    return { valueWrites: row?.value_writes ?? 0, statusWrites: row?.status_writes ?? 0 };
  };
  /** What the integration's runs counted since `since`, by direction. */
  const runCounts = async (since: Date) => {
    const rows = await system.dataSource('sync-engine').query<{ outbound: boolean; updated: number; other: number }[]>(
      `SELECT trigger = 'PORTAL_CHANGE' AS outbound, sum(updated_count)::int AS updated,
              sum(created_count + deleted_count + skipped_count + failed_count + conflict_count)::int AS other
         FROM sync_engine.sync_runs WHERE integration_id = $1 AND started_at >= $2 GROUP BY 1`,
      [demo.integration.id, since],
    );
    const of = (outbound: boolean) => {
      const row = rows.find((candidate) => candidate.outbound === outbound);
      return { updated: row?.updated ?? 0, other: row?.other ?? 0 };
    };
    return { outbound: of(true), inbound: of(false) };
  };
  const snapshotOfWrites = async () => ({
    zohoApiWrites: (await zohoWritesByApi()).length,
    portal: await portalDealWrites(),
    runs: (await system.dataSource('sync-engine').query<{ n: number }[]>('SELECT count(*)::int AS n FROM sync_engine.sync_runs'))[0]?.n,
  });

  before(async () => {
    running = await startDemoSystem({
      // The poll runs too: it reads every edit (and every write of ours) a second time, after its
      // notification did — echoes it must see as such.
      syncEngineEnvironment: FREQUENT_INBOUND_POLLS,
    });
    ({ sandbox, system, graphqlUrl, demoOrgId: orgId, authorization, demo } = running);
    await gql('mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }', {
      input: { integrationId: demo.integration.id, debounceSeconds: 0 },
    });
    await gql('mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) { mappingVersion { version } } }', {
      input: { integrationId: demo.integration.id, definition: ECHO_MAPPING, comment: 'lead source both ways' },
    });
    const db = system.dataSource('sync-engine');
    await eventually(async () => {
      const [row] = await db.query<{ debounce: number; version: number }[]>(
        `SELECT (i.settings->>'debounceSeconds')::int AS debounce, m.version
           FROM sync_engine.sync_integrations i JOIN sync_engine.active_mappings m USING (integration_id)
          WHERE integration_id = $1`,
        [demo.integration.id],
      );
      assert.deepEqual(row, { debounce: 0, version: 2 });
      const [channel] = await sandbox.admin<{ channels: unknown[] }>('GET', `/orgs/${orgId}/notifications`).then((live) => live.channels);
      assert.ok(channel, 'the Deals notification channel is live');
    }, SYNC_TIMEOUT);
    // An independent count of portal deal writes: a trigger on the table, not the engine's own counts.
    await db.query(
      `CREATE TABLE sync_engine.e2e_deal_writes (id bigserial PRIMARY KEY, deal_id uuid NOT NULL, values_changed boolean NOT NULL)`,
    );
    await db.query(`CREATE FUNCTION sync_engine.e2e_record_deal_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO sync_engine.e2e_deal_writes (deal_id, values_changed) VALUES (NEW.id,
          (OLD.name, OLD.phase, OLD.pipeline, OLD.amount, OLD.currency_code, OLD.closing_date, OLD.account_id, OLD.partner_id,
           OLD.owner_id, OLD.custom_fields)
          IS DISTINCT FROM
          (NEW.name, NEW.phase, NEW.pipeline, NEW.amount, NEW.currency_code, NEW.closing_date, NEW.account_id, NEW.partner_id,
           NEW.owner_id, NEW.custom_fields));
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER e2e_record_deal_write AFTER UPDATE ON sync_engine.deals FOR EACH ROW EXECUTE FUNCTION sync_engine.e2e_record_deal_write()`,
    );
  });

  after(() => running?.stop());

  test('20 deals × 50 rounds, each round edited on the other side: both sides equal field by field, writes = edits, then quiet', async () => {
    // Half the deals start in the portal, half in Zoho; each is in sync before the edits start.
    const portalIds: string[] = [];
    for (let index = 0; index < DEAL_COUNT; index += 1) {
      const start = editOf(index, 0, 'PORTAL');
      const pipeline = pipelineOf(index);
      if (index % 4 < 2) {
        const { createDeal } = await gql<{ createDeal: { id: string } }>(
          'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }',
          {
            input: {
              integrationId: demo.integration.id,
              name: start.name,
              pipeline,
              phase: portalPhasesOf(pipeline)[0],
              amount: start.amount,
              closingDate: start.closingDate,
              customFields: [
                { apiName: 'region', value: start.region },
                { apiName: 'leadSource', value: start.leadSource },
                { apiName: 'description', value: start.description },
              ],
            },
          },
        );
        portalIds.push(createDeal.id);
      } else {
        await sandbox.admin('POST', `/orgs/${orgId}/modules/Deals/records`, {
          records: [
            {
              Deal_Name: start.name,
              Pipeline: pipeline,
              Stage: zohoStagesOf(pipeline)[0],
              Amount: Number(start.amount),
              Closing_Date: start.closingDate,
              Partner_Region: start.region,
              Lead_Source: zohoLeadSource(start.leadSource),
              Description: start.description,
            },
          ],
        });
      }
    }
    const deals = await eventually(async () => {
      const found = (await portalDeals()).filter((deal) => deal.name.startsWith('Echo deal '));
      assert.equal(found.length, DEAL_COUNT);
      assert.ok(
        found.every((deal) => deal.syncStatus === 'SYNCED' && deal.zohoId),
        JSON.stringify(found.map((deal) => deal.syncStatus)),
      );
      return found.sort((left, right) => Number(left.name.split(' ')[2]) - Number(right.name.split(' ')[2]));
    }, SYNC_TIMEOUT);
    assert.ok(portalIds.every((id) => deals.some((deal) => deal.id === id)));

    // Quiet first: the creates' writes and echoes (a Zoho-created deal gets its Portal_Deal_Id) are done.
    let baseline = await snapshotOfWrites();
    await eventually(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        const now = await snapshotOfWrites();
        const settled = JSON.stringify(now) === JSON.stringify(baseline);
        baseline = now;
        assert.ok(settled, 'no write for 2.5 s');
      },
      { timeoutMs: 30_000, intervalMs: 0 },
    );
    const editsStartedAt = new Date();
    const edits = { PORTAL: 0, ZOHO: 0 };
    const startedMs = Date.now();

    for (let round = 1; round <= ROUNDS; round += 1) {
      const expected = deals.map((deal, index) => {
        const side: Side = (index + round) % 2 === 0 ? 'PORTAL' : 'ZOHO';
        return { deal, side, edit: editOf(index, round, side) };
      });
      await Promise.all(
        expected.map(async ({ deal, side, edit }) => {
          edits[side] += 1;
          if (side === 'PORTAL') {
            await gql('mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', {
              input: {
                id: deal.id,
                name: edit.name,
                phase: edit.phase,
                amount: edit.amount,
                closingDate: edit.closingDate,
                customFields: [
                  { apiName: 'region', value: edit.region },
                  { apiName: 'leadSource', value: edit.leadSource },
                  { apiName: 'description', value: edit.description },
                ],
              },
            });
          } else {
            await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${deal.zohoId}`, {
              values: {
                Deal_Name: edit.name,
                Stage: edit.zohoStage,
                Amount: Number(edit.amount),
                Closing_Date: edit.closingDate,
                Partner_Region: edit.region,
                Lead_Source: zohoLeadSource(edit.leadSource),
                Description: edit.description,
              },
            });
          }
        }),
      );
      // Every edit arrived on the other side before the next round edits the deal there.
      await eventually(async () => {
        const [portal, zoho] = await Promise.all([portalDeals(), zohoDeals()]);
        for (const { deal, edit } of expected) {
          const portalDeal = portal.find((candidate) => candidate.id === deal.id);
          const zohoDeal = zoho.get(deal.zohoId!);
          assert.ok(portalDeal && zohoDeal, `deal ${deal.id} on both sides`);
          assert.equal(portalDeal.name, edit.name, `round ${round}: portal has the edit`);
          assert.equal(zohoDeal.values['Deal_Name'], edit.name, `round ${round}: Zoho has the edit`);
          const sides = bothSides(portalDeal, zohoDeal);
          assert.deepEqual(sides.portal, sides.zoho, `round ${round}, ${edit.name}`);
          assert.equal(portalDeal.phase, edit.phase, `round ${round}, ${edit.name}: phase`);
        }
      }, SYNC_TIMEOUT);
    }
    const editingMs = Date.now() - startedMs;
    assert.deepEqual(edits, { PORTAL: (DEAL_COUNT * ROUNDS) / 2, ZOHO: (DEAL_COUNT * ROUNDS) / 2 });

    // The last outbound outcomes commit just after Zoho has the values: once every deal is SYNCED,
    // nothing keeps happening.
    await eventually(async () => {
      const unsynced = (await portalDeals()).filter((deal) => deal.syncStatus !== 'SYNCED');
      assert.deepEqual(unsynced, []);
    }, SYNC_TIMEOUT);
    const settled = await snapshotOfWrites();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    assert.deepEqual(await snapshotOfWrites(), settled, `no write in the ${QUIET_MS} ms after the last edit`);

    // Both sides equal, field by field, through the mapping.
    const [portal, zoho] = await Promise.all([portalDeals(), zohoDeals()]);
    for (const deal of deals) {
      const portalDeal = portal.find((candidate) => candidate.id === deal.id)!;
      const sides = bothSides(portalDeal, zoho.get(deal.zohoId!)!);
      assert.deepEqual(sides.portal, sides.zoho, portalDeal.name);
      assert.equal(portalDeal.syncStatus, 'SYNCED', portalDeal.name);
      assert.equal(portalDeal.name, editOf(deals.indexOf(deal), ROUNDS, (deals.indexOf(deal) + ROUNDS) % 2 === 0 ? 'PORTAL' : 'ZOHO').name);
    }

    // The writes: sync-engine wrote Zoho once per portal edit — each an update that changed values,
    // none an echo of a Zoho edit — and the portal once per Zoho edit.
    const zohoWrites = (await zohoWritesByApi()).slice(baseline.zohoApiWrites);
    assert.equal(zohoWrites.length, edits.PORTAL, 'Zoho writes by sync-engine = portal edits');
    assert.deepEqual(
      zohoWrites.filter((write) => write.operation !== 'update' || write.changedFields.length === 0),
      [],
      'every write changed a value',
    );
    assert.equal(new Set(zohoWrites.map((write) => write.channel.clientId)).size, 1, 'one OAuth client: sync-engine');
    const portalWrites = await portalDealWrites();
    assert.equal(
      portalWrites.valueWrites - baseline.portal.valueWrites,
      edits.PORTAL + edits.ZOHO,
      'portal deal value writes = the portal edits themselves + one inbound write per Zoho edit',
    );
    assert.equal(
      portalWrites.statusWrites - baseline.portal.statusWrites,
      edits.PORTAL,
      'other deal row writes: outbound marking each pushed edit SYNCED',
    );
    // The engine's own counts agree: one outbound update per portal edit, one inbound update per Zoho edit, nothing else.
    assert.deepEqual(await runCounts(editsStartedAt), {
      outbound: { updated: edits.PORTAL, other: 0 },
      inbound: { updated: edits.ZOHO, other: 0 },
    });
    console.log(
      `echo suppression: ${edits.PORTAL + edits.ZOHO} edits (${edits.PORTAL} portal, ${edits.ZOHO} Zoho) on ${DEAL_COUNT} deals in ${editingMs} ms ` +
        `(${Math.round(editingMs / ROUNDS)} ms a round); Zoho writes by sync-engine ${zohoWrites.length}, ` +
        `inbound portal writes ${portalWrites.valueWrites - baseline.portal.valueWrites - edits.PORTAL}`,
    );
  });
  /** The record's writes in Zoho's write log, oldest first: operation and who (API = sync-engine, ZOHO_USER = the test as a Zoho user). */
  const zohoWritesOf = async (zohoId: string): Promise<string[]> => {
    const { writes } = await sandbox.admin<{ writes: ZohoWrite[] }>('GET', `/orgs/${orgId}/writes?module=Deals`);
    return writes.filter((write) => write.recordId === zohoId).map((write) => `${write.operation} by ${write.channel.kind}`);
  };
  const dealById = async (id: string): Promise<DealView | null> =>
    (await gql<{ deal: DealView | null }>(`query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id })).deal;
  const linkCount = async (column: 'portal_record_id' | 'zoho_record_id', id: string): Promise<number> =>
    (
      await system
        .dataSource('sync-engine')
        .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM sync_engine.record_links WHERE ${column} = $1`, [id])
    )[0]?.n ?? 0;

  test('one story both ways: created, updated and deleted on each side reaches the other, each write made once', async () => {
    // Portal → Zoho: created in the portal.
    const { createDeal: portalBorn } = await gql<{ createDeal: DealView }>(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`,
      {
        input: {
          integrationId: demo.integration.id,
          name: 'Story: born in the portal',
          pipeline: 'Partner Channel',
          phase: 'Registered',
          amount: '500.00',
        },
      },
    );
    const linked = await eventually(async () => {
      const deal = await dealById(portalBorn.id);
      assert.equal(deal?.syncStatus, 'SYNCED');
      return deal;
    }, SYNC_TIMEOUT);
    const zohoOfPortalBorn = linked.zohoId!;
    const zohoRecord = async (id: string): Promise<ZohoDeal | undefined> => (await zohoDeals()).get(id);
    assert.deepEqual(
      [(await zohoRecord(zohoOfPortalBorn))?.values['Portal_Deal_Id'], (await zohoRecord(zohoOfPortalBorn))?.values['Stage']],
      [portalBorn.id, 'Registered'],
    );

    // Zoho → portal: a Zoho user qualifies it and changes the amount.
    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${zohoOfPortalBorn}`, {
      values: { Stage: 'Qualified', Amount: 750.25 },
    });
    await eventually(async () => {
      const deal = await dealById(portalBorn.id);
      assert.deepEqual([deal?.phase, deal?.amount], ['Qualified', '750.25']);
    }, SYNC_TIMEOUT);

    // Portal → Zoho: renamed in the portal.
    await gql('mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', {
      input: { id: portalBorn.id, name: 'Story: renamed in the portal' },
    });
    await eventually(async () => {
      assert.equal((await zohoRecord(zohoOfPortalBorn))?.values['Deal_Name'], 'Story: renamed in the portal');
      assert.equal((await dealById(portalBorn.id))?.syncStatus, 'SYNCED');
    }, SYNC_TIMEOUT);

    // Zoho → portal: deleted by a Zoho user; the portal deal and the link go with it.
    await sandbox.admin('DELETE', `/orgs/${orgId}/modules/Deals/records/${zohoOfPortalBorn}`);
    await eventually(async () => assert.equal(await dealById(portalBorn.id), null), SYNC_TIMEOUT);
    assert.equal(await linkCount('portal_record_id', portalBorn.id), 0);

    // Zoho → portal: created by a Zoho user.
    const created = await sandbox.admin<{ results: { record: { id: string } }[] }>('POST', `/orgs/${orgId}/modules/Deals/records`, {
      records: [{ Deal_Name: 'Story: born in Zoho', Pipeline: 'Standard', Stage: 'Proposal/Price Quote', Amount: 42 }],
    });
    const zohoBornId = created.results[0]!.record.id;
    const zohoBorn = await eventually(async () => {
      const deal = (await portalDeals()).find((candidate) => candidate.zohoId === zohoBornId);
      assert.deepEqual([deal?.name, deal?.phase, deal?.amount, deal?.syncStatus], ['Story: born in Zoho', 'Proposal', '42.00', 'SYNCED']);
      return deal!;
    }, SYNC_TIMEOUT);

    // Portal → Zoho: its amount changed in the portal.
    await gql('mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', { input: { id: zohoBorn.id, amount: '43.50' } });
    await eventually(async () => {
      assert.equal((await zohoRecord(zohoBornId))?.values['Amount'], 43.5);
      assert.equal((await dealById(zohoBorn.id))?.syncStatus, 'SYNCED');
    }, SYNC_TIMEOUT);

    // Portal → Zoho: deleted in the portal; Zoho's record and the link go.
    await gql('mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }', { input: { id: zohoBorn.id } });
    await eventually(async () => {
      assert.equal(await zohoRecord(zohoBornId), undefined);
      assert.equal(await linkCount('zoho_record_id', zohoBornId), 0);
    }, SYNC_TIMEOUT);

    // Each change was written once, on the side it had to reach; nothing echoed back.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.deepEqual(await zohoWritesOf(zohoOfPortalBorn), [
      'insert by API',
      'update by ZOHO_USER',
      'update by API',
      'delete by ZOHO_USER',
    ]);
    assert.deepEqual(await zohoWritesOf(zohoBornId), ['insert by ZOHO_USER', 'update by API', 'delete by API']);
  });

  test('Zoho answering 429 to every call, then an expired access token, then a revoked one: changes wait, runs say why, and each lands once', async () => {
    const deal = (await portalDeals()).find((candidate) => candidate.name.startsWith('Echo deal 1 '))!;
    const rename = (name: string) =>
      gql('mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', { input: { id: deal.id, name } });
    const failedRunSince = (since: Date, reason: RegExp, trigger?: string) =>
      eventually(async () => {
        const runs = await system
          .dataSource('sync-engine')
          .query<{ trigger: string; failure_reason: string }[]>(
            `SELECT trigger, failure_reason FROM sync_engine.sync_runs WHERE integration_id = $1 AND status = 'FAILED' AND started_at >= $2`,
            [demo.integration.id, since],
          );
        const run = runs.find(
          (candidate) => reason.test(candidate.failure_reason) && (trigger === undefined || candidate.trigger === trigger),
        );
        assert.ok(run, JSON.stringify(runs));
        return run;
      }, SYNC_TIMEOUT);
    const writesBefore = (await zohoWritesOf(deal.zohoId!)).length;

    // 429 to everything: the edit stays queued and PENDING; the run says Zoho kept answering 429.
    const stormStarted = new Date();
    await sandbox.admin('PUT', `/orgs/${orgId}/faults`, { errorRates: { '429': 1 } });
    try {
      await rename('Through a 429 storm');
      await failedRunSince(stormStarted, /Zoho kept answering 429 Too Many Requests after retries/, 'PORTAL_CHANGE');
      assert.equal((await dealById(deal.id))?.syncStatus, 'PENDING');
    } finally {
      await sandbox.admin('DELETE', `/orgs/${orgId}/faults`);
    }
    await eventually(async () => {
      assert.equal((await zohoDeals()).get(deal.zohoId!)?.values['Deal_Name'], 'Through a 429 storm');
      assert.equal((await dealById(deal.id))?.syncStatus, 'SYNCED');
    }, SYNC_TIMEOUT);

    // An expired access token is refreshed on the way: both directions carry on, no run fails.
    const issued = async () =>
      (await sandbox.admin<{ tokens: { accessTokensIssued: number } }>('GET', `/orgs/${orgId}`)).tokens.accessTokensIssued;
    const issuedBefore = await issued();
    const expiredAt = new Date();
    await sandbox.admin('POST', `/orgs/${orgId}/tokens/expire`);
    await rename('After the token expired');
    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${deal.zohoId}`, { values: { Amount: 4242 } });
    await eventually(async () => {
      assert.equal((await zohoDeals()).get(deal.zohoId!)?.values['Deal_Name'], 'After the token expired');
      const portal = await dealById(deal.id);
      assert.deepEqual([portal?.amount, portal?.syncStatus], ['4242.00', 'SYNCED']);
    }, SYNC_TIMEOUT);
    assert.ok((await issued()) > issuedBefore, 'a new access token was minted');
    const failedAfterExpiry = await system
      .dataSource('sync-engine')
      .query<unknown[]>(`SELECT 1 FROM sync_engine.sync_runs WHERE integration_id = $1 AND status = 'FAILED' AND started_at >= $2`, [
        demo.integration.id,
        expiredAt,
      ]);
    assert.deepEqual(failedAfterExpiry, []);

    // Revoked: the portal edit waits (Zoho unchanged, the deal PENDING), a run says to reconnect.
    const revokedAt = new Date();
    await sandbox.admin('POST', `/orgs/${orgId}/tokens/revoke`);
    await rename('Waiting for a new consent');
    await failedRunSince(revokedAt, /reconnect Zoho/i);
    await eventually(async () => {
      const [connection] = await system
        .dataSource('sync-engine')
        .query<{ state: string }[]>('SELECT state FROM sync_engine.sync_connections WHERE connection_id = $1', [demo.connection.id]);
      assert.equal(connection?.state, 'NEEDS_REAUTH');
    }, SYNC_TIMEOUT);
    assert.equal((await zohoDeals()).get(deal.zohoId!)?.values['Deal_Name'], 'After the token expired');
    assert.equal((await dealById(deal.id))?.syncStatus, 'PENDING');

    // A new consent, as a user gives it: the waiting edit lands, once.
    const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${orgId}/clients`, {
      kind: 'self-client',
    });
    const { code } = await sandbox.admin<{ code: string }>('POST', `/orgs/${orgId}/self-client-codes`, {
      clientId: client.clientId,
      scopes: DEMO_SCOPES,
      expiresInMinutes: 10,
    });
    await gql('mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id } }', {
      input: { dataCentre: 'US', clientId: client.clientId, clientSecret: client.clientSecret, code },
    });
    await eventually(async () => {
      assert.equal((await zohoDeals()).get(deal.zohoId!)?.values['Deal_Name'], 'Waiting for a new consent');
      assert.equal((await dealById(deal.id))?.syncStatus, 'SYNCED');
    }, SYNC_TIMEOUT);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // The three portal renames, each written once (the 429s and the refused token wrote nothing), and the Zoho user's amount edit.
    assert.deepEqual((await zohoWritesOf(deal.zohoId!)).slice(writesBefore).sort(), [
      'update by API',
      'update by API',
      'update by API',
      'update by ZOHO_USER',
    ]);
  });
});
