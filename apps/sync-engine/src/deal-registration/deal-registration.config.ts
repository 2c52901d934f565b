import { z } from '@crm-bridge/config';

/**
 * When two partners' deal registrations collide, for every integration that has no rules of its own
 * (`registrationCollisions` of its settings, set in mapping-config, replaces both).
 */
export const dealRegistrationConfig = {
  /** How many days back an earlier registration of the same account by another partner counts. Default 30. */
  REGISTRATION_WINDOW_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a number of days' })
    .min(0, 'must be at least 0')
    .max(3650, 'must be at most 3650')
    .default(30),
  /**
   * How alike two deal names must be (0..1, `dealNameSimilarity`) to collide. Default 0.8: "Acme
   * Corp – Turbine retrofit" and "ACME corp turbine retro-fit" (1.0) collide, a different project
   * for the same account ("Acme Corp – Payroll migration", about 0.3) does not. Above 1 turns it off.
   */
  REGISTRATION_SIMILARITY_THRESHOLD: z.coerce
    .number({ invalid_type_error: 'must be a number between 0 and 1' })
    .min(0, 'must be at least 0')
    .max(1.01, 'must be at most 1.01')
    .default(0.8),
};

export interface DealRegistrationConfig {
  REGISTRATION_WINDOW_DAYS: number;
  REGISTRATION_SIMILARITY_THRESHOLD: number;
}
