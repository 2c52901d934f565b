import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import type { SandboxContext } from '../sandbox.context';
import { CoqlExecutor } from './coql.executor';
import { CoqlError, parseCoql } from './coql.parser';

const DEFAULT_LIMIT = 200;
const MAX_COLUMNS = 50;

/** `POST /crm/{v}/coql` with `{"select_query":"select … from … where …"}` (reference §5). COQL calls are heavy. */
export function registerCoqlRoutes(router: Router, context: SandboxContext): void {
  router.add('POST', '/dc/:dc/crm/:version/coql', crmEndpoint(context, executeQuery, { isHeavy: () => Promise.resolve(true) }));
}

async function executeQuery(request: CrmRequest): Promise<void> {
  request.requireScope('ZohoCRM', 'coql', null, 'READ');
  const fields = await request.jsonObjectBody();
  const text = fields['select_query'];
  if (text === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('select_query', '$.select_query');
  }
  if (typeof text !== 'string') {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'select_query',
      json_path: '$.select_query',
      expected_data_type: 'text',
    });
  }
  if (fields['include_meta'] !== undefined) {
    // The `fields` meta block's shape is not documented well enough to emulate (see the README).
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'include_meta', json_path: '$.include_meta' });
  }
  try {
    const query = parseCoql(text);
    if (query.columns.length > MAX_COLUMNS) {
      throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'select', limit: MAX_COLUMNS });
    }
    const module = request.org.catalog.find(query.module);
    if (!module) {
      throw new ZohoApiError(400, 'INVALID_QUERY', 'invalid query formed', { module: query.module, reason: 'invalid module' });
    }
    request.requireScope('ZohoCRM', 'modules', module.apiName, 'READ', module.generatedType === 'custom');
    const { coqlMaxLimit, coqlMaxReach } = request.profile;
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (limit < 1 || limit > coqlMaxLimit) {
      throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'limit', limit: coqlMaxLimit });
    }
    if (query.offset + limit > coqlMaxReach) {
      throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'offset', limit: coqlMaxReach });
    }
    const executor = new CoqlExecutor(request.org, module, request.timeZone);
    executor.validateColumns(query);
    const rows = executor.select(query);
    // Credits by LIMIT: 1–200 → 1, 201–1000 → 2, 1001–2000 → 3 (reference §5).
    request.charge(limit <= 200 ? 1 : limit <= 1000 ? 2 : 3);
    const page = rows.slice(query.offset, query.offset + limit);
    if (page.length === 0) {
      return request.exchange.sendEmpty(204);
    }
    request.exchange.sendJson(200, {
      data: page.map((record) => executor.render(query, record)),
      info: { count: page.length, more_records: rows.length > query.offset + page.length },
    });
  } catch (error) {
    if (error instanceof CoqlError) {
      throw new ZohoApiError(400, error.code, error.message, error.details);
    }
    throw error;
  }
}
