import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FaultSettings } from '../limits/fault-settings';
import type { ModuleDefinition } from '../metadata/metadata.model';
import type { WatchChannel, WatchChannelService } from '../notifications/watch-channel.service';
import type { OAuthState } from '../oauth/oauth.service';
import type { SandboxUser } from '../org/org.model';
import { SandboxOrg, type OrgSettings } from '../org/sandbox-org';
import type { DeletedRecord, StoredRecord } from '../records/record.model';
import type { SandboxContext } from '../sandbox.context';

const SNAPSHOT_VERSION = 1;

interface OrgSnapshot {
  id: string;
  zgid: string;
  settings: OrgSettings;
  createdTime: number;
  users: SandboxUser[];
  modules: ModuleDefinition[];
  forecastCategoryIds: Record<'Pipeline' | 'Closed' | 'Omitted', string>;
  records: { live: Record<string, StoredRecord[]>; deleted: Record<string, DeletedRecord[]> };
  faults: FaultSettings;
  concurrencyOverride: number | null;
  creditAllowance: number;
  creditsSpent: { at: number; credits: number }[];
}

/**
 * Everything needed to bring a sandbox back after a restart: orgs with users, metadata, records and
 * limits; OAuth clients and tokens (so a connected app stays connected); notification channels;
 * the id sequence and clock offset. Not kept: page tokens, bulk jobs and uploads, delivery logs.
 */
export interface SandboxSnapshot {
  version: typeof SNAPSHOT_VERSION;
  savedAt: string;
  idSequence: number;
  clockAdvancedMs: number;
  orgs: OrgSnapshot[];
  oauth: OAuthState;
  channels: WatchChannel[];
}

export class SnapshotFormatError extends Error {}

export function captureSnapshot(context: SandboxContext, channels: WatchChannelService): SandboxSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    savedAt: new Date(context.clock.now()).toISOString(),
    idSequence: context.ids.lastSequence,
    clockAdvancedMs: context.clock.advancedMs,
    orgs: context.orgs.list().map((org) => ({
      id: org.id,
      zgid: org.zgid,
      settings: org.settings,
      createdTime: org.createdTime,
      users: org.users,
      modules: org.catalog.list(),
      forecastCategoryIds: org.catalog.forecastCategoryIds,
      records: org.records.exportState(),
      faults: org.faults,
      concurrencyOverride: org.concurrencyOverride,
      creditAllowance: org.credits.limit,
      creditsSpent: org.credits.exportSpent(),
    })),
    oauth: context.oauth.exportState(),
    channels: channels.exportChannels(),
  };
}

export function restoreSnapshot(context: SandboxContext, channels: WatchChannelService, snapshot: SandboxSnapshot): void {
  context.ids.continueAfter(snapshot.idSequence);
  if (snapshot.clockAdvancedMs > 0) {
    context.clock.advance(snapshot.clockAdvancedMs);
  }
  context.orgs.clear();
  for (const saved of snapshot.orgs) {
    const org = new SandboxOrg(saved.id, saved.zgid, saved.settings, context.ids, saved.createdTime);
    org.users.push(...saved.users);
    org.catalog.restore(saved.modules, saved.forecastCategoryIds);
    org.records.restoreState(saved.records);
    org.faults = saved.faults;
    org.concurrencyOverride = saved.concurrencyOverride;
    org.credits.setAllowance(saved.creditAllowance);
    org.credits.restoreSpent(saved.creditsSpent);
    context.orgs.restore(org);
  }
  context.oauth.restoreState(snapshot.oauth);
  channels.restoreChannels(snapshot.channels);
}

/** Writes atomically (temporary file, then rename) so a crash mid-write never leaves half a snapshot. */
export function writeSnapshotFile(path: string, snapshot: SandboxSnapshot): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, path);
}

/** The snapshot in `path`, or `null` when there is no such file yet. */
export function readSnapshotFile(path: string): SandboxSnapshot | null {
  if (!existsSync(path)) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SnapshotFormatError(`${path} is not a sandbox snapshot (not JSON)`);
  }
  const candidate = parsed as Partial<SandboxSnapshot> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.version !== SNAPSHOT_VERSION ||
    !Array.isArray(candidate.orgs) ||
    !Array.isArray(candidate.channels) ||
    typeof candidate.idSequence !== 'number' ||
    typeof candidate.oauth !== 'object'
  ) {
    throw new SnapshotFormatError(`${path} is not a version ${SNAPSHOT_VERSION} sandbox snapshot`);
  }
  return candidate as SandboxSnapshot;
}
