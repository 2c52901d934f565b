import { formatZohoDateTime, parseZohoDateTime } from '../clock/zoho-time';
import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import { enumParam, pageInfo, pageParams } from '../crm-api/query-params';
import type { HttpExchange } from '../http/http-exchange';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxContext } from '../sandbox.context';
import { RecordPresenter } from './record.presenter';
import { LIST_LIMITS, modifiedSinceHeader, parseListQuery, type ListQuery } from './record-list.query';
import type { DeleteOutcome, WriteOutcome } from './record-write.service';
import type { WriteChannel } from './record-write-log';
import type { StoredRecord } from './record.model';
import { matchesCriteria, parseSearchCriteria, SearchCriteriaError, type SearchNode } from './search-criteria';

const MODULE = '/dc/:dc/crm/:version/:module';
const MAX_WRITE_RECORDS = 100;
const MAX_SEARCH_RESULTS = 2_000;
const TRIGGERS = ['workflow', 'approval', 'blueprint'];

type Operation = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

/** The records API (reference §2): list, get, insert, update, upsert, delete, deleted, search, count. */
export function registerRecordRoutes(router: Router, context: SandboxContext): void {
  router.add(
    'GET',
    `${MODULE}/deleted`,
    crmEndpoint(context, (request) => listDeleted(request, resolveModule(request, 'READ'))),
  );
  router.add(
    'GET',
    `${MODULE}/search`,
    crmEndpoint(context, (request) => search(request, resolveModule(request, 'READ'), context)),
  );
  router.add(
    'GET',
    `${MODULE}/actions/count`,
    crmEndpoint(context, (request) => count(request, resolveModule(request, 'READ'))),
  );
  const heavyWrite = { isHeavy: isHeavyWrite };
  router.add(
    'POST',
    `${MODULE}/upsert`,
    crmEndpoint(context, (request) => upsert(request, context), heavyWrite),
  );
  router.add(
    'GET',
    `${MODULE}/:id`,
    crmEndpoint(context, (request) => getOne(request, resolveModule(request, 'READ'))),
  );
  router.add(
    'PUT',
    `${MODULE}/:id`,
    crmEndpoint(context, (request) => update(request, context, request.exchange.params['id'] ?? ''), heavyWrite),
  );
  router.add(
    'DELETE',
    `${MODULE}/:id`,
    crmEndpoint(context, (request) => remove(request, context, [request.exchange.params['id'] ?? ''])),
  );
  router.add(
    'GET',
    MODULE,
    crmEndpoint(context, (request) => list(request, resolveModule(request, 'READ'), context)),
  );
  router.add(
    'POST',
    MODULE,
    crmEndpoint(context, (request) => insert(request, context), heavyWrite),
  );
  router.add(
    'PUT',
    MODULE,
    crmEndpoint(context, (request) => update(request, context, null), heavyWrite),
  );
  router.add(
    'DELETE',
    MODULE,
    crmEndpoint(context, (request) => remove(request, context, idsParam(request))),
  );
}

interface ExternalIds {
  /** `{Module}.{External_Field}`: records are addressed by this field's value instead of their id. */
  recordField: FieldDefinition | null;
  /** `{Module}.{Lookup}.{External_Field}`: the lookup is written as `{"External_Field": "value"}`. */
  lookups: Record<string, string>;
}

/** The comma-separated `X-EXTERNAL` header (reference §2.1); every entry must name an external-id field. */
function externalIds(request: CrmRequest, module: ModuleDefinition): ExternalIds {
  const ids: ExternalIds = { recordField: null, lookups: {} };
  const header = request.exchange.header('x-external');
  if (header === undefined) {
    return ids;
  }
  const invalid = (): ZohoApiError =>
    new ZohoApiError(400, 'INVALID_DATA', 'The value of the external field is invalid.', { param_name: 'X-EXTERNAL' });
  for (const entry of header.split(',').map((part) => part.trim())) {
    const [moduleName, fieldName, targetFieldName, ...rest] = entry.split('.');
    if (rest.length > 0 || moduleName?.toLowerCase() !== module.apiName.toLowerCase()) {
      throw invalid();
    }
    const field = module.fields.find((candidate) => candidate.apiName === fieldName);
    if (targetFieldName === undefined) {
      if (!field?.external) {
        throw invalid();
      }
      ids.recordField = field;
      continue;
    }
    const target = field?.dataType === 'lookup' && field.lookupModule !== null ? request.org.catalog.find(field.lookupModule) : undefined;
    const targetField = target?.fields.find((candidate) => candidate.apiName === targetFieldName);
    if (!field || !targetField?.external) {
      throw invalid();
    }
    ids.lookups[field.apiName] = targetField.apiName;
  }
  return ids;
}

function externalField(request: CrmRequest, module: ModuleDefinition): FieldDefinition | null {
  return externalIds(request, module).recordField;
}

/** The record id for an external value, or the value itself when nothing matches (it then fails as an unknown id). */
function idForExternalValue(request: CrmRequest, module: ModuleDefinition, field: FieldDefinition, value: string): string {
  for (const record of request.org.records.records(module.apiName).values()) {
    if (record.values[field.apiName] === value) {
      return record.id;
    }
  }
  return value;
}

/**
 * The module named in the path, with the token's scope for the operation checked. An unknown
 * module is a top-level INVALID_MODULE on reads, but an element of `data[]` on writes (reference §2.2).
 */
function resolveModule(request: CrmRequest, operation: Operation): ModuleDefinition {
  const module = request.org.catalog.find(request.exchange.params['module'] ?? '');
  if (!module && operation !== 'READ' && request.exchange.method !== 'DELETE') {
    throw new ZohoApiError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }, 'data-element');
  }
  if (!module) {
    throw ZohoErrors.invalidModule();
  }
  request.requireScope('ZohoCRM', 'modules', module.apiName, operation, module.generatedType === 'custom');
  return module;
}

function list(request: CrmRequest, module: ModuleDefinition, context: SandboxContext): void {
  const query = parseListQuery(request, module);
  const now = context.clock.now();
  const offset = listOffset(request, query, now);
  request.charge(1);
  // Filtered before sorting: an org of 100,000 deals must not be sorted whole to list a few (Zoho has indexes).
  let records: StoredRecord[];
  if (query.ids !== null) {
    const external = externalField(request, module);
    const wanted = new Set(external === null ? query.ids : query.ids.map((value) => idForExternalValue(request, module, external, value)));
    records = [...wanted].flatMap((id) => request.org.records.get(module.apiName, id) ?? []);
  } else {
    records = [...request.org.records.records(module.apiName).values()];
  }
  if (query.modifiedSince !== null) {
    const since = Math.floor(query.modifiedSince / 1000);
    records = records.filter((record) => Math.floor((record.values['Modified_Time'] as number) / 1000) > since);
    // Nothing modified since the given time: 304 with no body (reference §2.3).
    if (records.length === 0) {
      return request.exchange.sendEmpty(304);
    }
  }
  records = sortRecords(records, query);
  const page = records.slice(offset, offset + query.perPage);
  if (page.length === 0) {
    return request.exchange.sendEmpty(204);
  }
  const moreRecords = records.length > offset + page.length;
  const presenter = new RecordPresenter(request.org, request.timeZone);
  const info: Record<string, unknown> = pageInfo(Math.floor(offset / query.perPage) + 1, query.perPage, page.length, moreRecords);
  if (request.profile.richListInfo) {
    const next = moreRecords ? request.org.pageTokens.issue(request.user.id, query.boundTo, offset + query.perPage, now) : null;
    const previous =
      offset > 0 ? request.org.pageTokens.issue(request.user.id, query.boundTo, Math.max(0, offset - query.perPage), now) : null;
    Object.assign(info, {
      call: false,
      email: false,
      sort_by: query.sortBy,
      sort_order: query.sortOrder,
      next_page_token: next?.token ?? null,
      previous_page_token: previous?.token ?? null,
      page_token_expiry: next ? formatZohoDateTime(next.expiresAt, request.timeZone) : null,
    });
  }
  request.exchange.sendJson(200, { data: page.map((record) => presenter.render(module, record, query.fields)), info });
}

/** Where the page starts: `page` reaches the first 2,000 records, `page_token` up to 100,000 (reference §2.1). */
function listOffset(request: CrmRequest, query: ListQuery, now: number): number {
  if (query.pageToken === null) {
    const page = query.page ?? 1;
    if (page * query.perPage > LIST_LIMITS.discretePageLimit) {
      throw new ZohoApiError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'Records beyond 2000 can be fetched only with page_token', {
        limit: LIST_LIMITS.discretePageLimit,
      });
    }
    return (page - 1) * query.perPage;
  }
  const lookup = request.org.pageTokens.lookup(query.pageToken, request.user.id, query.boundTo, now);
  switch (lookup.kind) {
    case 'unknown':
      throw ZohoErrors.invalidParam('page_token');
    case 'expired':
      throw new ZohoApiError(400, 'EXPIRED_VALUE', 'the given page_token has expired', { param_name: 'page_token' });
    case 'mismatch':
      throw new ZohoApiError(400, 'TOKEN_BOUND_DATA_MISMATCH', 'the page_token is bound to other request parameters', {
        param_name: 'page_token',
      });
    case 'ok':
      if (lookup.entry.offset + query.perPage > LIST_LIMITS.tokenPageLimit) {
        throw new ZohoApiError(400, 'PAGINATION_LIMIT_EXCEEDED', 'Records beyond 100000 cannot be fetched', {
          limit: LIST_LIMITS.tokenPageLimit,
        });
      }
      return lookup.entry.offset;
  }
}

function sortRecords(records: StoredRecord[], query: Pick<ListQuery, 'sortBy' | 'sortOrder'>): StoredRecord[] {
  const direction = query.sortOrder === 'asc' ? 1 : -1;
  const key = (record: StoredRecord): number | string => (query.sortBy === 'id' ? record.id : (record.values[query.sortBy] as number));
  return records.sort((left, right) => {
    const [a, b] = [key(left), key(right)];
    if (a !== b) {
      return (a < b ? -1 : 1) * direction;
    }
    return (left.id < right.id ? -1 : left.id > right.id ? 1 : 0) * direction;
  });
}

function getOne(request: CrmRequest, module: ModuleDefinition): void {
  const external = externalField(request, module);
  const pathValue = request.exchange.params['id'] ?? '';
  const id = external === null ? pathValue : idForExternalValue(request, module, external, pathValue);
  if (external === null && !/^\d+$/.test(id)) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 });
  }
  const fieldsParam = request.exchange.query.get('fields');
  const fields = fieldsParam === null ? null : fieldsParam.split(',').map((name) => fieldOf(module, name.trim()));
  request.charge(1);
  const record = request.org.records.get(module.apiName, id);
  if (!record) {
    return request.exchange.sendEmpty(204);
  }
  const presenter = new RecordPresenter(request.org, request.timeZone);
  request.exchange.sendJson(200, { data: [presenter.render(module, record, fields?.filter((field) => field !== null) ?? null)] });
}

function fieldOf(module: ModuleDefinition, apiName: string): FieldDefinition | null {
  if (apiName === 'id') {
    return null;
  }
  const field = module.fields.find((candidate) => candidate.apiName === apiName);
  if (!field) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: 'fields', api_name: apiName });
  }
  return field;
}

/** Reads `{"data":[…], "trigger":[…]}` of a write, with Zoho's errors for a malformed body. */
async function writeBody(request: CrmRequest): Promise<{ data: unknown[]; body: Record<string, unknown> }> {
  const record = await request.jsonObjectBody();
  const data = record['data'];
  if (data === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('data', '$.data');
  }
  if (!Array.isArray(data)) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { expected_data_type: 'jsonarray', api_name: 'data', json_path: '$.data' });
  }
  if (data.length === 0) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });
  }
  if (data.length > MAX_WRITE_RECORDS) {
    throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'Record count exceeded', {
      limit: MAX_WRITE_RECORDS,
      api_name: 'data',
      json_path: '$.data',
    });
  }
  const trigger = record['trigger'];
  if (
    trigger !== undefined &&
    (!Array.isArray(trigger) || trigger.some((entry) => typeof entry !== 'string' || !TRIGGERS.includes(entry)))
  ) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'trigger',
      json_path: '$.trigger',
      supported_values: TRIGGERS,
    });
  }
  return { data, body: record };
}

/** Writes cost 1 credit per 10 records (reference §8). */
function chargeWrite(request: CrmRequest, count: number): void {
  request.charge(Math.max(1, Math.ceil(count / 10)));
}

/** The write log's channel of a CRM API call: the REST API, by the OAuth client of the token. */
function apiChannel(request: CrmRequest): WriteChannel {
  return { kind: 'API', clientId: request.grant.clientId };
}

/** Inserts, updates and upserts of more than 10 records use the sub-concurrency pool (reference §8). */
async function isHeavyWrite(exchange: HttpExchange): Promise<boolean> {
  const body = await exchange.jsonBody();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return false;
  }
  const data = (body as Record<string, unknown>)['data'];
  return Array.isArray(data) && data.length > 10;
}

async function insert(request: CrmRequest, context: SandboxContext): Promise<void> {
  const module = resolveModule(request, 'CREATE');
  const { data } = await writeBody(request);
  chargeWrite(request, data.length);
  const outcomes = context
    .recordWriter(request.org, { externalLookups: externalIds(request, module).lookups, channel: apiChannel(request) })
    .insert(module, data, request.user);
  sendWriteOutcomes(request, outcomes, 201);
}

async function update(request: CrmRequest, context: SandboxContext, pathId: string | null): Promise<void> {
  const module = resolveModule(request, 'UPDATE');
  const { data } = await writeBody(request);
  if (pathId !== null && data.length !== 1) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });
  }
  const header = request.exchange.header('if-unmodified-since');
  const ifUnmodifiedSince = header === undefined ? null : parseZohoDateTime(header.trim());
  if (header !== undefined && ifUnmodifiedSince === null) {
    throw ZohoErrors.invalidParam('If-Unmodified-Since');
  }
  chargeWrite(request, data.length);
  const external = externalField(request, module);
  const idOf = (value: string): string => (external === null ? value : idForExternalValue(request, module, external, value));
  const withIds = data.map((entry) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      return entry;
    }
    const record = entry as Record<string, unknown>;
    if (pathId !== null) {
      return { ...record, id: idOf(pathId) };
    }
    const externalValue = external === null ? undefined : record[external.apiName];
    // With X-EXTERNAL, a record without an id is identified by its external value.
    if (record['id'] === undefined && typeof externalValue === 'string') {
      return { ...record, id: idOf(externalValue) };
    }
    return record;
  });
  const outcomes = context
    .recordWriter(request.org, { externalLookups: externalIds(request, module).lookups, channel: apiChannel(request) })
    .update(module, withIds, request.user, ifUnmodifiedSince);
  sendWriteOutcomes(request, outcomes, 200);
}

async function upsert(request: CrmRequest, context: SandboxContext): Promise<void> {
  const module = resolveModule(request, 'CREATE');
  request.requireScope('ZohoCRM', 'modules', module.apiName, 'UPDATE', module.generatedType === 'custom');
  const { data, body } = await writeBody(request);
  const external = externalField(request, module);
  const checkFields =
    external !== null && body['duplicate_check_fields'] === undefined
      ? [external]
      : duplicateCheckFields(module, body['duplicate_check_fields']);
  chargeWrite(request, data.length);
  const outcomes = context
    .recordWriter(request.org, { externalLookups: externalIds(request, module).lookups, channel: apiChannel(request) })
    .upsert(module, data, request.user, checkFields);
  sendWriteOutcomes(request, outcomes, 200);
}

/** `duplicate_check_fields`, or by default the system-defined field then the unique fields (reference §2.1). */
function duplicateCheckFields(module: ModuleDefinition, raw: unknown): FieldDefinition[] {
  if (raw === undefined) {
    const system = module.fields.filter((field) => field.apiName === module.systemDuplicateCheckField);
    return [...system, ...module.fields.filter((field) => field.unique && !system.includes(field))];
  }
  const invalid = (): ZohoApiError =>
    new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'duplicate_check_fields', json_path: '$.duplicate_check_fields' });
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalid();
  }
  return raw.map((name) => {
    const field = module.fields.find((candidate) => candidate.apiName === name);
    if (!field || (field.apiName !== module.systemDuplicateCheckField && !field.unique)) {
      throw invalid();
    }
    return field;
  });
}

function sendWriteOutcomes(request: CrmRequest, outcomes: WriteOutcome[], allSucceededStatus: 200 | 201): void {
  const presenter = new RecordPresenter(request.org, request.timeZone);
  const data = outcomes.map((outcome) => {
    if (!outcome.ok) {
      return outcome.error;
    }
    const values = outcome.record.values;
    const element: Record<string, unknown> = {
      code: 'SUCCESS',
      details: {
        Modified_Time: formatZohoDateTime(values['Modified_Time'] as number, request.timeZone),
        Modified_By: presenter.userReference(values['Modified_By'] as string, false),
        Created_Time: formatZohoDateTime(values['Created_Time'] as number, request.timeZone),
        id: outcome.record.id,
        Created_By: presenter.userReference(values['Created_By'] as string, false),
        $approval_state: 'approved',
      },
      message: outcome.action === 'insert' ? 'record added' : 'record updated',
      status: 'success',
    };
    if (request.exchange.url.pathname.endsWith('/upsert')) {
      element['duplicate_field'] = outcome.duplicateField;
      element['action'] = outcome.action;
    }
    return element;
  });
  request.exchange.sendJson(batchStatus(outcomes, allSucceededStatus), { data });
}

/** 201/200 when every record succeeded, 207 when some did, 400 when none did (412 when all were stale). */
function batchStatus(outcomes: (WriteOutcome | DeleteOutcome)[], allSucceededStatus: number): number {
  const failures = outcomes.filter((outcome) => !outcome.ok);
  if (failures.length === 0) {
    return allSucceededStatus;
  }
  if (failures.length < outcomes.length) {
    return 207;
  }
  return failures.every((outcome) => !outcome.ok && outcome.error.code === 'ALREADY_MODIFIED') ? 412 : 400;
}

function idsParam(request: CrmRequest): string[] {
  const raw = request.exchange.query.get('ids');
  if (raw === null || raw.trim() === '') {
    throw ZohoErrors.requiredParamMissing('ids');
  }
  const ids = raw.split(',').map((id) => id.trim());
  if (ids.length > MAX_WRITE_RECORDS) {
    throw ZohoErrors.limitExceeded('ids', MAX_WRITE_RECORDS);
  }
  return ids;
}

function remove(request: CrmRequest, context: SandboxContext, values: string[]): void {
  const module = resolveModule(request, 'DELETE');
  const external = externalField(request, module);
  const ids = external === null ? values : values.map((value) => idForExternalValue(request, module, external, value));
  enumParam(request.exchange.query, 'wf_trigger', ['true', 'false'] as const, 'true');
  request.charge(1);
  const outcomes = context.recordWriter(request.org, { channel: apiChannel(request) }).delete(module, ids, request.user);
  const data = outcomes.map((outcome) =>
    outcome.ok ? { code: 'SUCCESS', details: { id: outcome.id }, message: 'record deleted', status: 'success' } : outcome.error,
  );
  request.exchange.sendJson(batchStatus(outcomes, 200), { data });
}

/** `GET /{module}/deleted?type=all|recycle|permanent` (reference §2.1); costs 2 credits. */
function listDeleted(request: CrmRequest, module: ModuleDefinition): void {
  const type = enumParam(request.exchange.query, 'type', ['all', 'recycle', 'permanent'] as const, 'all');
  const { page, perPage } = pageParams(request.exchange.query);
  const modifiedSince = modifiedSinceHeader(request);
  request.charge(2);
  const presenter = new RecordPresenter(request.org, request.timeZone);
  const entries = request.org.records
    .deletedRecords(module.apiName, request.now())
    .filter((entry) => type === 'all' || entry.type === type)
    .filter((entry) => modifiedSince === null || Math.floor(entry.deletedTime / 1000) > Math.floor(modifiedSince / 1000));
  const slice = entries.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) {
    return request.exchange.sendEmpty(modifiedSince === null ? 204 : 304);
  }
  request.exchange.sendJson(200, {
    data: slice.map((entry) => {
      const permanent = entry.type === 'permanent';
      return {
        id: entry.id,
        display_name: permanent ? null : entry.displayName,
        type: entry.type,
        deleted_time: formatZohoDateTime(entry.deletedTime, request.timeZone),
        deleted_by: permanent ? null : presenter.userReference(entry.deletedBy, false),
        created_by: permanent ? null : presenter.userReference(entry.createdBy, false),
      };
    }),
    info: pageInfo(page, perPage, slice.length, entries.length > page * perPage),
  });
}

/**
 * `GET /{module}/search` (reference §2.1): `criteria` > `email` > `phone` > `word` in precedence;
 * at most 2,000 results; the search index lags writes by the org's `searchIndexLagMs`.
 */
function search(request: CrmRequest, module: ModuleDefinition, context: SandboxContext): void {
  request.requireScope('ZohoSearch', 'securesearch', null, 'READ');
  const query = request.exchange.query;
  const { page, perPage } = pageParams(query);
  // Conversion and approval states are not emulated (every record is unconverted and approved), but the values are checked.
  enumParam(query, 'converted', ['true', 'false', 'both'] as const, 'false');
  enumParam(query, 'approved', ['true', 'false', 'both'] as const, 'true');
  const matcher = searchMatcher(query, module);
  if (page * perPage > MAX_SEARCH_RESULTS) {
    throw new ZohoApiError(400, 'LIMIT_REACHED', 'search results are limited to 2000 records', { limit: MAX_SEARCH_RESULTS });
  }
  request.charge(1);
  const indexedBefore = context.clock.now() - request.org.faults.searchIndexLagMs;
  const matches = sortRecords(
    [...request.org.records.records(module.apiName).values()].filter(
      (record) => (record.values['Modified_Time'] as number) <= indexedBefore && matcher(record),
    ),
    { sortBy: 'id', sortOrder: 'asc' },
  ).slice(0, MAX_SEARCH_RESULTS);
  const slice = matches.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) {
    return request.exchange.sendEmpty(204);
  }
  const presenter = new RecordPresenter(request.org, request.timeZone);
  request.exchange.sendJson(200, {
    data: slice.map((record) => presenter.render(module, record)),
    info: pageInfo(page, perPage, slice.length, matches.length > page * perPage),
  });
}

/**
 * `GET /{module}/actions/count` (Zoho's Record Count API): how many records match `criteria`,
 * `email`, `phone` or `word` — read exactly as search reads them — or every record of the module
 * without any; `{"count": "<n>"}` with the number as a string, as Zoho's OpenAPI file types it.
 * The module's READ scope suffices (no search scope). Whether Zoho's count lags writes as its
 * search index does is not documented, so the org's `searchIndexLagMs` is not applied here.
 */
function count(request: CrmRequest, module: ModuleDefinition): void {
  const query = request.exchange.query;
  if (query.has('cvid')) {
    // Custom views are not emulated: no cvid exists in a sandbox org.
    throw ZohoErrors.invalidParam('cvid');
  }
  const filtered = ['criteria', 'email', 'phone', 'word'].some((name) => query.has(name));
  const matcher = filtered ? searchMatcher(query, module) : () => true;
  request.charge(1);
  let matching = 0;
  for (const record of request.org.records.records(module.apiName).values()) {
    if (matcher(record)) {
      matching += 1;
    }
  }
  request.exchange.sendJson(200, { count: String(matching) });
}

function searchMatcher(query: URLSearchParams, module: ModuleDefinition): (record: StoredRecord) => boolean {
  const criteria = query.get('criteria');
  if (criteria !== null) {
    let node: SearchNode;
    try {
      node = parseSearchCriteria(criteria, module);
    } catch (error) {
      if (!(error instanceof SearchCriteriaError)) {
        throw error;
      }
      throw new ZohoApiError(400, 'INVALID_QUERY', 'invalid query formed', { ...error.details, reason: error.message });
    }
    return (record) => matchesCriteria(node, record);
  }
  const byType = (types: string[], value: string, exact: boolean) => {
    const fields = module.fields.filter((field) => types.includes(field.dataType));
    const wanted = value.toLowerCase();
    return (record: StoredRecord): boolean =>
      fields.some((field) => {
        const stored = record.values[field.apiName];
        if (typeof stored !== 'string') {
          return false;
        }
        return exact ? stored.toLowerCase() === wanted : stored.toLowerCase().includes(wanted);
      });
  };
  const email = query.get('email');
  if (email !== null) {
    return byType(['email'], email, true);
  }
  const phone = query.get('phone');
  if (phone !== null) {
    return byType(['phone'], phone, false);
  }
  const word = query.get('word');
  if (word !== null) {
    return byType(['text', 'textarea', 'email', 'phone', 'website', 'picklist'], word, false);
  }
  throw ZohoErrors.requiredParamMissing('criteria');
}
