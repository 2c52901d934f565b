import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import type { SealedConnectionSecrets } from '../zoho-connection/connection-secrets';
import { ZohoConnectionEntity } from '../zoho-connection/zoho-connection.entity';

/** Connection rows whose secrets were sealed with a key other than the current one. */
@Injectable()
export class TokenReencryptionRepository extends TenantScopedRepository<ZohoConnectionEntity> {
  constructor(private readonly database: DataSource) {
    super(database, ZohoConnectionEntity);
  }

  /**
   * Up to `limit` rows of any tenant sealed with another key than `currentKeyId` — a maintenance
   * read across tenants, which is why it returns only what is needed to reseal each in its own
   * tenant's transaction.
   */
  async sealedWithOtherKeys(currentKeyId: string, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.database.getRepository(ZohoConnectionEntity).find({
      select: { id: true, tenantId: true },
      where: { encryptionKeyId: Not(currentKeyId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** Locks the row, and saves what `reseal` makes of its secrets; false when it is gone or already current. */
  reseal(
    tenantId: string,
    id: string,
    currentKeyId: string,
    reseal: (row: ZohoConnectionEntity) => SealedConnectionSecrets | null,
  ): Promise<boolean> {
    return this.transaction(tenantId, async (tx) => {
      const row = await tx.lock(ZohoConnectionEntity, id);
      if (!row || row.encryptionKeyId === null || row.encryptionKeyId === currentKeyId) {
        return false;
      }
      const sealed = reseal(row);
      await tx.save(ZohoConnectionEntity, Object.assign(row, sealed ?? { encryptionKeyId: null }));
      return true;
    });
  }
}
