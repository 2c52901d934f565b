import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { IntegrationCreditsEntity } from './integration-credits.entity';

/** The columns a pass writes: the new hourly spend and the standing it led to. */
export type IntegrationCreditsValues = Pick<
  IntegrationCreditsEntity,
  'spentByHour' | 'allowance' | 'budget' | 'orgUsed' | 'spentLastDay' | 'forecastNextDay' | 'level' | 'reason' | 'observedAt'
>;

@Injectable()
export class IntegrationCreditsRepository extends TenantScopedRepository<IntegrationCreditsEntity> {
  constructor(private readonly source: DataSource) {
    super(source, IntegrationCreditsEntity);
  }

  ofIntegration(tenantId: string, integrationId: string): Promise<IntegrationCreditsEntity | null> {
    return this.source.getRepository(IntegrationCreditsEntity).findOneBy({ tenantId, integrationId });
  }

  /** The tenant's rows of these integrations, in no particular order. */
  ofIntegrations(tenantId: string, integrationIds: readonly string[]): Promise<IntegrationCreditsEntity[]> {
    return this.source
      .getRepository(IntegrationCreditsEntity)
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId AND row.integrationId IN (:...integrationIds)', { tenantId, integrationIds })
      .getMany();
  }

  /** Locks the integration's row (creating it the first time) and stores what `next` makes of it. */
  update(
    tenantId: string,
    integrationId: string,
    next: (current: IntegrationCreditsEntity | null) => IntegrationCreditsValues,
  ): Promise<IntegrationCreditsEntity> {
    return this.transaction(tenantId, async (tx) => {
      const current = await tx.lockOneBy(IntegrationCreditsEntity, { integrationId });
      const values = next(current);
      return current
        ? tx.save(IntegrationCreditsEntity, Object.assign(current, values))
        : tx.insert(IntegrationCreditsEntity, { integrationId, ...values });
    });
  }
}
