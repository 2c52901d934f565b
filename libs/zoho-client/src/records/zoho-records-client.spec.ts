import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoArgumentError, ZohoConflictError, ZohoPaginationError, ZohoResponseError, ZohoValidationError } from '../errors/zoho-errors';
import type { ZohoCall, ZohoHttpClient, ZohoResponse } from '../http/zoho-http-client';
import { batchOutcomes, chunkFields, searchCriteria, ZohoRecordsClient } from './zoho-records-client';

/** An HTTP client double that serves list pages from memory, recording each call's query. */
function listingHttp(total: number): { http: ZohoHttpClient; calls: ZohoCall[] } {
  const calls: ZohoCall[] = [];
  const http = {
    call: (call: ZohoCall): Promise<ZohoResponse> => {
      calls.push(call);
      const query = call.query ?? {};
      const perPage = Number(query['per_page']);
      const offset = query['page_token'] !== undefined ? Number(query['page_token']) : (Number(query['page']) - 1) * perPage;
      const data = Array.from({ length: Math.max(0, Math.min(perPage, total - offset)) }, (_, index) => ({
        id: String(offset + index + 1),
      }));
      const more = offset + data.length < total;
      return Promise.resolve({
        status: 200,
        headers: new Headers(),
        body: { data, info: { more_records: more, next_page_token: more ? String(offset + perPage) : null } },
      });
    },
  } as unknown as ZohoHttpClient;
  return { http, calls };
}

/** An HTTP client double that answers every call with this status and body, recording the calls. */
function answeringHttp(status: number, body: unknown): { http: ZohoHttpClient; calls: ZohoCall[] } {
  const calls: ZohoCall[] = [];
  const http = {
    call: (call: ZohoCall): Promise<ZohoResponse> => {
      calls.push(call);
      return Promise.resolve({ status, headers: new Headers(), body });
    },
  } as unknown as ZohoHttpClient;
  return { http, calls };
}

describe('records client (pure parts)', () => {
  test('fields are chunked to 50 per call, without duplicates or id', () => {
    const fields = ['id', ...Array.from({ length: 120 }, (_, index) => `F${index}`), 'F0'];
    const chunks = chunkFields(fields);
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [50, 50, 20],
    );
    assert.equal(new Set(chunks.flat()).size, 120);
    assert.throws(
      () => chunkFields(['id']),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'fields',
    );
    assert.throws(
      () => chunkFields(['Bad,Field']),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'fields[0]',
    );
  });

  test('search criteria escape ( ) , and \\ in values and pair criteria with and', () => {
    assert.equal(
      searchCriteria([{ field: 'Account_Name', operator: 'equals', value: 'Acme (Holdings), Ltd' }]),
      '(Account_Name:equals:Acme \\(Holdings\\)\\, Ltd)',
    );
    assert.equal(
      searchCriteria([
        { field: 'Email', operator: 'in', value: ['a@x.com', 'b,c@x.com'] },
        { field: 'Amount', operator: 'greater_than', value: 5 },
      ]),
      '((Email:in:a@x.com,b\\,c@x.com)and(Amount:greater_than:5))',
    );
    assert.equal(searchCriteria([{ field: 'Name', operator: 'equals', value: 'a\\)' }]), '(Name:equals:a\\\\\\))');
    assert.throws(() => searchCriteria([{ field: 'Name:equals:x)or(Name', operator: 'equals', value: 'y' }]), ZohoArgumentError);
  });

  test('batch outcomes keep input order and typed per-record errors', () => {
    const outcomes = batchOutcomes(
      207,
      [
        { code: 'SUCCESS', details: { id: '111' }, message: 'record added', status: 'success' },
        {
          code: 'DUPLICATE_DATA',
          details: { api_name: 'Email', duplicate_record: { id: '9' } },
          message: 'duplicate data',
          status: 'error',
        },
        {
          code: 'SUCCESS',
          details: { id: '222' },
          message: 'record updated',
          status: 'success',
          action: 'update',
          duplicate_field: 'Email',
        },
        { code: 'INVALID_DATA', details: { api_name: 'Amount', expected_data_type: 'double' }, message: 'invalid data', status: 'error' },
      ],
      4,
      100,
    );
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.index, outcome.status]),
      [
        [100, 'success'],
        [101, 'error'],
        [102, 'success'],
        [103, 'error'],
      ],
    );
    const duplicate = outcomes[1];
    assert.ok(duplicate?.status === 'error' && duplicate.error instanceof ZohoConflictError && duplicate.error.field === 'Email');
    const invalid = outcomes[3];
    assert.ok(
      invalid?.status === 'error' &&
        invalid.error instanceof ZohoValidationError &&
        invalid.error.details['expected_data_type'] === 'double',
    );
    assert.deepEqual(outcomes[2], {
      status: 'success',
      index: 102,
      id: '222',
      action: 'update',
      duplicateField: 'Email',
      details: { id: '222' },
    });
  });

  test('a lone error for a multi-record batch is a request-level error (INVALID_MODULE on POST)', () => {
    assert.throws(
      () =>
        batchOutcomes(
          400,
          [
            {
              code: 'INVALID_MODULE',
              details: { resource_path_index: 0 },
              message: 'the module name given seems to be invalid',
              status: 'error',
            },
          ],
          3,
          0,
        ),
      (error: unknown) => error instanceof ZohoValidationError && error.code === 'INVALID_MODULE',
    );
  });

  test('list switches from page to page_token at 2,000 and stops itself at Zoho’s 100,000', async () => {
    const { http, calls } = listingHttp(150_000);
    const client = new ZohoRecordsClient(http, { apiVersion: 'v8', timeZoneFor: () => 'UTC' });
    let count = 0;
    await assert.rejects(
      (async () => {
        for await (const record of client.list('org', 'Leads', { fields: ['Last_Name'] })) {
          count += 1;
          assert.equal(record.id, String(count));
        }
      })(),
      (error: unknown) => error instanceof ZohoPaginationError && error.code === 'PAGINATION_LIMIT_EXCEEDED',
    );
    assert.equal(count, 100_000);
    assert.equal(calls.length, 500);
    assert.ok(calls.slice(0, 10).every((call) => call.query?.['page'] !== undefined && call.query['page_token'] === undefined));
    assert.ok(calls.slice(10).every((call) => call.query?.['page_token'] !== undefined && call.query['page'] === undefined));
  });

  test('perPage and update ids are validated before any call', async () => {
    const { http, calls } = listingHttp(10);
    const client = new ZohoRecordsClient(http, { apiVersion: 'v8', timeZoneFor: () => 'UTC' });
    await assert.rejects(
      client.list('org', 'Leads', { fields: ['x'], perPage: 201 }).next(),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'perPage',
    );
    await assert.rejects(
      client.update('org', 'Leads', [{ Last_Name: 'no id' }]),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'records[0].id',
    );
    assert.equal(calls.length, 0);
  });

  test('count reads Zoho’s string (or a number) as a whole number, 204 as none, and refuses anything else naming count', async () => {
    const counted = async (status: number, body: unknown): Promise<number> =>
      new ZohoRecordsClient(answeringHttp(status, body).http, { apiVersion: 'v8', timeZoneFor: () => 'UTC' }).count('org', 'Deals');
    assert.equal(await counted(200, { count: '3000' }), 3_000);
    assert.equal(await counted(200, { count: 100_000 }), 100_000);
    assert.equal(await counted(200, { count: '0' }), 0);
    assert.equal(await counted(204, null), 0);
    for (const body of [{ count: '-1' }, { count: '1.5' }, { count: 2.5 }, { count: '' }, { count: 'many' }, { count: null }, {}, null]) {
      await assert.rejects(
        counted(200, body),
        (error: unknown) => error instanceof ZohoResponseError && error.code === 'UNEXPECTED_RESPONSE' && error.field === 'count',
        JSON.stringify(body),
      );
    }
    await assert.rejects(counted(200, { count: '9007199254740993' }), ZohoResponseError, 'beyond a safe integer');
  });

  test('count asks one call, 1 credit, with the criteria search would send, or none', async () => {
    const { http, calls } = answeringHttp(200, { count: '7' });
    const client = new ZohoRecordsClient(http, { apiVersion: 'v8', timeZoneFor: () => 'UTC' });
    await client.count('org', 'Deals', {
      criteria: [{ field: 'Modified_Time', operator: 'greater_equal', value: '2026-01-15T00:00:00+01:00' }],
    });
    await client.count('org', 'Deals');
    assert.deepEqual(
      calls.map((call) => ({ operation: call.operation, path: call.path, query: call.query, credits: call.credits })),
      [
        {
          operation: 'records.count',
          path: '/crm/v8/Deals/actions/count',
          query: { criteria: '(Modified_Time:greater_equal:2026-01-15T00:00:00+01:00)' },
          credits: 1,
        },
        { operation: 'records.count', path: '/crm/v8/Deals/actions/count', query: undefined, credits: 1 },
      ],
    );
    await assert.rejects(
      client.count('org', 'Deals', { criteria: [] }),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'criteria',
    );
    assert.equal(calls.length, 2, 'bad criteria are refused before calling');
  });
});
