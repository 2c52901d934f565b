import type { TenantScopedTransaction } from '@crm-bridge/persistence';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';

/**
 * The tenant's portal deal schema row, created empty if missing, locked until the transaction
 * ends. Changing the schema and creating an integration both take this lock, so a new integration
 * can never miss a schema change made at the same moment: either the change sees the integration
 * and publishes to it, or the integration is created after and publishes the changed schema.
 */
export async function lockPortalDealSchema(tx: TenantScopedTransaction): Promise<PortalDealSchemaEntity> {
  const rows = tx.repository(PortalDealSchemaEntity);
  // INSERT … ON CONFLICT DO NOTHING waits for a concurrent insert of the same tenant to commit.
  await rows
    .createQueryBuilder()
    .insert()
    .values({ tenantId: tx.tenantId, phases: [], customFields: [], revision: 0 })
    .orIgnore()
    .execute();
  // The tenant is the row's unique key, so the empty condition is "the tenant's row".
  const schema = await tx.lockOneBy(PortalDealSchemaEntity, {});
  if (!schema) {
    throw new Error(`the portal deal schema of tenant ${tx.tenantId} is missing right after its insert`);
  }
  return schema;
}
