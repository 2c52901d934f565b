import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { ZohoPaginationError, type ZohoRecord } from '@crm-bridge/zoho-client';
import { InboundApplier } from './inbound-applier';
import type { InboundConfig } from './inbound.config';
import { InboundRepository } from './inbound.repository';
import type { InboundRun } from './inbound-runs';
import { advancedCursor, changeReadAfter, instantOfZohoDateTime, listedThroughAfter, listingContinuesAfter } from './poll-window';
import { ZohoDealReader, type ReadingUnit } from './zoho-deal-reader';

/** Where an integration's change reads stand. */
export interface ChangeCursors {
  readonly modifiedCursor: Date;
  readonly deletedCursor: Date;
  /** Every change up to here was listed by an earlier read; null when none has finished yet. */
  readonly listedThrough: Date | null;
}

/**
 * Reads what changed in Zoho since the cursors and applies it — the incremental poll, and a manual
 * "modified since the last sync": deals modified after the cursor minus the overlap (but not before
 * what an earlier read listed in full, `listedThrough`), oldest change first, page by page, the
 * cursor moved to the newest `Modified_Time` of a page only once the page is applied (a 429 or
 * 5xx burst that outlasts the client's retries stops the read; the next one
 * starts where the last applied page ended, so nothing is skipped); then deletions since the
 * deleted cursor, applied to linked deals. Records the links show as applied at an earlier second
 * (the overlap read again) are passed over; an echo is applied and changes nothing, and a poll that
 * changed nothing leaves no run. Zoho lists only 100,000 records: when more changed in the window
 * (a mass change), the listing goes on from the newest second it read, without the overlap —
 * otherwise the cursor, which moves only past records newer than itself, would never get by them.
 */
@Injectable()
export class ZohoChangeReader {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: InboundConfig,
    private readonly reader: ZohoDealReader,
    private readonly applier: InboundApplier,
    private readonly repository: InboundRepository,
  ) {}

  async readAndApply(unit: ReadingUnit, run: InboundRun, cursors: ChangeCursors): Promise<void> {
    const overlap = this.config.INBOUND_POLL_OVERLAP_SECONDS;
    const startedAt = new Date();
    let modifiedCursor = cursors.modifiedCursor;
    let readFrom = changeReadAfter(cursors.modifiedCursor, overlap, cursors.listedThrough);
    for (;;) {
      let newestRead: Date | null = null;
      try {
        for await (const page of this.reader.modifiedAfter(unit, readFrom)) {
          const fresh = await this.notYetApplied(unit, page);
          if (fresh.length > 0) {
            await this.applier.apply(
              unit,
              run,
              fresh.map((record) => ({ zohoRecordId: record.id, zoho: record })),
            );
            await run.progressed();
          }
          const modifiedTimes = page.map((record) => instantOfZohoDateTime(record['Modified_Time']));
          newestRead = advancedCursor(newestRead, modifiedTimes);
          const advanced = advancedCursor(modifiedCursor, modifiedTimes);
          if (advanced && advanced.getTime() !== modifiedCursor.getTime()) {
            modifiedCursor = advanced;
            await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
              row.modifiedCursor = advanced;
            });
          }
        }
        break;
      } catch (error) {
        // Zoho lists only 100,000 records; more changed in the window (a mass change): list on from there.
        const next = error instanceof ZohoPaginationError ? listingContinuesAfter(readFrom, newestRead) : null;
        if (next === null) {
          throw error;
        }
        readFrom = next;
      }
    }

    const deleted = await this.reader.deletedAfter(unit, changeReadAfter(cursors.deletedCursor, overlap, cursors.listedThrough));
    const linked = await this.repository.linkedModifiedTimes(
      unit.tenantId,
      unit.integrationId,
      deleted.map((entry) => entry.id),
    );
    const toDelete = deleted.filter((entry) => linked.has(entry.id));
    if (toDelete.length > 0) {
      await this.applier.apply(
        unit,
        run,
        toDelete.map((entry) => ({ zohoRecordId: entry.id, zoho: null })),
      );
      await run.progressed();
    }
    const deletedCursor = advancedCursor(
      cursors.deletedCursor,
      deleted.map((entry) => instantOfZohoDateTime(entry.deletedTime)),
    );
    await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
      if (deletedCursor) {
        row.deletedCursor = advancedCursor(row.deletedCursor, [deletedCursor]);
      }
      row.listedThrough = listedThroughAfter(row.listedThrough, startedAt, overlap);
    });
  }

  /**
   * The records of a page not older than what their links say was applied. One applied at the same
   * second is read again: Zoho's whole seconds cannot tell a second write within it from the first.
   */
  private async notYetApplied(unit: ReadingUnit, page: readonly ZohoRecord[]): Promise<ZohoRecord[]> {
    const applied = await this.repository.linkedModifiedTimes(
      unit.tenantId,
      unit.integrationId,
      page.map((record) => record.id),
    );
    return page.filter((record) => {
      const appliedAt = applied.get(record.id);
      const modifiedAt = instantOfZohoDateTime(record['Modified_Time']);
      return !appliedAt || !modifiedAt || modifiedAt.getTime() >= appliedAt.getTime();
    });
  }
}
