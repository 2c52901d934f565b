import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Counter } from 'prom-client';
import { ServiceMetrics, StructuredLogger, SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import type { ZohoExchange } from '@crm-bridge/zoho-client';
import { connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { ZohoExchanges } from '../zoho-access/zoho-exchanges';
import { summarizeExchange, type ExchangeSummary } from './exchange-summary';
import { SyncDebugRepository, type ActiveDebugMode, type PendingDebugEntry } from './sync-debug.repository';

/** Entries held in memory between writes; beyond it new ones are dropped and counted. */
export const MAX_BUFFERED_ENTRIES = 2_000;
/** How often buffered entries are written. */
const FLUSH_EVERY_MS = 500;
/** How often this instance re-reads which integrations are in debug mode, and clears expired ones. */
const REFRESH_EVERY_MS = 2_000;

type DropReason = 'buffer-full' | 'summary-failed' | 'write-failed';

/**
 * Keeps a summary of every Zoho exchange made for an integration in debug mode. On the call's
 * path it only looks the call's org up in an in-memory map and appends a redacted summary to a
 * bounded buffer: a sync never waits for, or fails because of, debug mode. The buffer is written
 * in the background; what cannot be kept is dropped and counted
 * (`crm_bridge_sync_debug_entries_dropped_total`). Which integrations are in debug mode is re-read
 * every {@link REFRESH_EVERY_MS} (another instance may have turned it on), and expired modes are
 * cleaned up then — entries included — by whichever instance gets there first.
 */
@Injectable()
export class SyncDebugRecorder implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private modesByOrg = new Map<string, readonly ActiveDebugMode[]>();
  private buffer: PendingDebugEntry[] = [];
  private flushing: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly exchanges: ZohoExchanges,
    private readonly repository: SyncDebugRepository,
    private readonly logger: StructuredLogger,
    metrics: ServiceMetrics,
  ) {
    this.dropped = new Counter({
      name: SYNC_METRIC_NAMES.debugEntriesDropped,
      help: 'Debug-mode entries of Zoho calls not kept, by reason (buffer-full, summary-failed, write-failed)',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    this.exchanges.listen((exchange) => this.observe(exchange));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  /** Writes what is still buffered before the process stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** On the Zoho call's path: cheap, synchronous, never throws. */
  observe(exchange: ZohoExchange): void {
    const modes = this.modesByOrg.get(exchange.orgRef);
    if (!modes) {
      return;
    }
    const occurredAt = new Date();
    let summary: ExchangeSummary | null = null;
    for (const mode of modes) {
      if (mode.enabledUntil <= occurredAt) {
        continue;
      }
      if (this.buffer.length >= MAX_BUFFERED_ENTRIES) {
        this.drop('buffer-full');
        continue;
      }
      try {
        summary ??= summarizeExchange(exchange);
      } catch {
        this.drop('summary-failed');
        return;
      }
      this.buffer.push({ tenantId: mode.tenantId, integrationId: mode.integrationId, occurredAt, summary });
    }
  }

  /** Writes the buffered entries; a write that fails drops them (counted) rather than holding memory. */
  @Interval('sync-debug-flush', FLUSH_EVERY_MS)
  flush(): Promise<void> {
    this.flushing ??= this.writeBuffered().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Re-reads the integrations in debug mode and cleans up expired ones. */
  @Interval('sync-debug-refresh', REFRESH_EVERY_MS)
  refresh(): Promise<void> {
    this.refreshing ??= this.reload().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** A refresh that starts after a change this instance just committed (one in flight may have read before it). */
  async refreshAfterChange(): Promise<void> {
    await this.refreshing;
    await this.refresh();
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, 500);
      try {
        await this.repository.insertEntries(batch);
      } catch (error) {
        this.drop('write-failed', batch.length);
        this.logger.warn('writing sync debug entries failed; they are dropped', { error, dropped: batch.length });
      }
    }
  }

  private async reload(): Promise<void> {
    try {
      await this.repository.deleteExpired();
      const byOrg = new Map<string, ActiveDebugMode[]>();
      for (const mode of await this.repository.activeModes()) {
        const orgRef = connectionOrgRef(mode.tenantId, mode.connectionId);
        byOrg.set(orgRef, [...(byOrg.get(orgRef) ?? []), mode]);
      }
      this.modesByOrg = byOrg;
    } catch (error) {
      // The last known modes stay in force (each still ends at its own time); the next refresh tries again.
      this.logger.warn('refreshing sync debug modes failed', { error });
    }
  }

  private drop(reason: DropReason, count = 1): void {
    this.dropped.inc({ reason }, count);
  }
}
