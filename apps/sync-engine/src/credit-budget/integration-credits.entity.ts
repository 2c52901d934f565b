import { Column, Entity, Index } from 'typeorm';
import type { CreditThrottleLevel } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * An integration's Zoho credits: what it spent, hour by hour over the last day, and where it stood
 * against its org's budget when last worked. Kept in the database so the forecast survives a
 * restart and is the same whichever instance works the integration.
 */
@Entity({ name: 'integration_credits' })
@Index('UQ_integration_credits_integration', ['integrationId'], { unique: true })
export class IntegrationCreditsEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** Credits spent per hour: the hour's start (ISO instant) → credits; hours older than a day are dropped. */
  @Column({ name: 'spent_by_hour', type: 'jsonb', default: () => "'{}'" })
  spentByHour: Record<string, number>;

  @Column({ type: 'integer', default: 0 })
  allowance: number;

  @Column({ type: 'integer', default: 0 })
  budget: number;

  /** Credits the org used over the rolling day, as last seen. */
  @Column({ name: 'org_used', type: 'integer', default: 0 })
  orgUsed: number;

  @Column({ name: 'spent_last_day', type: 'integer', default: 0 })
  spentLastDay: number;

  /** Credits the next 24 hours will take at the pace of the last pass (see `creditStandingOf`). */
  @Column({ name: 'forecast_next_day', type: 'integer', default: 0 })
  forecastNextDay: number;

  @Column({ type: 'text', default: 'NORMAL' })
  level: CreditThrottleLevel;

  /** Why the integration slowed down; null at NORMAL. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'observed_at', type: 'timestamptz', precision: 3, nullable: true })
  observedAt: Date | null;
}
