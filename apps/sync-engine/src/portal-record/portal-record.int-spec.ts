import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';

type LabelledPage = {
  page: { edges: { node: { label: string; integration: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/** How many statements read this table of sync-engine's schema. */
const readsOf = (sql: string[], table: string) => sql.filter((statement) => statement.includes(`"sync_engine"."${table}"`)).length;

describe('portal records (deals, contacts, leads, accounts)', () => {
  const ctx = SyncEngineTestContext.forSuite();

  /** Each kind's list query, the field a test labels rows by, and a factory of labelled rows. */
  const kinds = [
    {
      list: 'deals',
      label: 'name',
      create: (tenantId: string, label: string, integrationId: string) => ctx.newDeal(tenantId, { name: label, integrationId }),
    },
    {
      list: 'contacts',
      label: 'lastName',
      create: (tenantId: string, label: string, integrationId: string) => ctx.newContact(tenantId, { lastName: label, integrationId }),
    },
    {
      list: 'leads',
      label: 'lastName',
      create: (tenantId: string, label: string, integrationId: string) => ctx.newLead(tenantId, { lastName: label, integrationId }),
    },
    {
      list: 'accounts',
      label: 'name',
      create: (tenantId: string, label: string, integrationId: string) => ctx.newAccount(tenantId, { name: label, integrationId }),
    },
  ];

  for (const kind of kinds) {
    test(`${kind.list} lists the caller tenant's records page by page, optionally of one integration`, async () => {
      const tenantA = newTenantId();
      const otherIntegration = randomUUID();
      await kind.create(tenantA, 'A1', ctx.integrationId);
      await kind.create(tenantA, 'A2', otherIntegration);
      await kind.create(tenantA, 'A3', ctx.integrationId);
      await kind.create(newTenantId(), 'B1', ctx.integrationId);
      const query = `query($after: String, $integrationId: ID) {
        page: ${kind.list}(first: 2, after: $after, integrationId: $integrationId) {
          edges { node { label: ${kind.label} integration { id } } } pageInfo { hasNextPage endCursor } } }`;
      const labels = (result: LabelledPage | null | undefined) => result?.page.edges.map((edge) => edge.node.label);

      const first = await ctx.query<LabelledPage>(tenantA, query);
      assert.equal(first.errors, undefined);
      assert.deepEqual(labels(first.data), ['A1', 'A2']);
      assert.equal(first.data?.page.pageInfo.hasNextPage, true);
      const second = await ctx.query<LabelledPage>(tenantA, query, { after: first.data?.page.pageInfo.endCursor });
      assert.deepEqual(labels(second.data), ['A3']);
      assert.equal(second.data?.page.pageInfo.hasNextPage, false);

      const ofOtherIntegration = await ctx.query<LabelledPage>(tenantA, query, { integrationId: otherIntegration });
      assert.deepEqual(ofOtherIntegration.data?.page.edges, [{ node: { label: 'A2', integration: { id: otherIntegration } } }]);
    });
  }

  test("each kind's own fields read back by id, and another tenant's id finds nothing", async () => {
    const tenantA = newTenantId();
    const account = await ctx.newAccount(tenantA, {
      name: 'Acme GmbH',
      website: 'https://acme.example',
      industry: 'Manufacturing',
      zohoId: '5725767000000123001',
    });
    const contact = await ctx.newContact(tenantA, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@acme.example',
      phone: '+49 30 1234567',
      accountId: account.id,
    });
    const lead = await ctx.newLead(tenantA, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@navy.example',
      company: 'US Navy',
      leadStatus: 'Contacted',
    });
    const foreignLead = await ctx.newLead(newTenantId(), { lastName: 'Foreign' });
    const result = await ctx.query(
      tenantA,
      `query($contact: ID!, $lead: ID!, $account: ID!, $foreignLead: ID!) {
        contact(id: $contact) { firstName lastName email phone zohoId account { name } }
        lead(id: $lead) { firstName lastName email company leadStatus }
        account(id: $account) { name website industry zohoId }
        foreign: lead(id: $foreignLead) { id } }`,
      { contact: contact.id, lead: lead.id, account: account.id, foreignLead: foreignLead.id },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      contact: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@acme.example',
        phone: '+49 30 1234567',
        zohoId: null,
        account: { name: 'Acme GmbH' },
      },
      lead: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', company: 'US Navy', leadStatus: 'Contacted' },
      account: { name: 'Acme GmbH', website: 'https://acme.example', industry: 'Manufacturing', zohoId: '5725767000000123001' },
      foreign: null,
    });
  });

  test('entity references resolve with one query per kind and never across tenants', async () => {
    const tenantA = newTenantId();
    const tenantB = newTenantId();
    const ada = await ctx.newContact(tenantA, { lastName: 'Lovelace' });
    const alan = await ctx.newContact(tenantA, { lastName: 'Turing' });
    const grace = await ctx.newLead(tenantA, { lastName: 'Hopper' });
    const acme = await ctx.newAccount(tenantA, { name: 'Acme' });
    const foreignContact = await ctx.newContact(tenantB, { lastName: 'Foreign' });
    const foreignAccount = await ctx.newAccount(tenantB, { name: 'Initech' });
    const representations = [
      { __typename: 'Contact', id: ada.id },
      { __typename: 'Lead', id: grace.id },
      { __typename: 'Contact', id: foreignContact.id },
      { __typename: 'Account', id: acme.id },
      { __typename: 'Contact', id: alan.id },
      { __typename: 'Account', id: foreignAccount.id },
      { __typename: 'Contact', id: ada.id },
    ];
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ _entities: unknown[] }>(
        tenantA,
        `query($representations: [_Any!]!) { _entities(representations: $representations) {
          __typename ... on Contact { id lastName } ... on Lead { id lastName } ... on Account { id name } } }`,
        { representations },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [
      { __typename: 'Contact', id: ada.id, lastName: 'Lovelace' },
      { __typename: 'Lead', id: grace.id, lastName: 'Hopper' },
      null,
      { __typename: 'Account', id: acme.id, name: 'Acme' },
      { __typename: 'Contact', id: alan.id, lastName: 'Turing' },
      null,
      { __typename: 'Contact', id: ada.id, lastName: 'Lovelace' },
    ]);
    assert.deepEqual([readsOf(sql, 'contacts'), readsOf(sql, 'leads'), readsOf(sql, 'accounts')], [1, 1, 1]);
  });

  test("Contact.account joins through one batched accounts query, within the caller's tenant", async () => {
    const tenantA = newTenantId();
    const acme = await ctx.newAccount(tenantA, { name: 'Acme' });
    const globex = await ctx.newAccount(tenantA, { name: 'Globex' });
    const foreignAccount = await ctx.newAccount(newTenantId(), { name: 'Initech' });
    await ctx.newContact(tenantA, { lastName: 'Lovelace', accountId: acme.id });
    await ctx.newContact(tenantA, { lastName: 'Turing', accountId: globex.id });
    await ctx.newContact(tenantA, { lastName: 'Hopper', accountId: acme.id });
    await ctx.newContact(tenantA, { lastName: 'Knuth', accountId: null });
    await ctx.newContact(tenantA, { lastName: 'Liskov', accountId: foreignAccount.id });
    type Contacts = { contacts: { edges: { node: { lastName: string; account: { name: string } | null } }[] } };
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<Contacts>(tenantA, '{ contacts(first: 10) { edges { node { lastName account { name } } } } }'),
    );
    assert.equal(result.errors, undefined);
    // Sorted by name: contacts stored within one millisecond have no order of their own (ties go by random id).
    assert.deepEqual(
      result.data?.contacts.edges
        .map(({ node }) => [node.lastName, node.account?.name ?? null])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
      [
        ['Hopper', 'Acme'],
        ['Knuth', null],
        ['Liskov', null],
        ['Lovelace', 'Acme'],
        ['Turing', 'Globex'],
      ],
    );
    assert.equal(readsOf(sql, 'accounts'), 1);
  });

  test('a malformed integration id is refused, naming the argument', async () => {
    const result = await ctx.query(newTenantId(), '{ contacts(first: 5, integrationId: "not-an-id") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(result), { code: 'INVALID_INTEGRATION_ID', field: 'integrationId' });
    assert.equal(result.data, null);
  });
});
