import { z } from 'zod';
import { conflictPolicySchema, contactTargetModuleSchema, mappingDirectionSchema, recordModuleSchema } from '@crm-bridge/vocabulary';

/**
 * How often the incremental poll of Zoho may run. The safety net behind Zoho notifications: more
 * often than once a minute burns API credits for nothing, less often than daily is no safety net.
 * Peer connectors offer hourly, every two hours and daily.
 */
export const SYNC_INTERVAL_MINUTES = { min: 1, max: 1440 } as const;

/**
 * How long a portal record must stay unchanged before it is sent to Zoho. Zero sends at once;
 * an hour is the most anyone asked for (Oncord waits ten minutes so edits made in one sitting
 * reach Zoho as one update).
 */
export const DEBOUNCE_SECONDS = { min: 0, max: 3600 } as const;

/**
 * How far back an earlier registration by another partner counts against a new one, in days. A
 * day is the least that still catches two partners registering the same deal in one week's
 * pipeline review; a year is a long channel program's registration term.
 */
export const REGISTRATION_COLLISION_WINDOW_DAYS = { min: 1, max: 365 } as const;

/**
 * How alike two deal names must be to collide (`dealNameSimilarity`, 0..1). Below one half,
 * unrelated projects of one account collide ("Acme – Payroll migration" and "Acme – Turbine
 * retrofit" score about 0.3); 1 holds only names that are the same once normalised.
 */
export const REGISTRATION_COLLISION_SIMILARITY = { min: 0.5, max: 1 } as const;

/**
 * An integration's own deal-registration collision rules (one vendor's channel program is not
 * another's). With `enabled: false` a new registration is never held; otherwise it is held when
 * another partner registered the same account within `windowDays` under a name at least
 * `similarityThreshold` alike.
 */
export const registrationCollisionSettingsSchema = z.object({
  enabled: z.boolean(),
  windowDays: z
    .number()
    .int('must be a whole number')
    .min(REGISTRATION_COLLISION_WINDOW_DAYS.min, `must be at least ${REGISTRATION_COLLISION_WINDOW_DAYS.min}`)
    .max(REGISTRATION_COLLISION_WINDOW_DAYS.max, `must be at most ${REGISTRATION_COLLISION_WINDOW_DAYS.max}`),
  similarityThreshold: z
    .number()
    .min(REGISTRATION_COLLISION_SIMILARITY.min, `must be at least ${REGISTRATION_COLLISION_SIMILARITY.min}`)
    .max(REGISTRATION_COLLISION_SIMILARITY.max, `must be at most ${REGISTRATION_COLLISION_SIMILARITY.max}`),
});

export type RegistrationCollisionSettings = z.infer<typeof registrationCollisionSettingsSchema>;

/** Whether one portal record module syncs, and which way; and its own conflict policy, where set. */
export const moduleSyncSettingSchema = z.object({
  module: recordModuleSchema,
  enabled: z.boolean(),
  direction: mappingDirectionSchema,
  /**
   * This module's conflicts follow this policy instead of the integration's `conflictPolicy`;
   * null or absent: the integration's. Optional so events published before it existed still parse.
   */
  conflictPolicy: conflictPolicySchema.nullable().optional(),
});

export type ModuleSyncSetting = z.infer<typeof moduleSyncSettingSchema>;

/**
 * An integration's sync settings as sync-engine needs them: what `integration.settings-changed`
 * carries, so sync-engine never reads mapping-config's tables.
 *
 * @example
 *   {
 *     connectionId: '…', name: 'Partner portal', enabled: true,
 *     modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }, …one entry per RecordModule],
 *     contactTargetModule: 'CONTACTS', conflictPolicy: 'LATEST_CHANGE_WINS',
 *     syncIntervalMinutes: 120, debounceSeconds: 600, syncRecordsFrom: '2026-01-01', timeZone: 'Europe/Berlin',
 *     registrationCollisions: { enabled: true, windowDays: 90, similarityThreshold: 0.85 },
 *   }
 */
export const integrationSettingsSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  name: z.string().min(1, 'must be a non-empty name'),
  enabled: z.boolean(),
  modules: z.array(moduleSyncSettingSchema),
  contactTargetModule: contactTargetModuleSchema,
  conflictPolicy: conflictPolicySchema,
  syncIntervalMinutes: z
    .number()
    .int('must be a whole number')
    .min(SYNC_INTERVAL_MINUTES.min, `must be at least ${SYNC_INTERVAL_MINUTES.min}`)
    .max(SYNC_INTERVAL_MINUTES.max, `must be at most ${SYNC_INTERVAL_MINUTES.max}`),
  debounceSeconds: z
    .number()
    .int('must be a whole number')
    .min(DEBOUNCE_SECONDS.min, `must be at least ${DEBOUNCE_SECONDS.min}`)
    .max(DEBOUNCE_SECONDS.max, `must be at most ${DEBOUNCE_SECONDS.max}`),
  /** Only records modified on or after this calendar day (in `timeZone`) sync; null: all of them. */
  syncRecordsFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
    .nullable(),
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1, 'must be an IANA time zone'),
  /**
   * The integration's own registration collision rules; null or absent: sync-engine's service-wide
   * defaults. Optional so events published before it existed still parse.
   */
  registrationCollisions: registrationCollisionSettingsSchema.nullable().optional(),
});

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;
