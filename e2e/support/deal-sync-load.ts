import assert from 'node:assert/strict';
import { eventually, postGraphql, type ZohoSandboxProcess } from '@crm-bridge/testing';

/**
 * Load for the deal sync e2e tests (several instances, a crash mid-batch): many portal deals created
 * through the gateway, the integration's settings changed and awaited in sync-engine's copy, and
 * the sandbox's Deals counted by the portal id they carry.
 */

/** Reads one value from sync-engine's database (in-process data source or a client of its own). */
export type SyncEngineQuery = <T>(sql: string, parameters: unknown[]) => Promise<T[]>;

/** A GraphQL call through the gateway that fails the test on any error. */
export async function gatewayRequest<T>(
  graphqlUrl: string,
  authorization: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data as T;
}

/**
 * Creates `count` deals for the integration, `concurrency` requests at a time, and returns their
 * ids. The first waits until sync-engine has learned the tenant's portal deal schema (it arrives on
 * Kafka shortly after the demo setup).
 */
export async function createDeals(
  graphqlUrl: string,
  authorization: string,
  integrationId: string,
  count: number,
  options: { namePrefix: string; concurrency?: number },
): Promise<string[]> {
  const create = async (index: number): Promise<string> =>
    (
      await gatewayRequest<{ createDeal: { id: string } }>(
        graphqlUrl,
        authorization,
        'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }',
        {
          input: {
            integrationId,
            name: `${options.namePrefix} ${index}`,
            phase: index % 2 === 0 ? 'Registered' : 'Proposal',
            amount: `${1000 + index}.00`,
            ...(index % 3 === 0 ? { pipeline: 'Partner Channel' } : {}),
          },
        },
      )
    ).createDeal.id;
  const ids: string[] = [await eventually(() => create(0), { timeoutMs: 30_000, intervalMs: 200 })];
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      ids.push(await create(index));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return ids;
}

/** Sets the integration's debounce and waits until sync-engine's copy of the settings has it. */
export async function setDebounceSeconds(
  graphqlUrl: string,
  authorization: string,
  integrationId: string,
  debounceSeconds: number,
  query: SyncEngineQuery,
): Promise<void> {
  await gatewayRequest(
    graphqlUrl,
    authorization,
    'mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }',
    { input: { integrationId, debounceSeconds } },
  );
  await eventually(
    async () => {
      const [row] = await query<{ debounce: number }>(
        `SELECT (settings->>'debounceSeconds')::int AS debounce FROM sync_engine.sync_integrations WHERE integration_id = $1`,
        [integrationId],
      );
      assert.equal(row?.debounce, debounceSeconds);
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** The sandbox's demo org (the one `setUpDemoIntegration` connects). */
export async function sandboxDemoOrgId(sandbox: ZohoSandboxProcess): Promise<string> {
  const { orgs } = await sandbox.admin<{ orgs: { id: string; companyName: string }[] }>('GET', '/orgs');
  const demo = orgs.find((org) => org.companyName === 'Demo Partner Org');
  assert.ok(demo, 'the sandbox runs with its demo org');
  return demo.id;
}

/**
 * A second org shaped like the demo org for what the demo mapping needs (its Partner Channel
 * pipeline, the Portal_Deal_Id external id and Partner_Region), so a second tenant's integration
 * syncs with an org of its own (`setUpDemoIntegration({ zohoOrgName })`); returns its id.
 */
export async function createDemoShapedOrg(sandbox: ZohoSandboxProcess, companyName: string): Promise<string> {
  const org = await sandbox.admin<{ id: string }>('POST', '/orgs', {
    location: 'us',
    companyName,
    timeZone: 'Europe/Berlin',
    edition: 'enterprise',
  });
  await sandbox.admin('POST', `/orgs/${org.id}/pipelines`, {
    name: 'Partner Channel',
    stages: [
      { name: 'Registered', probability: 10, forecastType: 'Open' },
      { name: 'Qualified', probability: 30, forecastType: 'Open' },
      { name: 'Proposal', probability: 60, forecastType: 'Open' },
      { name: 'Closed Won', probability: 100, forecastType: 'Closed Won' },
      { name: 'Closed Lost', probability: 0, forecastType: 'Closed Lost' },
    ],
  });
  await sandbox.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, {
    apiName: 'Portal_Deal_Id',
    dataType: 'text',
    length: 64,
    external: true,
  });
  await sandbox.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, {
    apiName: 'Partner_Region',
    dataType: 'picklist',
    pickListValues: ['EMEA', 'Americas', 'APAC'],
  });
  return org.id;
}

/** The org's Deals by the portal deal id they carry (Portal_Deal_Id), each with every Zoho id that carries it. */
export async function zohoDealIdsByPortalId(sandbox: ZohoSandboxProcess, orgId: string): Promise<Map<string, string[]>> {
  const { records } = await sandbox.admin<{ records: { id: string; values: Record<string, unknown> }[] }>(
    'GET',
    `/orgs/${orgId}/modules/Deals/records`,
  );
  const byPortalId = new Map<string, string[]>();
  for (const record of records) {
    const portalId = record.values['Portal_Deal_Id'];
    if (typeof portalId === 'string') {
      byPortalId.set(portalId, [...(byPortalId.get(portalId) ?? []), record.id]);
    }
  }
  return byPortalId;
}

/**
 * Asserts the end state "nothing lost, nothing duplicated" for `dealIds`: each deal SYNCED, with one
 * record link, and exactly one Zoho deal carrying its portal id — the one its link and `zohoId` name.
 */
export async function assertEachDealSyncedOnce(
  dealIds: readonly string[],
  query: SyncEngineQuery,
  zohoByPortalId: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const rows = await query<{ id: string; sync_status: string; zoho_id: string | null; links: number; linked_zoho_id: string | null }>(
    `SELECT deal.id, deal.sync_status, deal.zoho_id, count(link.id)::int AS links, min(link.zoho_record_id) AS linked_zoho_id
       FROM sync_engine.deals deal LEFT JOIN sync_engine.record_links link ON link.portal_record_id = deal.id
      WHERE deal.id = ANY($1::uuid[]) GROUP BY deal.id`,
    [dealIds],
  );
  assert.equal(rows.length, dealIds.length, 'every deal is still there');
  const wrong = rows.filter((row) => {
    const zoho = zohoByPortalId.get(row.id) ?? [];
    return (
      row.sync_status !== 'SYNCED' || row.links !== 1 || zoho.length !== 1 || zoho[0] !== row.zoho_id || row.zoho_id !== row.linked_zoho_id
    );
  });
  assert.deepEqual(
    wrong.slice(0, 5).map((row) => ({ ...row, zoho: zohoByPortalId.get(row.id) ?? [] })),
    [],
    `${wrong.length} of ${rows.length} deals are not synced exactly once`,
  );
}

/** How many of `dealIds` are SYNCED now. */
export async function syncedCount(dealIds: readonly string[], query: SyncEngineQuery): Promise<number> {
  const [row] = await query<{ synced: number }>(
    `SELECT count(*)::int AS synced FROM sync_engine.deals WHERE id = ANY($1::uuid[]) AND sync_status = 'SYNCED'`,
    [dealIds],
  );
  return row?.synced ?? 0;
}
