import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import { CoqlExecutor } from '../coql/coql.executor';
import { CoqlError, type CoqlExpression } from '../coql/coql.parser';
import type { SandboxContext } from '../sandbox.context';
import { bulkCriteriaToExpression, BulkCriteriaError } from './bulk-read-criteria';
import type { BulkReadService } from './bulk-read.service';

const BULK_READ = '/dc/:dc/crm/bulk/:version/read';
const BULK_READ_CREDITS = 50;

/** Bulk read (reference §6): create a job, poll it, download the zipped CSV. */
export function registerBulkReadRoutes(router: Router, context: SandboxContext, jobs: BulkReadService): void {
  router.add(
    'POST',
    BULK_READ,
    crmEndpoint(context, (request) => createJob(request, jobs)),
  );
  router.add(
    'GET',
    `${BULK_READ}/:jobId`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'bulk', null, 'READ');
      const job = jobs.find(request.org, request.exchange.params['jobId'] ?? '');
      if (!job) {
        throw ZohoErrors.unknownBulkJob();
      }
      request.charge(1);
      request.exchange.sendJson(200, { data: [jobs.details(job)] });
    }),
  );
  router.add(
    'GET',
    `${BULK_READ}/:jobId/result`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'bulk', null, 'READ');
      const job = jobs.find(request.org, request.exchange.params['jobId'] ?? '');
      if (!job) {
        throw ZohoErrors.unknownBulkJob();
      }
      if (job.result === null) {
        throw new ZohoApiError(400, 'INVALID_REQUEST', 'the job is not completed yet', { state: job.state });
      }
      if (!jobs.allowDownload(request.org)) {
        throw ZohoErrors.tooManyRequests();
      }
      request.charge(1);
      request.exchange.setHeader('content-type', 'application/zip');
      request.exchange.setHeader('content-disposition', `attachment; filename="${job.id}.zip"`);
      request.exchange.sendBinary(200, job.result.archive);
    }),
  );
}

async function createJob(request: CrmRequest, jobs: BulkReadService): Promise<void> {
  // Creating a read job needs only ZohoCRM.bulk.read (reference §6).
  request.requireScope('ZohoCRM', 'bulk', null, 'READ');
  const fields = await request.jsonObjectBody();

  const query = fields['query'];
  if (query === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('query', '$.query');
  }
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw ZohoErrors.invalidField('query', '$.query', { expected_data_type: 'jsonobject' });
  }
  const queryFields = query as Record<string, unknown>;
  const moduleRef = queryFields['module'];
  if (moduleRef === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('module', '$.query.module');
  }
  const moduleName = moduleRef !== null && typeof moduleRef === 'object' ? (moduleRef as Record<string, unknown>)['api_name'] : moduleRef;
  const module = typeof moduleName === 'string' ? request.org.catalog.find(moduleName) : undefined;
  if (!module) {
    throw ZohoErrors.invalidField('module', '$.query.module');
  }
  request.requireScope('ZohoCRM', 'modules', module.apiName, 'READ', module.generatedType === 'custom');
  if (queryFields['cvid'] !== undefined) {
    throw ZohoErrors.invalidField('cvid', '$.query.cvid');
  }

  const rawColumns = queryFields['fields'];
  let columns: string[];
  if (rawColumns === undefined) {
    columns = module.fields.map((field) => field.apiName);
  } else if (!Array.isArray(rawColumns) || rawColumns.length === 0 || rawColumns.some((column) => typeof column !== 'string')) {
    throw ZohoErrors.invalidField('fields', '$.query.fields', { expected_data_type: 'jsonarray' });
  } else {
    columns = (rawColumns as string[]).filter((column) => column !== 'id');
  }
  // The id column is always included (reference §6).
  columns = ['id', ...columns];

  let where: CoqlExpression | null = null;
  if (queryFields['criteria'] !== undefined) {
    try {
      where = bulkCriteriaToExpression(queryFields['criteria']);
    } catch (error) {
      if (error instanceof BulkCriteriaError) {
        throw ZohoErrors.invalidField('criteria', error.path);
      }
      throw error;
    }
  }
  const executor = new CoqlExecutor(request.org, module, request.timeZone);
  try {
    executor.validateColumns({ columns, module: module.apiName, where, orderBy: [], limit: null, offset: 0 });
    executor.select({ columns, module: module.apiName, where, orderBy: [], limit: null, offset: 0 });
  } catch (error) {
    if (!(error instanceof CoqlError)) {
      throw error;
    }
    const column = error.details['column_name'];
    throw ZohoErrors.invalidField(typeof column === 'string' ? column : 'criteria', '$.query', { reason: error.message });
  }
  const page = queryFields['page'] ?? 1;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) {
    throw ZohoErrors.invalidField('page', '$.query.page');
  }
  const fileType = fields['file_type'] ?? 'csv';
  if (fileType !== 'csv') {
    throw ZohoErrors.invalidField('file_type', '$.file_type', { supported_values: ['csv'] });
  }
  const callbackUrl = parseCallback(fields['callback']);

  request.charge(BULK_READ_CREDITS);
  const job = jobs.create({
    org: request.org,
    module,
    createdBy: request.user,
    query: queryFields,
    columns,
    where,
    page,
    callbackUrl,
    downloadBase: `/crm/bulk/${request.version}/read`,
  });
  const details = jobs.details(job);
  request.exchange.sendJson(201, {
    data: [
      {
        status: 'success',
        code: 'ADDED_SUCCESSFULLY',
        message: 'Added successfully.',
        details: {
          id: job.id,
          operation: 'read',
          state: 'ADDED',
          created_by: details['created_by'],
          created_time: details['created_time'],
        },
      },
    ],
    info: {},
  });
}

/** `callback: {url, method: "post"}`; the URL must be http(s). */
export function parseCallback(raw: unknown): string | null {
  if (raw === undefined || raw === null) {
    return null;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw ZohoErrors.invalidField('callback', '$.callback');
  }
  const { url, method } = raw as Record<string, unknown>;
  if (method !== undefined && method !== 'post') {
    throw ZohoErrors.invalidField('method', '$.callback.method');
  }
  if (typeof url !== 'string') {
    throw ZohoErrors.invalidField('url', '$.callback.url');
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw ZohoErrors.invalidField('url', '$.callback.url');
    }
  } catch (error) {
    if (error instanceof ZohoApiError) {
      throw error;
    }
    throw ZohoErrors.invalidField('url', '$.callback.url');
  }
  return url;
}
