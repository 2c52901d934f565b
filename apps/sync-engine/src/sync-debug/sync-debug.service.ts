import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import {
  CallerRoles,
  ErrorKind,
  parseIntegrationId,
  parsePageArguments,
  requireCallerRole,
  toConnection,
  type Connection,
  type PageArgs,
} from '@crm-bridge/subgraph';
import type { SetSyncDebugModeInput } from './dto/set-sync-debug-mode.input';
import type { SyncDebugConfig } from './sync-debug.config';
import type { SyncDebugEntryEntity } from './sync-debug-entry.entity';
import type { SyncDebugModeEntity } from './sync-debug-mode.entity';
import { SyncDebugException, SyncDebugExceptionCode } from './sync-debug.exception';
import { SyncDebugRecorder } from './sync-debug.recorder';
import { SyncDebugRepository } from './sync-debug.repository';
import type { SyncDebugMode } from './sync-debug.type';

/** The longest a debug mode may be turned on for at once: it keeps customer data, however redacted. */
export const MAX_DEBUG_HOURS = 24;

/** Turning debug mode on and off, and reading it, always within the caller's tenant. */
@Injectable()
export class SyncDebugService {
  constructor(
    private readonly repository: SyncDebugRepository,
    private readonly recorder: SyncDebugRecorder,
    @Inject(SERVICE_CONFIG) private readonly config: SyncDebugConfig,
  ) {}

  /** Tenant admins only. On: until `hours` from now (replacing any earlier end). Off: now, with its entries. */
  async setMode(caller: CallerContext, input: SetSyncDebugModeInput): Promise<SyncDebugMode> {
    requireCallerRole(caller, CallerRoles.admin, "change an integration's sync debug mode");
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const enabledUntil = input.enabled ? new Date(Date.now() + this.hoursOf(input.hours) * this.config.SYNC_DEBUG_HOUR_MS) : null;
    const change = await this.repository.setMode(caller.tenantId, integrationId, enabledUntil, caller.userId);
    if (change.kind === 'integration-not-found') {
      throw new SyncDebugException(
        SyncDebugExceptionCode.IntegrationNotFound,
        ErrorKind.NotFound,
        'input.integrationId names no integration of your tenant that sync knows',
        'input.integrationId',
      );
    }
    // This instance keeps the calls from now on; the others learn it at their next refresh.
    await this.recorder.refreshAfterChange();
    return debugModeOf(integrationId, change.mode);
  }

  /** The debug mode of each of these integrations of the tenant (off for integrations that are not the tenant's). */
  async modesOf(tenantId: string, integrationIds: readonly string[]): Promise<SyncDebugMode[]> {
    const rows = await this.repository.modesOf(tenantId, integrationIds);
    return integrationIds.map((integrationId) =>
      debugModeOf(
        integrationId,
        rows.find((row) => row.integrationId === integrationId),
      ),
    );
  }

  /** One page of the integration's entries, newest first. */
  async entries(tenantId: string, integrationId: string, args: PageArgs): Promise<Connection<SyncDebugEntryEntity>> {
    const page = parsePageArguments(args.first, args.after);
    const entries = await this.repository.entries.page(tenantId, { ...page, filter: { integrationId }, newestFirst: true });
    return toConnection(entries, page.limit);
  }

  private hoursOf(hours: number | null | undefined): number {
    if (hours === undefined || hours === null || !Number.isInteger(hours) || hours < 1 || hours > MAX_DEBUG_HOURS) {
      throw new SyncDebugException(
        SyncDebugExceptionCode.InvalidDebugHours,
        ErrorKind.BadUserInput,
        `input.hours must be a whole number of hours from 1 to ${MAX_DEBUG_HOURS} to turn debug mode on`,
        'input.hours',
      );
    }
    return hours;
  }
}

/** A mode row past its end is off, even before the clean-up deletes it. */
function debugModeOf(integrationId: string, row: SyncDebugModeEntity | null | undefined): SyncDebugMode {
  const enabledUntil = row && row.enabledUntil.getTime() > Date.now() ? row.enabledUntil : null;
  return { integration: { id: integrationId }, enabled: enabledUntil !== null, enabledUntil };
}
