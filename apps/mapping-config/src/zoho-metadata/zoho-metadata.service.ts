import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { StructuredLogger } from '@crm-bridge/observability';
import { CallerRoles, ErrorKind, parseIntegrationId, requireCallerRole } from '@crm-bridge/subgraph';
import type { ZohoDealsSnapshot } from '@crm-bridge/sync-domain';
import {
  ZohoClient,
  ZohoCreditBudgetError,
  ZohoDeadlineError,
  ZohoError,
  ZohoNetworkError,
  ZohoRateLimitError,
  ZohoResponseError,
  ZohoServerError,
  type ZohoFieldMeta,
  type ZohoLayoutMeta,
  type ZohoModuleMeta,
  type ZohoPipelineMeta,
} from '@crm-bridge/zoho-client';
import { ConnectionTokenError, connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { IntegrationService } from '../integration/integration.service';
import { stagesInOrder, toZohoDealsSnapshot, toZohoFieldSnapshot, UnreadableZohoMetadataError } from './zoho-deals-snapshot';
import { ZohoMetadataException, ZohoMetadataExceptionCode } from './zoho-metadata.exception';
import type { ZohoField, ZohoMetadata, ZohoPipeline } from './zoho-metadata.type';

/** The integration whose Zoho org is read: its id and the connection its tokens come from. */
export interface IntegrationConnection {
  readonly id: string;
  readonly connectionId: string;
}

/** Zoho's metadata of one org, as zoho-client returns it. */
interface ZohoOrgMetadata {
  readonly modules: readonly ZohoModuleMeta[];
  readonly layouts: readonly { readonly layout: ZohoLayoutMeta; readonly pipelines: readonly ZohoPipelineMeta[] }[];
  readonly fields: readonly ZohoFieldMeta[];
  /** The same, as the mapping validator reads it. */
  readonly snapshot: ZohoDealsSnapshot;
}

/**
 * Zoho metadata discovery for an integration's org: modules, Deals layouts, pipelines with their
 * stages and Deals fields, read live through zoho-client with tokens from auth-connector. Reads
 * share zoho-client's metadata cache (per org, `ZOHO_METADATA_TTL_SECONDS`); a refresh drops the
 * org's entries first. Every failure becomes a {@link ZohoMetadataException} naming the
 * integration, so callers see why (reconnect, try later) rather than an internal error.
 */
@Injectable()
export class ZohoMetadataService {
  constructor(
    private readonly zoho: ZohoClient,
    private readonly integrations: IntegrationService,
    private readonly logger: StructuredLogger,
  ) {}

  /** The metadata of the caller's integration, from the cache while it is fresh. */
  async read(caller: CallerContext, integrationId: string, field: string): Promise<ZohoMetadata> {
    const integration = await this.integrationOf(caller.tenantId, integrationId, field);
    return toGraphql(integration.id, await this.load(caller.tenantId, integration, field));
  }

  /** Reads the metadata again now (tenant admins): after a field, picklist value or stage was changed in Zoho. */
  async refresh(caller: CallerContext, integrationId: string, field: string): Promise<ZohoMetadata> {
    requireCallerRole(caller, CallerRoles.admin, 'refresh Zoho metadata');
    const integration = await this.integrationOf(caller.tenantId, integrationId, field);
    this.zoho.metadata.invalidate(connectionOrgRef(caller.tenantId, integration.connectionId));
    return toGraphql(integration.id, await this.load(caller.tenantId, integration, field));
  }

  /** What `validateDealMapping` checks a mapping of this integration against; failures name `field`. */
  async dealsSnapshot(tenantId: string, integration: IntegrationConnection, field: string): Promise<ZohoDealsSnapshot> {
    return (await this.load(tenantId, integration, field)).snapshot;
  }

  private async integrationOf(tenantId: string, integrationId: string, field: string): Promise<IntegrationConnection> {
    const id = parseIntegrationId(integrationId, field);
    const [integration] = await this.integrations.byIds(tenantId, [id]);
    if (!integration) {
      throw new ZohoMetadataException(
        ZohoMetadataExceptionCode.IntegrationNotFound,
        ErrorKind.NotFound,
        `integration ${id} does not exist`,
        field,
      );
    }
    return { id: integration.id, connectionId: integration.connection.id };
  }

  private async load(tenantId: string, integration: IntegrationConnection, field: string): Promise<ZohoOrgMetadata> {
    const orgRef = connectionOrgRef(tenantId, integration.connectionId);
    try {
      const [modules, layouts, fields] = await Promise.all([
        this.zoho.metadata.modules(orgRef),
        this.zoho.metadata.layouts(orgRef, 'Deals'),
        this.zoho.metadata.fields(orgRef, 'Deals'),
      ]);
      const pipelines = await Promise.all(layouts.map((layout) => this.zoho.metadata.pipelines(orgRef, layout.id)));
      const offered = layouts.map((layout, index) => ({ layout, pipelines: pipelines[index] ?? [] }));
      const snapshot = toZohoDealsSnapshot({ pipelines: offered.flatMap((entry) => entry.pipelines), fields });
      return { modules, layouts: offered, fields, snapshot };
    } catch (error) {
      throw this.failure(error, tenantId, integration, field);
    }
  }

  private failure(error: unknown, tenantId: string, integration: IntegrationConnection, field: string): Error {
    const about = `integration ${integration.id} (Zoho connection ${integration.connectionId})`;
    const exception = (code: ZohoMetadataExceptionCode, kind: ErrorKind, message: string) =>
      new ZohoMetadataException(code, kind, `${about}: ${message}`, field);
    this.logger.warn('reading Zoho metadata failed', {
      tenantId,
      integrationId: integration.id,
      connectionId: integration.connectionId,
      error,
    });
    if (error instanceof ConnectionTokenError) {
      switch (error.code) {
        case 'CONNECTION_NOT_CONNECTED':
          return exception(
            ZohoMetadataExceptionCode.ZohoConnectionNotConnected,
            ErrorKind.Conflict,
            `the Zoho connection is not connected; a tenant admin must connect the org again (${error.message})`,
          );
        case 'CONNECTION_NOT_FOUND':
          return exception(
            ZohoMetadataExceptionCode.ZohoConnectionNotFound,
            ErrorKind.NotFound,
            'auth-connector knows no such Zoho connection in this tenant',
          );
        case 'ZOHO_UNAVAILABLE':
          return exception(
            ZohoMetadataExceptionCode.ZohoUnavailable,
            ErrorKind.Unavailable,
            `Zoho did not answer; try again later (${error.message})`,
          );
        default:
          return exception(
            ZohoMetadataExceptionCode.AuthConnectorUnavailable,
            ErrorKind.Unavailable,
            `auth-connector gave no access token (${error.code}); try again later`,
          );
      }
    }
    if (error instanceof UnreadableZohoMetadataError || error instanceof ZohoResponseError) {
      return exception(
        ZohoMetadataExceptionCode.ZohoMetadataUnreadable,
        ErrorKind.Unavailable,
        `Zoho's Deals metadata cannot be read (${error.message})`,
      );
    }
    if (
      error instanceof ZohoServerError ||
      error instanceof ZohoNetworkError ||
      error instanceof ZohoDeadlineError ||
      error instanceof ZohoRateLimitError ||
      error instanceof ZohoCreditBudgetError
    ) {
      return exception(
        ZohoMetadataExceptionCode.ZohoUnavailable,
        ErrorKind.Unavailable,
        `Zoho is not answering now (${error.code}); try again later`,
      );
    }
    if (error instanceof ZohoError) {
      return exception(
        ZohoMetadataExceptionCode.ZohoRefused,
        ErrorKind.Conflict,
        `Zoho refused to read the metadata (${error.code}: ${error.message})`,
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

function toGraphql(integrationId: string, metadata: ZohoOrgMetadata): ZohoMetadata {
  const firstOfName = new Map<string, ZohoPipelineMeta>();
  for (const pipeline of metadata.layouts.flatMap((layout) => layout.pipelines)) {
    if (!firstOfName.has(pipeline.display_value)) {
      firstOfName.set(pipeline.display_value, pipeline);
    }
  }
  return {
    integrationId,
    modules: metadata.modules.map((module) => ({
      id: module.id,
      apiName: module.api_name,
      generatedType: module.generated_type ?? null,
      apiSupported: module.api_supported ?? false,
    })),
    deals: {
      layouts: metadata.layouts.map(({ layout, pipelines }) => ({
        id: layout.id,
        name: layout.name,
        pipelines: pipelines.map((pipeline) => pipeline.display_value),
      })),
      // The snapshot has the stages' order, outcomes and probabilities; Zoho's own answer the rest.
      pipelines: metadata.snapshot.pipelines.map((read): ZohoPipeline => {
        const pipeline = firstOfName.get(read.name) as ZohoPipelineMeta;
        const stages = stagesInOrder(pipeline);
        return {
          id: pipeline.id,
          name: read.name,
          actualValue: pipeline.actual_value,
          isDefault: pipeline.default === true,
          stages: read.stages.map((stage, index) => ({
            id: stages[index]?.id ?? stage.name,
            name: stage.name,
            displayValue: stages[index]?.display_value ?? stage.name,
            probability: stage.probability,
            outcome: stage.outcome,
            forecastCategory: stages[index]?.forecast_category?.name ?? null,
          })),
        };
      }),
      fields: metadata.fields.map(toField),
    },
  };
}

function toField(field: ZohoFieldMeta): ZohoField {
  const snapshot = toZohoFieldSnapshot(field);
  return {
    id: field.id,
    apiName: snapshot.apiName,
    label: typeof field['field_label'] === 'string' ? field['field_label'] : field.api_name,
    dataType: snapshot.dataType,
    length: snapshot.length,
    mandatoryOnCreate: snapshot.mandatoryOnCreate,
    unique: snapshot.unique,
    externalId: snapshot.externalId,
    readOnly: snapshot.readOnly,
    custom: field['custom_field'] === true,
    picklistValues: (field.pick_list_values ?? [])
      .filter((value) => snapshot.picklistValues.includes(value.actual_value))
      .map((value) => ({ actualValue: value.actual_value, displayValue: value.display_value })),
  };
}
