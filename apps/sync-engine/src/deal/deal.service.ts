import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { CallerRoles, ErrorKind, parseIntegrationId, requireCallerRole } from '@crm-bridge/subgraph';
import { DealRegistrationService } from '../deal-registration/deal-registration.service';
import { withIntegration } from '../integration-reference/integration.type';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import type { DealEntity } from './deal.entity';
import { DealException, DealExceptionCode } from './deal.exception';
import {
  applyDealChanges,
  validateDealChanges,
  validateNewDeal,
  type DealChangesInput,
  type DealSchema,
  type NewDealInput,
} from './deal-input.validation';
import { DealRepository } from './deal.repository';
import { portalDealFieldsOf } from './deal-values';
import type { CreateDealInput } from './dto/create-deal.input';
import type { DeleteDealInput } from './dto/delete-deal.input';
import type { UpdateDealInput } from './dto/update-deal.input';

/**
 * Who may write portal deals: tenant admins, and deal editors (the portal's sales and partner
 * managers, who work deals but may not configure Zoho or mappings). Viewers and partner API keys
 * read only.
 */
const DEAL_WRITER_ROLES = [CallerRoles.admin, CallerRoles.dealEditor] as const;

/**
 * A write allowed to happen, and whose deals it may touch: one tenant's only, and when
 * `integrationId` is given only that integration's (the Kafka intake, whose events are ordered per
 * integration). A deal outside that scope is not found, exactly like one that does not exist.
 */
export interface DealWriteScope {
  readonly tenantId: string;
  readonly integrationId?: string;
  /** Carried into the `portal-record.changed` and `deal.updated` events the write publishes. */
  readonly correlationId: string;
}

/**
 * Portal deal writes: each validated against the integration's portal deal schema (every problem
 * at once), stored PENDING, and announced on Kafka (`portal-record.changed` for outbound sync,
 * `deal.updated` with origin PORTAL for partners). The GraphQL methods check the caller's role and
 * then take the same path as the Kafka intake (`createIn`, `updateIn`, `deleteIn`).
 */
@Injectable()
export class DealService {
  constructor(
    private readonly deals: DealRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly registrations: DealRegistrationService,
  ) {}

  async create(caller: CallerContext, input: CreateDealInput, correlationId: string): Promise<PortalRecordNode<DealEntity>> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'create a deal');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    return withIntegration(await this.createIn({ tenantId: caller.tenantId, correlationId }, integrationId, input));
  }

  async update(caller: CallerContext, input: UpdateDealInput, correlationId: string): Promise<PortalRecordNode<DealEntity>> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'update a deal');
    const { id, ...changes } = input;
    return withIntegration(await this.updateIn({ tenantId: caller.tenantId, correlationId }, id, changes));
  }

  async delete(caller: CallerContext, input: DeleteDealInput, correlationId: string): Promise<string> {
    requireCallerRole(caller, DEAL_WRITER_ROLES, 'delete a deal');
    await this.deleteIn({ tenantId: caller.tenantId, correlationId }, input.id);
    return input.id;
  }

  /**
   * Stores a new deal of the scope's tenant in `integrationId` (a UUID); the caller has been allowed
   * to write. A registration colliding with another partner's is stored HELD (`deal-registration/`).
   */
  async createIn(scope: DealWriteScope, integrationId: string, input: NewDealInput): Promise<DealEntity> {
    const schema = await this.schemaOf(scope.tenantId, integrationId);
    const fields = validateNewDeal(input, schema);
    return this.deals.create(
      scope.tenantId,
      integrationId,
      fields,
      { correlationId: scope.correlationId, portalFields: portalDealFieldsOf(schema) },
      this.registrations.creationCheck,
    );
  }

  /** Applies the fields `changes` names (undefined keeps a value, null clears an optional one). */
  async updateIn(scope: DealWriteScope, id: string, changes: DealChangesInput): Promise<DealEntity> {
    const existing = await this.existingDeal(scope, id);
    const schema = await this.schemaOf(scope.tenantId, existing.integrationId);
    // Checked before the transaction, so a refused input never takes the row lock.
    const validated = validateDealChanges(changes, schema);
    const updated = await this.deals.update(scope.tenantId, existing.id, (current) => applyDealChanges(current, validated), {
      correlationId: scope.correlationId,
      portalFields: portalDealFieldsOf(schema),
    });
    // Deleted between the read and the lock.
    if (!updated) {
      throw dealNotFound(id);
    }
    return updated;
  }

  /** Deletes the deal; the event tells outbound sync to delete its Zoho deal. */
  async deleteIn(scope: DealWriteScope, id: string): Promise<void> {
    const existing = await this.existingDeal(scope, id);
    if (!(await this.deals.delete(scope.tenantId, existing.id, { correlationId: scope.correlationId }))) {
      throw dealNotFound(id);
    }
  }

  /** Another tenant's (or, when the scope names one, another integration's) deal is not found, like one that does not exist. */
  private async existingDeal(scope: DealWriteScope, id: string): Promise<DealEntity> {
    const [deal] = await this.deals.byIds(scope.tenantId, [id]);
    if (!deal || (scope.integrationId !== undefined && deal.integrationId !== scope.integrationId)) {
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
