import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { StructuredLogger } from '@crm-bridge/observability';
import { ConnectionAccessTokens, DAILY_REFRESH_MS } from './connection-access-tokens';
import { ZohoConnectionRepository } from './zoho-connection.repository';

/** Tokens expiring within this window are refreshed by the next run, before anyone waits for one. */
const EXPIRING_WITHIN_MS = 10 * 60_000;
const BATCH_SIZE = 50;

/**
 * Refreshes access tokens before they expire, and every connection at least daily (a revoked
 * grant then shows as NEEDS_REAUTH within a day, not when sync next needs a token). Every replica
 * runs it; the row lock and the re-check under it make the second replica skip a connection the
 * first just refreshed.
 */
@Injectable()
export class TokenRefreshScheduler {
  private running: Promise<{ refreshed: number; failed: number }> | null = null;

  constructor(
    private readonly connections: ZohoConnectionRepository,
    private readonly tokens: ConnectionAccessTokens,
    private readonly logger: StructuredLogger,
  ) {}

  @Interval('zoho-token-refresh', 60_000)
  async onSchedule(): Promise<void> {
    try {
      await this.refreshDue();
    } catch (error) {
      this.logger.error('scheduled token refresh failed', { error });
    }
  }

  /** Refreshes every due connection once; a run already in progress is joined, not doubled. */
  refreshDue(): Promise<{ refreshed: number; failed: number }> {
    this.running ??= this.refreshAllDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async refreshAllDue(): Promise<{ refreshed: number; failed: number }> {
    const now = Date.now();
    const due = await this.connections.dueForRefresh(new Date(now + EXPIRING_WITHIN_MS), new Date(now - DAILY_REFRESH_MS), BATCH_SIZE);
    let refreshed = 0;
    let failed = 0;
    for (const { id, tenantId } of due) {
      try {
        await this.tokens.refresh(tenantId, id);
        refreshed += 1;
      } catch (error) {
        failed += 1;
        this.logger.warn('token refresh failed', { tenantId, connectionId: id, error });
      }
    }
    return { refreshed, failed };
  }
}
