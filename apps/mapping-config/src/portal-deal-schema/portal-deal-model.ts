import type { PortalDealModel } from '@crm-bridge/sync-domain';
import type { PortalDealSchema } from './portal-deal-schema.type';

/**
 * The tenant's portal deal schema as the mapping validator reads it: the phases in order, and
 * every field (standard and custom) by its API name with its options. The portal sets no text
 * length limits today, so `maxLength` is null.
 */
export function toPortalDealModel(schema: Pick<PortalDealSchema, 'phases' | 'fields'>): PortalDealModel {
  return {
    phases: schema.phases.map(({ name, outcome }) => ({ name, outcome })),
    fields: schema.fields.map((field) => ({ name: field.apiName, type: field.type, maxLength: null, picklistValues: field.options })),
  };
}
