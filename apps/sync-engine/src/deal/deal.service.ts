import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { CallerRoles, ErrorKind, parseIntegrationId, requireCallerRole } from '@crm-bridge/subgraph';
import { isUuid } from '@crm-bridge/persistence';
import { withIntegration } from '../integration-reference/integration.type';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import type { DealEntity } from './deal.entity';
import { DealException, DealExceptionCode } from './deal.exception';
import {
  amountOf,
  closingDateOf,
  currencyCodeOf,
  customFieldsOf,
  optionalText,
  phaseOf,
  requiredText,
  type DealSchema,
} from './deal-input.validation';
import { DealRepository, type DealFields } from './deal.repository';
import type { CreateDealInput } from './dto/create-deal.input';
import type { DeleteDealInput } from './dto/delete-deal.input';
import type { UpdateDealInput } from './dto/update-deal.input';

/**
 * Who may write portal deals: tenant admins, and deal editors (the portal's sales and partner
 * managers, who work deals but may not configure Zoho or mappings). Viewers and partner API keys
 * read only.
 */
const DEAL_WRITER_ROLES = [CallerRoles.admin, CallerRoles.dealEditor] as const;

/** Portal deal writes: each validated against the integration's portal deal schema, stored PENDING, and announced on Kafka. */
@Injectable()
export class DealService {
  constructor(
    private readonly deals: DealRepository,
    private readonly schemas: PortalDealSchemaService,
  ) {}

  async create(caller: CallerContext, input: CreateDealInput, correlationId: string): Promise<PortalRecordNode<DealEntity>> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'create a deal');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const schema = await this.schemaOf(caller.tenantId, integrationId);
    const fields: DealFields = {
      name: requiredText(input.name, 'input.name'),
      phase: phaseOf(input.phase, schema, 'input.phase'),
      pipeline: optionalText(input.pipeline, 'input.pipeline'),
      amount: amountOf(input.amount, 'input.amount'),
      currencyCode: currencyCodeOf(input.currencyCode, 'input.currencyCode'),
      closingDate: closingDateOf(input.closingDate, 'input.closingDate'),
      accountId: optionalText(input.accountId, 'input.accountId'),
      partnerId: optionalText(input.partnerId, 'input.partnerId'),
      ownerId: optionalText(input.ownerId, 'input.ownerId'),
      customFields: customFieldsOf([], input.customFields ?? [], schema, 'input.customFields'),
    };
    return withIntegration(await this.deals.create(caller.tenantId, integrationId, fields, { correlationId }));
  }

  /** Applies the fields the input names (undefined keeps a value, null clears an optional one). */
  async update(caller: CallerContext, input: UpdateDealInput, correlationId: string): Promise<PortalRecordNode<DealEntity>> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'update a deal');
    const existing = await this.existingDeal(caller.tenantId, input.id);
    const schema = await this.schemaOf(caller.tenantId, existing.integrationId);
    // Checked before the transaction, so a refused input never takes the row lock.
    const given = {
      name: input.name === undefined ? undefined : requiredText(input.name ?? '', 'input.name'),
      phase: input.phase === undefined ? undefined : phaseOf(input.phase ?? '', schema, 'input.phase'),
      pipeline: input.pipeline === undefined ? undefined : optionalText(input.pipeline, 'input.pipeline'),
      amount: input.amount === undefined ? undefined : amountOf(input.amount, 'input.amount'),
      currencyCode: input.currencyCode === undefined ? undefined : currencyCodeOf(input.currencyCode, 'input.currencyCode'),
      closingDate: input.closingDate === undefined ? undefined : closingDateOf(input.closingDate, 'input.closingDate'),
      accountId: input.accountId === undefined ? undefined : optionalText(input.accountId, 'input.accountId'),
      partnerId: input.partnerId === undefined ? undefined : optionalText(input.partnerId, 'input.partnerId'),
      ownerId: input.ownerId === undefined ? undefined : optionalText(input.ownerId, 'input.ownerId'),
    };
    const customFieldChanges = input.customFields ?? [];
    customFieldsOf([], customFieldChanges, schema, 'input.customFields');
    const updated = await this.deals.update(
      caller.tenantId,
      existing.id,
      (current) => ({
        name: given.name ?? current.name,
        phase: given.phase ?? current.phase,
        pipeline: given.pipeline === undefined ? current.pipeline : given.pipeline,
        amount: given.amount === undefined ? current.amount : given.amount,
        currencyCode: given.currencyCode === undefined ? current.currencyCode : given.currencyCode,
        closingDate: given.closingDate === undefined ? current.closingDate : given.closingDate,
        accountId: given.accountId === undefined ? current.accountId : given.accountId,
        partnerId: given.partnerId === undefined ? current.partnerId : given.partnerId,
        ownerId: given.ownerId === undefined ? current.ownerId : given.ownerId,
        customFields: customFieldsOf(current.customFields, customFieldChanges, schema, 'input.customFields'),
      }),
      { correlationId },
    );
    // Deleted between the read and the lock.
    if (!updated) {
      throw dealNotFound(input.id);
    }
    return withIntegration(updated);
  }

  /** Deletes the deal; the event tells outbound sync to delete its Zoho deal. Returns the id. */
  async delete(caller: CallerContext, input: DeleteDealInput, correlationId: string): Promise<string> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'delete a deal');
    const deleted = isUuid(input.id) ? await this.deals.delete(caller.tenantId, input.id, { correlationId }) : null;
    if (!deleted) {
      throw dealNotFound(input.id);
    }
    return input.id;
  }

  /** Another tenant's deal is not found, exactly like one that does not exist. */
  private async existingDeal(tenantId: string, id: string): Promise<DealEntity> {
    const [deal] = await this.deals.byIds(tenantId, [id]);
    if (!deal) {
      throw dealNotFound(id);
    }
    return deal;
  }

  /**
   * The integration's portal deal schema. mapping-config publishes one for every new integration,
   * so none means the integration is not the tenant's (or does not exist).
   */
  private async schemaOf(tenantId: string, integrationId: string): Promise<DealSchema> {
    const schema = await this.schemas.ofIntegration(tenantId, integrationId);
    if (!schema) {
      throw new DealException(
        DealExceptionCode.IntegrationNotFound,
        ErrorKind.NotFound,
        `integration ${integrationId} does not exist`,
        'input.integrationId',
      );
    }
    return schema;
  }
}

function dealNotFound(id: string): DealException {
  return new DealException(DealExceptionCode.DealNotFound, ErrorKind.NotFound, `deal ${id} does not exist`, 'input.id');
}
