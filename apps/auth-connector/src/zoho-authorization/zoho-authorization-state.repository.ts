import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { ZohoAuthorizationStateEntity } from './zoho-authorization-state.entity';

export type NewZohoAuthorizationState = Omit<ZohoAuthorizationStateEntity, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'consumedAt'>;

@Injectable()
export class ZohoAuthorizationStateRepository extends TenantScopedRepository<ZohoAuthorizationStateEntity> {
  constructor(private readonly database: DataSource) {
    super(database, ZohoAuthorizationStateEntity);
  }

  record(tenantId: string, state: NewZohoAuthorizationState): Promise<ZohoAuthorizationStateEntity> {
    return this.transaction(tenantId, (tx) => tx.insert(ZohoAuthorizationStateEntity, { ...state, consumedAt: null }));
  }

  /**
   * Marks the state with this hash consumed and returns it, or says why it cannot be used:
   * `unknown` (forged, or of another deployment) or `replayed`. The callback carries no tenant —
   * the state is what names it — so this is looked up across tenants. The row is locked, so two
   * concurrent callbacks with one state cannot both win.
   */
  consume(stateHash: string, now: Date): Promise<ZohoAuthorizationStateEntity | 'unknown' | 'replayed'> {
    return this.database.transaction(async (manager) => {
      const states = manager.getRepository(ZohoAuthorizationStateEntity);
      const state = await states.findOne({ where: { stateHash }, lock: { mode: 'pessimistic_write' } });
      if (!state) {
        return 'unknown';
      }
      if (state.consumedAt !== null) {
        return 'replayed';
      }
      state.consumedAt = now;
      return states.save(state);
    });
  }
}
