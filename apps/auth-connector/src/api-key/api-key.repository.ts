import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { createEvent, type ApiKeyRight } from '@crm-bridge/contracts';
import { ApiKeyEntity } from './api-key.entity';

export interface NewApiKey {
  readonly name: string;
  readonly rights: readonly ApiKeyRight[];
  readonly secretHash: string;
  readonly createdBy: string;
}

@Injectable()
export class ApiKeyRepository extends TenantScopedRepository<ApiKeyEntity> {
  constructor(
    private readonly database: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(database, ApiKeyEntity, outbox);
  }

  create(tenantId: string, key: NewApiKey): Promise<ApiKeyEntity> {
    return this.transaction(tenantId, (tx) =>
      tx.insert(ApiKeyEntity, { ...key, rights: [...key.rights], lastUsedAt: null, revokedAt: null, revokedBy: null }),
    );
  }

  /**
   * Marks the tenant's key revoked and publishes `api-key.revoked`, so the instances holding its
   * open subscriptions end them; once: a second revocation keeps the first's time and admin and
   * publishes nothing. Returns the key; null if the tenant has no such key.
   */
  revoke(tenantId: string, keyId: string, input: { revokedBy: string; at: Date; correlationId: string }): Promise<ApiKeyEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const key = await tx.lock(ApiKeyEntity, keyId);
      if (!key || key.revokedAt !== null) {
        return key;
      }
      key.revokedAt = input.at;
      key.revokedBy = input.revokedBy;
      const saved = await tx.save(ApiKeyEntity, key);
      await tx.publish([
        createEvent('api-key.revoked', {
          source: 'auth-connector',
          tenantId,
          // A key belongs to no integration; the Kafka key only has to keep one key's events in order.
          integrationId: key.id,
          subject: key.id,
          correlationId: input.correlationId,
          data: { keyId: key.id, revokedAt: input.at.toISOString(), revokedByUserId: input.revokedBy },
        }),
      ]);
      return saved;
    });
  }

  /**
   * The key with this id, of whichever tenant: a presented key names no tenant — finding it is
   * what tells the gateway which tenant the caller acts for. The secret is checked by the caller.
   */
  findForVerification(keyId: string): Promise<ApiKeyEntity | null> {
    return this.database.getRepository(ApiKeyEntity).findOneBy({ id: keyId });
  }

  /**
   * Sets `last_used_at` to `at` unless it is already at or after `unlessUsedSince`: concurrent
   * requests of a key within the minute write the row once. Not part of any tenant's transaction
   * (a verification has none); the id comes from a row just read.
   */
  async recordUse(keyId: string, at: Date, unlessUsedSince: Date): Promise<void> {
    await this.database
      .getRepository(ApiKeyEntity)
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: at })
      .where('id = :keyId', { keyId })
      .andWhere('(last_used_at IS NULL OR last_used_at < :unlessUsedSince)', { unlessUsedSince })
      .execute();
  }
}
