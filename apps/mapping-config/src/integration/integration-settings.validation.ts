import {
  DEBOUNCE_SECONDS,
  RECORD_MODULES,
  REGISTRATION_COLLISION_SIMILARITY,
  REGISTRATION_COLLISION_WINDOW_DAYS,
  SYNC_INTERVAL_MINUTES,
  type ConflictPolicy,
  type ContactTargetModule,
  type IntegrationSettings,
  type ModuleSyncSetting,
  type RegistrationCollisionSettings,
} from '@crm-bridge/contracts';
import type { InputProblem } from '@crm-bridge/subgraph';

export enum IntegrationSettingsProblemCode {
  NameRequired = 'NAME_REQUIRED',
  NameTooLong = 'NAME_TOO_LONG',
  DuplicateModule = 'DUPLICATE_MODULE',
  SyncIntervalOutOfRange = 'SYNC_INTERVAL_OUT_OF_RANGE',
  DebounceOutOfRange = 'DEBOUNCE_OUT_OF_RANGE',
  InvalidDate = 'INVALID_DATE',
  InvalidTimeZone = 'INVALID_TIME_ZONE',
  RegistrationWindowOutOfRange = 'REGISTRATION_WINDOW_OUT_OF_RANGE',
  SimilarityThresholdOutOfRange = 'SIMILARITY_THRESHOLD_OUT_OF_RANGE',
}

export enum IntegrationSettingsWarningCode {
  TimeZoneDiffersFromOrg = 'TIME_ZONE_DIFFERS_FROM_ORG',
  NoPublishedMapping = 'NO_PUBLISHED_MAPPING',
}

/** Long enough for "Partner portal EU ↔ Zoho production", short enough for a list. */
export const MAX_INTEGRATION_NAME_LENGTH = 100;

/** The settings a caller may send: on create any subset, on update only what changes. */
export interface IntegrationSettingsFieldsInput {
  readonly name?: string | null;
  readonly enabled?: boolean | null;
  readonly modules?: readonly ModuleSyncSetting[] | null;
  readonly contactTargetModule?: ContactTargetModule | null;
  readonly conflictPolicy?: ConflictPolicy | null;
  readonly syncIntervalMinutes?: number | null;
  readonly debounceSeconds?: number | null;
  readonly syncRecordsFrom?: string | null;
  readonly timeZone?: string | null;
  readonly registrationCollisions?: RegistrationCollisionSettings | null;
}

/** The settings an integration stores (everything `integration.settings-changed` carries but the connection). */
export type StoredIntegrationSettings = Omit<IntegrationSettings, 'connectionId'>;

/**
 * A checked change of settings: only the fields to change. `modules` lists only the modules to
 * change; `syncRecordsFrom: null` clears the date. `timeZone` is the canonical IANA name.
 */
export type IntegrationSettingsPatch = Partial<StoredIntegrationSettings>;

/**
 * Settings of a new integration where the caller gives none: disabled until an admin enables it
 * (nothing can sync before a mapping is published), deals both ways, hourly polls, a short debounce
 * that still merges the saves of one edit.
 */
export const DEFAULT_INTEGRATION_SETTINGS: Omit<StoredIntegrationSettings, 'name' | 'timeZone'> = {
  enabled: false,
  modules: RECORD_MODULES.map((module) => ({ module, enabled: module === 'DEALS', direction: 'BOTH' })),
  contactTargetModule: 'CONTACTS',
  conflictPolicy: 'LATEST_CHANGE_WINS',
  syncIntervalMinutes: 60,
  debounceSeconds: 5,
  syncRecordsFrom: null,
  registrationCollisions: null,
};

/**
 * Checks every given setting and returns the change with every problem found, each naming its
 * path (`input.modules[1].module`). A field that is absent or null is left unchanged — except
 * `syncRecordsFrom`, where null means "from the beginning", and `registrationCollisions`, where
 * null means "sync-engine's defaults".
 */
export function validateIntegrationSettings(input: IntegrationSettingsFieldsInput): {
  patch: IntegrationSettingsPatch;
  problems: InputProblem[];
} {
  const problems: InputProblem[] = [];
  const patch: { -readonly [K in keyof IntegrationSettingsPatch]: IntegrationSettingsPatch[K] } = {};
  const problem = (code: IntegrationSettingsProblemCode, path: string, reason: string) =>
    problems.push({ code, path, message: `${path} ${reason}` });

  if (input.name !== undefined && input.name !== null) {
    const name = input.name.trim();
    if (name.length === 0) {
      problem(IntegrationSettingsProblemCode.NameRequired, 'input.name', 'must not be empty');
    } else if (name.length > MAX_INTEGRATION_NAME_LENGTH) {
      problem(
        IntegrationSettingsProblemCode.NameTooLong,
        'input.name',
        `must be at most ${MAX_INTEGRATION_NAME_LENGTH} characters (got ${name.length})`,
      );
    }
    patch.name = name;
  }
  if (input.enabled !== undefined && input.enabled !== null) {
    patch.enabled = input.enabled;
  }
  if (input.modules !== undefined && input.modules !== null) {
    const firstIndexOf = new Map<string, number>();
    input.modules.forEach((setting, index) => {
      const earlier = firstIndexOf.get(setting.module);
      if (earlier !== undefined) {
        problem(
          IntegrationSettingsProblemCode.DuplicateModule,
          `input.modules[${index}].module`,
          `${setting.module} is set by input.modules[${earlier}] already`,
        );
      } else {
        firstIndexOf.set(setting.module, index);
      }
    });
    // A module listed replaces its setting whole: leaving out its conflict policy clears it.
    patch.modules = input.modules.map(({ module, enabled, direction, conflictPolicy }) => ({
      module,
      enabled,
      direction,
      ...(conflictPolicy ? { conflictPolicy } : {}),
    }));
  }
  if (input.contactTargetModule !== undefined && input.contactTargetModule !== null) {
    patch.contactTargetModule = input.contactTargetModule;
  }
  if (input.conflictPolicy !== undefined && input.conflictPolicy !== null) {
    patch.conflictPolicy = input.conflictPolicy;
  }
  if (input.syncIntervalMinutes !== undefined && input.syncIntervalMinutes !== null) {
    if (input.syncIntervalMinutes < SYNC_INTERVAL_MINUTES.min || input.syncIntervalMinutes > SYNC_INTERVAL_MINUTES.max) {
      problem(
        IntegrationSettingsProblemCode.SyncIntervalOutOfRange,
        'input.syncIntervalMinutes',
        `must be between ${SYNC_INTERVAL_MINUTES.min} and ${SYNC_INTERVAL_MINUTES.max} minutes (a day), got ${input.syncIntervalMinutes}`,
      );
    }
    patch.syncIntervalMinutes = input.syncIntervalMinutes;
  }
  if (input.debounceSeconds !== undefined && input.debounceSeconds !== null) {
    if (input.debounceSeconds < DEBOUNCE_SECONDS.min || input.debounceSeconds > DEBOUNCE_SECONDS.max) {
      problem(
        IntegrationSettingsProblemCode.DebounceOutOfRange,
        'input.debounceSeconds',
        `must be between ${DEBOUNCE_SECONDS.min} and ${DEBOUNCE_SECONDS.max} seconds (an hour), got ${input.debounceSeconds}`,
      );
    }
    patch.debounceSeconds = input.debounceSeconds;
  }
  if (input.syncRecordsFrom !== undefined) {
    if (input.syncRecordsFrom !== null && !isCalendarDate(input.syncRecordsFrom)) {
      problem(
        IntegrationSettingsProblemCode.InvalidDate,
        'input.syncRecordsFrom',
        `must be a calendar date YYYY-MM-DD, got "${input.syncRecordsFrom}"`,
      );
    }
    patch.syncRecordsFrom = input.syncRecordsFrom;
  }
  if (input.timeZone !== undefined && input.timeZone !== null) {
    const timeZone = canonicalTimeZone(input.timeZone);
    if (timeZone === null) {
      problem(
        IntegrationSettingsProblemCode.InvalidTimeZone,
        'input.timeZone',
        `must be an IANA time zone such as Europe/Berlin, got "${input.timeZone}"`,
      );
    } else {
      patch.timeZone = timeZone;
    }
  }
  if (input.registrationCollisions !== undefined) {
    const rules = input.registrationCollisions;
    if (rules !== null) {
      const window = REGISTRATION_COLLISION_WINDOW_DAYS;
      if (!Number.isInteger(rules.windowDays) || rules.windowDays < window.min || rules.windowDays > window.max) {
        problem(
          IntegrationSettingsProblemCode.RegistrationWindowOutOfRange,
          'input.registrationCollisions.windowDays',
          `must be a whole number of days between ${window.min} and ${window.max} (a year), got ${rules.windowDays}`,
        );
      }
      const similarity = REGISTRATION_COLLISION_SIMILARITY;
      if (!(rules.similarityThreshold >= similarity.min && rules.similarityThreshold <= similarity.max)) {
        problem(
          IntegrationSettingsProblemCode.SimilarityThresholdOutOfRange,
          'input.registrationCollisions.similarityThreshold',
          `must be between ${similarity.min} and ${similarity.max}, got ${rules.similarityThreshold}`,
        );
      }
    }
    // A plain object of exactly these keys: it is stored as jsonb and published as it is.
    patch.registrationCollisions = rules && {
      enabled: rules.enabled,
      windowDays: rules.windowDays,
      similarityThreshold: rules.similarityThreshold,
    };
  }
  return { patch, problems };
}

/** `current` with `patch` applied; modules the patch names replace theirs, in `RECORD_MODULES` order. */
export function applySettingsPatch(current: StoredIntegrationSettings, patch: IntegrationSettingsPatch): StoredIntegrationSettings {
  const modules = RECORD_MODULES.map(
    (module) =>
      patch.modules?.find((setting) => setting.module === module) ??
      current.modules.find((setting) => setting.module === module) ?? { module, enabled: false, direction: 'BOTH' as const },
  );
  return { ...current, ...patch, modules };
}

/** The warnings a saved change deserves: a time zone set apart from the org's, an integration enabled with nothing to sync by. */
export function settingsWarnings(
  patch: IntegrationSettingsPatch,
  saved: { timeZone: string; enabled: boolean; publishedVersion: number | null },
  orgTimeZone: string | null,
): InputProblem[] {
  const warnings: InputProblem[] = [];
  if (patch.timeZone !== undefined && orgTimeZone !== null && canonicalTimeZone(orgTimeZone) !== saved.timeZone) {
    warnings.push({
      code: IntegrationSettingsWarningCode.TimeZoneDiffersFromOrg,
      path: 'input.timeZone',
      message: `input.timeZone ${saved.timeZone} differs from the Zoho org's time zone ${orgTimeZone}: dates and times will drift between the portal and Zoho by the difference`,
    });
  }
  if (patch.enabled === true && saved.enabled && saved.publishedVersion === null) {
    warnings.push({
      code: IntegrationSettingsWarningCode.NoPublishedMapping,
      path: 'input.enabled',
      message: 'input.enabled: the integration is enabled but has no published mapping yet; nothing syncs until one is published',
    });
  }
  return warnings;
}

/**
 * The canonical IANA name of a time zone (`europe/berlin` → `Europe/Berlin`), or null if Intl does
 * not know it. Offsets such as `+02:00` are refused: they have no daylight saving rules, so dates
 * would drift twice a year.
 */
export function canonicalTimeZone(candidate: string): string | null {
  if (candidate.trim() !== candidate || /^[+-]/.test(candidate)) {
    return null;
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A real `YYYY-MM-DD` day (no 2026-02-30). */
function isCalendarDate(candidate: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(candidate)) {
    return false;
  }
  const parsed = new Date(`${candidate}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(candidate);
}
