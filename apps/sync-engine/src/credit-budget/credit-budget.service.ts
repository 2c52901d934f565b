import { Injectable } from '@nestjs/common';
import { ZohoClient } from '@crm-bridge/zoho-client';
import type { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import { ZohoOrgs } from '../zoho-access/zoho-orgs';
import { creditStandingOf, type CreditStanding } from './credit-standing';
import type { IntegrationCreditsEntity } from './integration-credits.entity';
import { IntegrationCreditsRepository } from './integration-credits.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Another instance's view of the org's usage counts for this long; after it, only this process's limiter does. */
const OBSERVED_USAGE_TTL_MS = HOUR_MS;

/**
 * Each integration's Zoho credit budget and forecast (issue 13 item 8). Before the worker runs an
 * integration's steps it asks for the standing (steps slow down by its level: polls first, writes
 * last); after, it records the credits the pass spent. With one integration per Zoho connection and
 * one instance working an integration at a time (ADR 0009), the org's concurrency and credits are
 * spent by one process at a time; Zoho's own remaining-credits header counts everybody else.
 */
@Injectable()
export class CreditBudget {
  constructor(
    private readonly credits: IntegrationCreditsRepository,
    private readonly zoho: ZohoClient,
    private readonly orgs: ZohoOrgs,
    private readonly metrics: SyncMetrics,
  ) {}

  /** The integration's standing now; a NORMAL standing of zeros while it has no connection (nothing calls Zoho then). */
  async standingOf(tenantId: string, integrationId: string, connection: SyncConnectionEntity | null): Promise<CreditStanding> {
    const row = await this.credits.ofIntegration(tenantId, integrationId);
    return this.standing(connection, row?.spentByHour ?? {}, row, Date.now());
  }

  /** Adds what the org was charged since the last pass to the integration's hour, and stores the standing it leads to. */
  async recordPass(tenantId: string, integrationId: string, connection: SyncConnectionEntity | null): Promise<CreditStanding> {
    const now = Date.now();
    const spent = connection ? this.orgs.takeCharged(this.orgs.orgRefOf(connection)) : 0;
    const hour = new Date(Math.floor(now / HOUR_MS) * HOUR_MS).toISOString();
    let standing = this.standing(connection, {}, null, now);
    await this.credits.update(tenantId, integrationId, (current) => {
      const spentByHour = Object.fromEntries(
        Object.entries({ ...current?.spentByHour, [hour]: (current?.spentByHour[hour] ?? 0) + spent }).filter(
          ([start]) => now - Date.parse(start) < DAY_MS + HOUR_MS,
        ),
      );
      standing = this.standing(connection, spentByHour, current, now);
      return {
        spentByHour,
        allowance: standing.allowance,
        budget: standing.budget,
        orgUsed: standing.used,
        spentLastDay: standing.spentLastDay,
        forecastNextDay: standing.forecastNextDay,
        level: standing.level,
        reason: standing.reason,
        observedAt: new Date(now),
      };
    });
    this.metrics.setCredits(integrationId, standing);
    return standing;
  }

  private standing(
    connection: SyncConnectionEntity | null,
    spentByHour: Readonly<Record<string, number>>,
    observed: Pick<IntegrationCreditsEntity, 'orgUsed' | 'observedAt'> | null,
    now: number,
  ): CreditStanding {
    const spentSince = (ms: number) =>
      Object.entries(spentByHour)
        .filter(([start]) => Date.parse(start) + HOUR_MS > now - ms)
        .reduce((sum, [, credits]) => sum + credits, 0);
    const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const spentLastHour = Math.max(
      spentByHour[new Date(currentHour).toISOString()] ?? 0,
      spentByHour[new Date(currentHour - HOUR_MS).toISOString()] ?? 0,
    );
    if (!connection) {
      return {
        allowance: 0,
        budget: 0,
        used: 0,
        spentLastDay: spentSince(DAY_MS),
        spentLastHour,
        remaining: 0,
        forecastNextDay: 0,
        level: 'NORMAL',
        reason: null,
      };
    }
    const usage = this.zoho.limiter.usage(this.orgs.orgRefOf(connection));
    const observedElsewhere = observed?.observedAt && now - observed.observedAt.getTime() < OBSERVED_USAGE_TTL_MS ? observed.orgUsed : 0;
    return creditStandingOf({
      allowance: usage.allowance,
      budget: usage.budget,
      used: Math.max(usage.used, observedElsewhere),
      spentLastDay: spentSince(DAY_MS),
      spentLastHour,
    });
  }
}
