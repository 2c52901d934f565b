import { z } from 'zod';
import type { HttpExchange } from '../http/http-exchange';
import type { Router } from '../http/router';
import { FIELD_DATA_TYPES, type ModuleDefinition } from '../metadata/metadata.model';
import { MetadataDefinitionError } from '../metadata/module-catalog';
import type { SandboxUser } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { StoredRecord } from '../records/record.model';
import type { WriteOutcome } from '../records/record-write.service';
import { WRITE_CHANNEL_KINDS } from '../records/record-write-log';
import type { SandboxContext } from '../sandbox.context';
import { AdminErrors, parseAdminBody } from './admin.error';
import { findOrg } from './org-admin.routes';

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must be an api name: letters, digits and _');

const fieldSeedSchema = z
  .object({
    apiName,
    label: z.string().min(1).max(100).optional(),
    dataType: z.enum(FIELD_DATA_TYPES),
    length: z.number().int().positive().max(50_000).optional(),
    decimalPlace: z.number().int().min(0).max(9).optional(),
    mandatory: z.boolean().optional(),
    unique: z.boolean().optional(),
    pickListValues: z.array(z.string().min(1)).optional(),
    lookupModule: z.string().optional(),
    external: z.boolean().optional(),
  })
  .strict()
  .refine((field) => field.dataType !== 'lookup' || field.lookupModule !== undefined, {
    message: 'a lookup field needs lookupModule',
    path: ['lookupModule'],
  })
  .refine((field) => field.external !== true || field.dataType === 'text', {
    message: 'an external-id field must be text',
    path: ['external'],
  });

const moduleSeedSchema = z
  .object({
    apiName,
    singularLabel: z.string().min(1).max(50),
    pluralLabel: z.string().min(1).max(50),
    fields: z.array(fieldSeedSchema).default([]),
  })
  .strict();

const pipelineSeedSchema = z
  .object({
    name: z.string().min(1).max(120),
    isDefault: z.boolean().optional(),
    stages: z
      .array(
        z
          .object({
            name: z.string().min(1).max(120),
            probability: z.number().int().min(0).max(100),
            forecastType: z.enum(['Open', 'Closed Won', 'Closed Lost']),
          })
          .strict(),
      )
      .min(1, 'a pipeline needs at least one stage'),
  })
  .strict();

const writesFilterSchema = z
  .object({
    module: z.string().optional(),
    channel: z.enum(WRITE_CHANNEL_KINDS).optional(),
    clientId: z.string().optional(),
    since: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO-8601 instant' })
      .transform((value) => Date.parse(value))
      .optional(),
  })
  .strict();

const asUser = { asUserId: z.string().optional() };
const seedRecordsSchema = z.object({ records: z.array(z.record(z.unknown())).min(1).max(10_000), ...asUser }).strict();
const editRecordSchema = z.object({ values: z.record(z.unknown()), ...asUser }).strict();

/**
 * Admin API for metadata and records. Record writes go through the same validation and writer as
 * the CRM API, as if a Zoho user made them in the UI: `Modified_Time`/`Modified_By` move and
 * notification channels fire. Values are given in Zoho's JSON shapes.
 */
export function registerRecordAdminRoutes(router: Router, context: SandboxContext): void {
  const ORG = '/__admin/orgs/:orgId';
  router.add('POST', `${ORG}/modules`, async (exchange) => {
    const org = findOrg(context, exchange);
    const seed = await parseAdminBody(exchange, moduleSeedSchema);
    for (const [index, field] of seed.fields.entries()) {
      assertLookupTarget(org, field.lookupModule, `fields.${index}.lookupModule`);
    }
    const module = defineMetadata(() => org.catalog.addCustomModule(seed));
    exchange.sendJson(201, { id: module.id, apiName: module.apiName, fields: module.fields.map((field) => field.apiName) });
  });
  router.add('POST', `${ORG}/modules/:module/fields`, async (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    const seed = await parseAdminBody(exchange, fieldSeedSchema);
    assertLookupTarget(org, seed.lookupModule, 'lookupModule');
    const field = defineMetadata(() => org.catalog.addCustomField(module.apiName, seed));
    exchange.sendJson(201, { id: field.id, apiName: field.apiName, dataType: field.dataType });
  });
  router.add('POST', `${ORG}/pipelines`, async (exchange) => {
    const org = findOrg(context, exchange);
    const seed = await parseAdminBody(exchange, pipelineSeedSchema);
    const pipeline = defineMetadata(() => org.catalog.addPipeline(seed));
    exchange.sendJson(201, pipeline);
  });
  router.add('GET', `${ORG}/modules/:module/records`, (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    exchange.sendJson(200, { records: [...org.records.records(module.apiName).values()].map((record) => rawRecord(module, record)) });
    return Promise.resolve();
  });
  router.add('GET', `${ORG}/modules/:module/records/:id`, (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    exchange.sendJson(200, rawRecord(module, findRecord(org, module, exchange)));
    return Promise.resolve();
  });
  router.add('GET', `${ORG}/modules/:module/deleted`, (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    exchange.sendJson(200, { deleted: org.records.deletedRecords(module.apiName, context.clock.now()) });
    return Promise.resolve();
  });
  router.add('POST', `${ORG}/modules/:module/records`, async (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    const input = await parseAdminBody(exchange, seedRecordsSchema);
    const actor = actingUser(org, input.asUserId);
    const writer = context.recordWriter(org);
    const outcomes: WriteOutcome[] = [];
    // The writer takes Zoho's 100-record batches; seeding may be larger.
    for (let start = 0; start < input.records.length; start += 100) {
      outcomes.push(...writer.insert(module, input.records.slice(start, start + 100), actor));
    }
    const allCreated = outcomes.every((outcome) => outcome.ok);
    exchange.sendJson(allCreated ? 201 : 400, { results: outcomes.map((outcome) => adminOutcome(module, outcome)) });
  });
  router.add('PATCH', `${ORG}/modules/:module/records/:id`, async (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    const record = findRecord(org, module, exchange);
    const input = await parseAdminBody(exchange, editRecordSchema);
    const [outcome] = context.recordWriter(org).update(module, [{ ...input.values, id: record.id }], actingUser(org, input.asUserId), null);
    if (!outcome) {
      throw new Error('the writer returned no outcome');
    }
    exchange.sendJson(outcome.ok ? 200 : 400, adminOutcome(module, outcome));
  });
  router.add('DELETE', `${ORG}/modules/:module/records/:id`, (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    const record = findRecord(org, module, exchange);
    context.recordWriter(org).delete(module, [record.id], actingUser(org, exchange.query.get('asUserId') ?? undefined));
    exchange.sendJson(200, { deleted: record.id });
    return Promise.resolve();
  });
  router.add('GET', `${ORG}/writes`, (exchange) => {
    const org = findOrg(context, exchange);
    const filter = writesFilterSchema.safeParse(Object.fromEntries(exchange.query));
    if (!filter.success) {
      const [issue] = filter.error.issues;
      throw AdminErrors.invalid(String(issue?.path[0] ?? 'query'), issue?.message ?? 'invalid query');
    }
    const writes = org.writeLog.list(filter.data).map((write) => ({ ...write, at: new Date(write.at).toISOString() }));
    exchange.sendJson(200, { writes, dropped: org.writeLog.dropped });
    return Promise.resolve();
  });
  router.add('POST', `${ORG}/modules/:module/recycle-bin/empty`, (exchange) => {
    const org = findOrg(context, exchange);
    const module = findModule(org, exchange);
    exchange.sendJson(200, { purged: org.records.purgeRecycleBin(module.apiName, context.clock.now()) });
    return Promise.resolve();
  });
}

function defineMetadata<T>(define: () => T): T {
  try {
    return define();
  } catch (error) {
    if (error instanceof MetadataDefinitionError) {
      throw AdminErrors.invalid(error.field, error.message);
    }
    throw error;
  }
}

function assertLookupTarget(org: SandboxOrg, lookupModule: string | undefined, field: string): void {
  if (lookupModule !== undefined && !org.catalog.find(lookupModule)) {
    throw AdminErrors.invalid(field, `no module ${lookupModule}`);
  }
}

function findModule(org: SandboxOrg, exchange: HttpExchange): ModuleDefinition {
  const module = org.catalog.find(exchange.params['module'] ?? '');
  if (!module) {
    throw AdminErrors.notFound(`module ${exchange.params['module']}`);
  }
  return module;
}

function findRecord(org: SandboxOrg, module: ModuleDefinition, exchange: HttpExchange): StoredRecord {
  const record = org.records.get(module.apiName, exchange.params['id'] ?? '');
  if (!record) {
    throw AdminErrors.notFound(`${module.apiName} record ${exchange.params['id']}`);
  }
  return record;
}

function actingUser(org: SandboxOrg, userId: string | undefined): SandboxUser {
  if (userId === undefined) {
    return org.primaryUser;
  }
  const user = org.findUser(userId);
  if (!user) {
    throw AdminErrors.invalid('asUserId', 'no such user in this org');
  }
  return user;
}

/** A stored record with date-times as ISO-8601 UTC, for reading raw state. */
function rawRecord(module: ModuleDefinition, record: StoredRecord): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.values)) {
    const field = module.fields.find((candidate) => candidate.apiName === key);
    values[key] = field?.dataType === 'datetime' && typeof value === 'number' ? new Date(value).toISOString() : value;
  }
  return { id: record.id, values };
}

function adminOutcome(module: ModuleDefinition, outcome: WriteOutcome): Record<string, unknown> {
  return outcome.ok
    ? { status: 'success', action: outcome.action, record: rawRecord(module, outcome.record) }
    : { status: 'error', error: outcome.error };
}
