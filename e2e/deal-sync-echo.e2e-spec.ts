import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, eventually, postGraphql, ZohoSandboxProcess, type TestDatabase } from '@crm-bridge/testing';
import { DEMO_MAPPING_DEFINITION, setUpDemoIntegration, type DemoIntegration } from '../scripts/demo-integration';
import { startLocalSystem, type LocalSystem } from './support/local-system';

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

describe('echo suppression: 1,000 alternating edits on both sides end equal, with no write beyond the edits', () => {
  let database: TestDatabase;
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
    database = await createTestDatabase();
    sandbox = await ZohoSandboxProcess.start({ demoOrg: true });
    system = await startLocalSystem(database.url, {
      serviceEnvironment: {
        'auth-connector': { ZOHO_SANDBOX_URL: sandbox.origin },
        'sync-engine': {
          SYNC_WORKER_TICK_MS: '50',
          OUTBOUND_LINGER_MS: '50',
          // The poll runs too, every 2 s over a 2 s overlap: it reads every edit (and every write of
          // ours) a second time, after its notification did — echoes it must see as such.
          INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS: '2',
          INBOUND_POLL_OVERLAP_SECONDS: '2',
        },
      },
    });
    graphqlUrl = `${system.gateway.url}/graphql`;
    const { orgs } = await sandbox.admin<{ orgs: { id: string; companyName: string }[] }>('GET', '/orgs');
    orgId = orgs.find((org) => org.companyName === 'Demo Partner Org')?.id ?? '';
    authorization = `Bearer ${await system.tokenFor({ tenantId: `tenant-${randomUUID()}`, roles: ['admin'] })}`;
    demo = (await setUpDemoIntegration({ graphqlUrl, authorization, sandboxOrigin: sandbox.origin }))!;
    assert.ok(demo);
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

  after(async () => {
    await system?.close();
    await sandbox?.stop();
    await database?.drop();
  });

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
});
