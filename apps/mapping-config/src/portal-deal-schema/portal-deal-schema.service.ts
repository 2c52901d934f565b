import { Injectable } from '@nestjs/common';
import { PORTAL_STANDARD_DEAL_FIELDS } from '@crm-bridge/contracts';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { PortalDealModel } from '@crm-bridge/sync-domain';
import { CallerRoles, InputProblemsException, requireCallerRole } from '@crm-bridge/subgraph';
import { PortalDealSchemaRepository, type PortalDealSchemaChange } from './portal-deal-schema.repository';
import { toPortalDealModel } from './portal-deal-model';
import type { PortalDealSchemaEntity } from './portal-deal-schema.entity';
import type { PortalDealSchema } from './portal-deal-schema.type';
import { validateCustomFields, validatePhases } from './portal-deal-schema.validation';
import type { SetPortalDealPhasesInput } from './dto/set-portal-deal-phases.input';
import type { SetPortalDealFieldsInput } from './dto/set-portal-deal-fields.input';

@Injectable()
export class PortalDealSchemaService {
  constructor(private readonly schemas: PortalDealSchemaRepository) {}

  async get(tenantId: string): Promise<PortalDealSchema> {
    return toPortalDealSchema(await this.schemas.find(tenantId));
  }

  /** The tenant's portal deals as the mapping validator reads them (no phases until they are set). */
  async dealModel(tenantId: string): Promise<PortalDealModel> {
    return toPortalDealModel(await this.get(tenantId));
  }

  /** Replaces the tenant's deal phases; every problem is reported at once and nothing is stored then. */
  async setPhases(caller: CallerContext, input: SetPortalDealPhasesInput, correlationId: string): Promise<PortalDealSchema> {
    requireCallerRole(caller, CallerRoles.admin, 'change the deal phases');
    const { phases, problems } = validatePhases(input.phases);
    if (problems.length > 0) {
      throw new InputProblemsException(problems);
    }
    return this.replace(caller.tenantId, { phases }, correlationId);
  }

  /** Replaces the tenant's custom deal fields; every problem is reported at once and nothing is stored then. */
  async setCustomFields(caller: CallerContext, input: SetPortalDealFieldsInput, correlationId: string): Promise<PortalDealSchema> {
    requireCallerRole(caller, CallerRoles.admin, 'change the deal fields');
    const { fields, problems } = validateCustomFields(input.customFields);
    if (problems.length > 0) {
      throw new InputProblemsException(problems);
    }
    return this.replace(caller.tenantId, { customFields: fields }, correlationId);
  }

  private async replace(tenantId: string, change: PortalDealSchemaChange, correlationId: string): Promise<PortalDealSchema> {
    return toPortalDealSchema(await this.schemas.replace(tenantId, change, correlationId));
  }
}

function toPortalDealSchema(row: PortalDealSchemaEntity | null): PortalDealSchema {
  const phases = row?.phases ?? [];
  return {
    phases,
    fields: [
      ...PORTAL_STANDARD_DEAL_FIELDS.map((field) => ({
        ...field,
        standard: true,
        options: field.apiName === 'phase' ? phases.map((phase) => phase.name) : [],
      })),
      ...(row?.customFields ?? []).map((field) => ({ ...field, standard: false })),
    ],
    revision: row?.revision ?? 0,
    updatedAt: row && row.revision > 0 ? row.updatedAt : null,
  };
}
