import { createEvent, type EventOfType } from '@crm-bridge/contracts';
import type { PortalDealSchemaEntity } from './portal-deal-schema.entity';

/** `portal-deal-schema.changed` for each integration, carrying the whole schema. */
export function portalDealSchemaChangedEvents(
  schema: PortalDealSchemaEntity,
  integrationIds: readonly string[],
  correlationId: string,
): EventOfType<'portal-deal-schema.changed'>[] {
  return integrationIds.map((integrationId) =>
    createEvent('portal-deal-schema.changed', {
      source: 'mapping-config',
      tenantId: schema.tenantId,
      integrationId,
      subject: schema.id,
      correlationId,
      data: { revision: schema.revision, phases: schema.phases, customFields: schema.customFields },
    }),
  );
}
