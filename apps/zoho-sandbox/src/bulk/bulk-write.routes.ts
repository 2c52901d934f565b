import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { unzipSync, type Unzipped } from 'fflate';
import { formatZohoDateTime } from '../clock/zoho-time';
import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import { MalformedFormError } from '../http/http-exchange';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxContext } from '../sandbox.context';
import { parseCallback } from './bulk-read.routes';
import type { BulkWriteService, FieldMapping } from './bulk-write.service';

/** Upload limits (reference §6): 25 MB and 25,000 records per file. */
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const MAX_UPLOAD_RECORDS = 25_000;
const BULK_WRITE_CREDITS = 500;
const DELIMITERS = [',', ';', ':', '|'];

const ID_FIELD: FieldDefinition = {
  id: '0',
  apiName: 'id',
  label: 'Record Id',
  dataType: 'bigint',
  length: 19,
  decimalPlace: null,
  systemMandatory: false,
  readOnly: false,
  customField: false,
  unique: true,
  pickListValues: [],
  lookupModule: null,
  external: false,
};

/**
 * Bulk write (reference §6): upload a zipped CSV to the DC's content host (here
 * `{origin}/dc/{dc}/content/crm/{v}/upload`), create a job, poll it, download the result.
 */
export function registerBulkWriteRoutes(router: Router, context: SandboxContext, jobs: BulkWriteService): void {
  router.add(
    'POST',
    '/dc/:dc/content/crm/:version/upload',
    crmEndpoint(context, (request) => upload(request, jobs)),
  );
  router.add(
    'POST',
    '/dc/:dc/crm/bulk/:version/write',
    crmEndpoint(context, (request) => createJob(request, jobs)),
  );
  router.add(
    'GET',
    '/dc/:dc/crm/bulk/:version/write/:jobId',
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'bulk', null, 'READ');
      const job = jobs.find(request.org, request.exchange.params['jobId'] ?? '');
      if (!job) {
        throw ZohoErrors.unknownBulkJob();
      }
      request.charge(1);
      request.exchange.sendJson(200, jobs.details(job));
    }),
  );
  router.add(
    'GET',
    '/dc/:dc/crm/bulk/:version/write/:jobId/result',
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'bulk', null, 'READ');
      const job = jobs.find(request.org, request.exchange.params['jobId'] ?? '');
      if (!job) {
        throw ZohoErrors.unknownBulkJob();
      }
      if (job.result === null) {
        throw new ZohoApiError(400, 'INVALID_REQUEST', 'the job is not completed yet', { status: job.status });
      }
      request.charge(1);
      request.exchange.setHeader('content-type', 'application/zip');
      request.exchange.sendBinary(200, job.result);
    }),
  );
}

async function upload(request: CrmRequest, jobs: BulkWriteService): Promise<void> {
  request.requireScope('ZohoFiles', 'files', null, 'CREATE');
  if (request.exchange.header('feature') !== 'bulk-write') {
    throw ZohoErrors.invalidParam('feature', { supported_values: ['bulk-write'] });
  }
  if (request.exchange.header('x-crm-org') !== request.org.zgid) {
    throw ZohoErrors.invalidParam('X-CRM-ORG');
  }
  const raw = await request.exchange.rawBody();
  if (raw.length > MAX_UPLOAD_BYTES) {
    throw new ZohoApiError(413, 'FILE_TOO_LARGE', 'The file is too large', { limit: MAX_UPLOAD_BYTES });
  }
  const file = await uploadedFile(request);
  if (!file) {
    throw ZohoErrors.requiredParamMissing('file');
  }
  const invalidFormat = (): ZohoApiError => new ZohoApiError(400, 'INVALID_FILE_FORMAT', 'The file format is invalid', {});
  let entries: Unzipped;
  try {
    // fflate throws only for archives it cannot read: no zip, damaged data, unknown compression.
    entries = unzipSync(file);
  } catch {
    throw invalidFormat();
  }
  const files = Object.entries(entries).filter(([name]) => !name.endsWith('/'));
  const [csvName, csvData] = files[0] ?? [];
  if (files.length !== 1 || csvName === undefined || csvData === undefined || !csvName.toLowerCase().endsWith('.csv')) {
    throw invalidFormat();
  }
  const text = Buffer.from(csvData)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter =
    DELIMITERS.map((candidate) => ({ candidate, count: firstLine.split(candidate).length })).sort((a, b) => b.count - a.count)[0]
      ?.candidate ?? ',';
  let parsed: string[][];
  try {
    // Ragged rows and stray quotes inside unquoted cells are taken as they are; an unclosed quote is not.
    parsed = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true });
  } catch (error) {
    if (error instanceof CsvError) {
      throw invalidFormat();
    }
    throw error;
  }
  const [header, ...rows] = parsed;
  if (!header || header.every((column) => column.trim() === '')) {
    throw invalidFormat();
  }
  const records = rows.filter((row) => row.some((cell) => cell !== ''));
  if (records.length > MAX_UPLOAD_RECORDS) {
    throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'The file has too many records', { limit: MAX_UPLOAD_RECORDS });
  }
  request.charge(1);
  const uploaded = jobs.addFile(request.org, csvName, header, records);
  request.exchange.sendJson(200, {
    status: 'success',
    code: 'FILE_UPLOAD_SUCCESS',
    message: 'file uploaded.',
    details: { file_id: uploaded.id, created_time: formatZohoDateTime(uploaded.createdTime, request.timeZone) },
  });
}

/** The multipart field `file`; `null` when the body is no form, does not parse or has no such file. */
async function uploadedFile(request: CrmRequest): Promise<Uint8Array | null> {
  let form: FormData | null;
  try {
    form = await request.exchange.formBody();
  } catch (error) {
    if (error instanceof MalformedFormError) {
      return null;
    }
    throw error;
  }
  const file = form?.get('file');
  return file === undefined || file === null || typeof file === 'string' ? null : new Uint8Array(await file.arrayBuffer());
}

async function createJob(request: CrmRequest, jobs: BulkWriteService): Promise<void> {
  request.requireScope('ZohoCRM', 'bulk', null, 'CREATE');
  const fields = await request.jsonObjectBody();

  const operation = fields['operation'];
  if (operation === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('operation', '$.operation');
  }
  if (operation !== 'insert' && operation !== 'update' && operation !== 'upsert') {
    throw ZohoErrors.invalidField('operation', '$.operation', { supported_values: ['insert', 'update', 'upsert'] });
  }
  const ignoreEmpty = fields['ignore_empty'] ?? false;
  if (typeof ignoreEmpty !== 'boolean') {
    throw ZohoErrors.invalidField('ignore_empty', '$.ignore_empty', { expected_data_type: 'boolean' });
  }
  const callbackUrl = parseCallback(fields['callback']);
  const resources = fields['resource'];
  if (resources === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('resource', '$.resource');
  }
  // Parent-child (subform) imports with several resources are not emulated.
  if (!Array.isArray(resources) || resources.length !== 1) {
    throw ZohoErrors.invalidField('resource', '$.resource', { expected_data_type: 'jsonarray' });
  }
  const resource = resources[0] as unknown;
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    throw ZohoErrors.invalidField('resource', '$.resource[0]');
  }
  const spec = resource as Record<string, unknown>;
  if ((spec['type'] ?? 'data') !== 'data') {
    throw ZohoErrors.invalidField('type', '$.resource[0].type', { supported_values: ['data'] });
  }
  const moduleRef = spec['module'];
  const moduleName = moduleRef !== null && typeof moduleRef === 'object' ? (moduleRef as Record<string, unknown>)['api_name'] : moduleRef;
  if (moduleName === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('module', '$.resource[0].module');
  }
  const module = typeof moduleName === 'string' ? request.org.catalog.find(moduleName) : undefined;
  if (!module) {
    throw ZohoErrors.invalidField('module', '$.resource[0].module');
  }
  request.requireScope(
    'ZohoCRM',
    'modules',
    module.apiName,
    operation === 'insert' ? 'CREATE' : 'UPDATE',
    module.generatedType === 'custom',
  );
  const fileId = spec['file_id'];
  if (fileId === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('file_id', '$.resource[0].file_id');
  }
  const file = typeof fileId === 'string' ? jobs.findFile(request.org, fileId) : undefined;
  if (!file) {
    throw ZohoErrors.invalidField('file_id', '$.resource[0].file_id');
  }

  let findBy: FieldDefinition | 'id' | null = null;
  if (operation !== 'insert') {
    const rawFindBy = spec['find_by'];
    if (rawFindBy === undefined) {
      throw ZohoErrors.mandatoryFieldMissing('find_by', '$.resource[0].find_by');
    }
    if (rawFindBy === 'id') {
      findBy = 'id';
    } else {
      const field = module.fields.find((candidate) => candidate.apiName === rawFindBy);
      if (!field || (!field.unique && field.apiName !== module.systemDuplicateCheckField)) {
        throw ZohoErrors.invalidField('find_by', '$.resource[0].find_by');
      }
      findBy = field;
    }
  }
  const mappings = fieldMappings(spec['field_mappings'], module, file.header);
  if (findBy === 'id' && !mappings.some((mapping) => mapping.field.apiName === 'id')) {
    throw ZohoErrors.mandatoryFieldMissing('id', '$.resource[0].field_mappings');
  }

  request.charge(BULK_WRITE_CREDITS);
  const job = jobs.create({
    org: request.org,
    module,
    file,
    operation,
    findBy,
    ignoreEmpty,
    mappings,
    rawMappings: spec['field_mappings'] ?? null,
    createdBy: request.user,
    clientId: request.grant.clientId,
    callbackUrl,
    resultBase: `/crm/bulk/${request.version}/write`,
  });
  request.exchange.sendJson(201, {
    status: 'success',
    code: 'SUCCESS',
    message: 'success',
    details: { id: job.id, created_by: { id: request.user.id, name: `${request.user.firstName} ${request.user.lastName}`.trim() } },
  });
}

/**
 * `field_mappings: [{api_name, index, find_by?, default_value?: {value}, format?}]`; without
 * mappings, header names are matched to api names (`Account_Name.Account_Name` style headers
 * look a lookup up by the named field).
 */
function fieldMappings(raw: unknown, module: ModuleDefinition, header: string[]): FieldMapping[] {
  const resolveField = (apiName: string): FieldDefinition | undefined =>
    apiName === 'id' ? ID_FIELD : module.fields.find((field) => field.apiName === apiName && !field.readOnly);
  if (raw === undefined) {
    return header.flatMap((column, index) => {
      const [apiName = '', findBy = 'id'] = column.trim().split('.');
      const field = resolveField(apiName);
      return field ? [{ field, index, findBy, defaultValue: undefined, format: undefined }] : [];
    });
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    throw ZohoErrors.invalidField('field_mappings', '$.resource[0].field_mappings', { expected_data_type: 'jsonarray' });
  }
  return raw.map((entry: unknown, position): FieldMapping => {
    const path = `$.resource[0].field_mappings[${position}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw ZohoErrors.invalidField('field_mappings', path);
    }
    const mapping = entry as Record<string, unknown>;
    const field = typeof mapping['api_name'] === 'string' ? resolveField(mapping['api_name']) : undefined;
    if (!field) {
      throw ZohoErrors.invalidField('api_name', `${path}.api_name`);
    }
    const index = mapping['index'];
    const defaultValue = mapping['default_value'];
    const hasDefault = defaultValue !== null && typeof defaultValue === 'object' && 'value' in defaultValue;
    if (index === undefined && !hasDefault) {
      throw ZohoErrors.invalidField('index', `${path}.index`);
    }
    if (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= header.length)) {
      throw ZohoErrors.invalidField('index', `${path}.index`);
    }
    const findBy = mapping['find_by'] ?? 'id';
    if (typeof findBy !== 'string') {
      throw ZohoErrors.invalidField('find_by', `${path}.find_by`);
    }
    const format = mapping['format'];
    if (format !== undefined && format !== 'yyyy-MM-dd' && format !== 'MM/dd/yyyy') {
      throw ZohoErrors.invalidField('format', `${path}.format`);
    }
    return {
      field,
      index: typeof index === 'number' ? index : -1,
      findBy,
      defaultValue: hasDefault ? defaultValue.value : undefined,
      format,
    };
  });
}
