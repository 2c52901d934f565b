import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import { enumParam } from '../crm-api/query-params';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import type { SandboxContext } from '../sandbox.context';
import type { LayoutDefinition, ModuleDefinition } from './metadata.model';
import { MetadataPresenter } from './metadata.presenter';

const SETTINGS = '/dc/:dc/crm/:version/settings';

/** Metadata APIs (reference §3): modules, fields, layouts and Deals pipelines. Each call costs 1 credit. */
export function registerMetadataRoutes(router: Router, context: SandboxContext): void {
  router.add(
    'GET',
    `${SETTINGS}/modules`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'modules', 'READ');
      request.charge(1);
      const presenter = new MetadataPresenter(request.org.catalog, request.version);
      request.exchange.sendJson(200, { modules: request.org.catalog.list().map((module, index) => presenter.module(module, index + 1)) });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/modules/:apiName`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'modules', 'READ');
      const module = request.org.catalog.find(request.exchange.params['apiName'] ?? '');
      if (!module) {
        throw new ZohoApiError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 2 });
      }
      request.charge(1);
      const presenter = new MetadataPresenter(request.org.catalog, request.version);
      const body = presenter.module(module, request.org.catalog.list().indexOf(module) + 1);
      body['fields'] = module.fields.map((field) => presenter.field(field, false));
      request.exchange.sendJson(200, { modules: [body] });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/fields`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'fields', 'READ');
      const module = moduleParam(request);
      // `type=unused` lists fields no layout uses; every sandbox field sits in the one layout.
      const type = enumParam(request.exchange.query, 'type', ['all', 'unused'] as const, 'all');
      request.charge(1);
      if (type === 'unused') {
        return request.exchange.sendEmpty(204);
      }
      const presenter = new MetadataPresenter(request.org.catalog, request.version);
      request.exchange.sendJson(200, { fields: module.fields.map((field) => presenter.field(field, false)) });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/fields/:fieldId`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'fields', 'READ');
      const module = moduleParam(request);
      const field = module.fields.find((candidate) => candidate.id === request.exchange.params['fieldId']);
      if (!field) {
        throw new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 2 });
      }
      request.charge(1);
      request.exchange.sendJson(200, { fields: [new MetadataPresenter(request.org.catalog, request.version).field(field, false)] });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/layouts`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'layouts', 'READ');
      const module = moduleParam(request);
      request.charge(1);
      const presenter = new MetadataPresenter(request.org.catalog, request.version);
      request.exchange.sendJson(200, { layouts: module.layouts.map((layout) => presenter.layout(module, layout)) });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/layouts/:layoutId`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'layouts', 'READ');
      const module = moduleParam(request);
      const layout = module.layouts.find((candidate) => candidate.id === request.exchange.params['layoutId']);
      if (!layout) {
        throw new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 2 });
      }
      request.charge(1);
      request.exchange.sendJson(200, { layouts: [new MetadataPresenter(request.org.catalog, request.version).layout(module, layout)] });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/pipeline`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'pipeline', 'READ');
      const layout = layoutParam(request);
      request.charge(1);
      if (layout.pipelines.length === 0) {
        return request.exchange.sendEmpty(204);
      }
      const presenter = new MetadataPresenter(request.org.catalog, request.version);
      request.exchange.sendJson(200, { pipeline: layout.pipelines.map((pipeline) => presenter.pipeline(pipeline)) });
    }),
  );
  router.add(
    'GET',
    `${SETTINGS}/pipeline/:pipelineId`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'settings', 'pipeline', 'READ');
      const layout = layoutParam(request);
      const pipeline = layout.pipelines.find((candidate) => candidate.id === request.exchange.params['pipelineId']);
      if (!pipeline) {
        throw new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 2 });
      }
      request.charge(1);
      request.exchange.sendJson(200, { pipeline: [new MetadataPresenter(request.org.catalog, request.version).pipeline(pipeline)] });
    }),
  );
}

/** The mandatory `module` query parameter of fields and layouts. */
function moduleParam(request: CrmRequest): ModuleDefinition {
  const name = request.exchange.query.get('module');
  if (name === null || name === '') {
    throw ZohoErrors.requiredParamMissing('module');
  }
  const module = request.org.catalog.find(name);
  if (!module) {
    throw new ZohoApiError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' });
  }
  return module;
}

/** The mandatory `layout_id` of the pipeline API (reference §3). */
function layoutParam(request: CrmRequest): LayoutDefinition {
  const layoutId = request.exchange.query.get('layout_id');
  if (layoutId === null || layoutId === '') {
    throw ZohoErrors.requiredParamMissing('layout_id');
  }
  const layout = request.org.catalog
    .list()
    .flatMap((module) => module.layouts)
    .find((candidate) => candidate.id === layoutId);
  if (!layout) {
    throw ZohoErrors.invalidParam('layout_id');
  }
  return layout;
}
