import type { SyncDirection } from '@crm-bridge/contracts';
import type { ActiveMappingEntity } from '../active-mapping/active-mapping.entity';
import type { CreditStanding } from '../credit-budget/credit-standing';
import type { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';
import type { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';

/** One integration, claimed by this instance for one pass of its work steps. */
export interface IntegrationWorkUnit {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly integration: SyncIntegrationEntity;
  /** Null until auth-connector's `connection.connected` for the integration's connection arrived. */
  readonly connection: SyncConnectionEntity | null;
  /** Null until mapping-config published a mapping for the integration. */
  readonly mapping: ActiveMappingEntity | null;
  /** Where the integration stands against its Zoho credit budget: steps slow down by its level (see `creditAllows`). */
  readonly credits: CreditStanding;
  /** Aborted when this instance lost the lease (another may hold it now) or is shutting down: stop at once. */
  readonly signal: AbortSignal;
}

/**
 * A kind of sync work done for an integration under its lease (outbound flush, inbound fetch, poll,
 * channel renewal…). Steps register with `IntegrationWorkSteps`; the worker runs every registered
 * step, in registration order, each time it claims the integration.
 */
export interface IntegrationWorkStep {
  /** Names the step in logs and metrics. */
  readonly name: string;
  /**
   * Does what is due now and says when the step next has something due: null when nothing is until
   * an event wakes the integration again. A throw is logged and the step is tried again later.
   */
  run(unit: IntegrationWorkUnit): Promise<Date | null>;
}

/**
 * Whether deals sync `direction` for the integration now: it is enabled, its DEALS module is
 * enabled that way (`BOTH` or that direction), its connection is usable and a mapping is published.
 */
export function syncsDeals(unit: IntegrationWorkUnit, direction: SyncDirection): boolean {
  const { settings } = unit.integration;
  const deals = settings.modules.find((module) => module.module === 'DEALS');
  return (
    settings.enabled &&
    deals !== undefined &&
    deals.enabled &&
    (deals.direction === 'BOTH' || deals.direction === direction) &&
    unit.connection?.state === 'CONNECTED' &&
    unit.mapping !== null
  );
}
