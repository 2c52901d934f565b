import type { ConflictPolicy, ConflictResolution, RecordFieldValue } from '@crm-bridge/contracts';

/** How one conflict is settled: which value, and by which policy or person. */
export interface ConflictDecision {
  readonly resolution: ConflictResolution;
  readonly resolvedValue: RecordFieldValue;
  /** The policy that decided; null when a person did. */
  readonly policy: ConflictPolicy | null;
  /** The reviewer's user id, or `policy:<POLICY>`. */
  readonly resolvedBy: string;
}

/** A conflict's two sides as the latest detection saw them. */
export interface ConflictSides {
  readonly portalValue: RecordFieldValue;
  readonly zohoValue: RecordFieldValue;
  readonly portalChangedAt: Date;
  readonly zohoChangedAt: Date;
}

/**
 * What an automatic policy decides at once, or null for `MANUAL_REVIEW` (a person decides).
 * `LATEST_CHANGE_WINS` keeps the side changed later; on a tie Zoho's value wins: Zoho is the
 * system of record, and the same rule as `ZOHO_WINS` keeps a tie predictable.
 *
 * @example decideByPolicy('LATEST_CHANGE_WINS', { portalChangedAt: 10:00, zohoChangedAt: 10:05, … }) → ZOHO_VALUE
 */
export function decideByPolicy(policy: ConflictPolicy, sides: ConflictSides): ConflictDecision | null {
  const byPolicy = (resolution: 'PORTAL_VALUE' | 'ZOHO_VALUE'): ConflictDecision => ({
    resolution,
    resolvedValue: resolution === 'PORTAL_VALUE' ? sides.portalValue : sides.zohoValue,
    policy,
    resolvedBy: `policy:${policy}`,
  });
  switch (policy) {
    case 'ZOHO_WINS':
      return byPolicy('ZOHO_VALUE');
    case 'PORTAL_WINS':
      return byPolicy('PORTAL_VALUE');
    case 'LATEST_CHANGE_WINS':
      return byPolicy(sides.portalChangedAt.getTime() > sides.zohoChangedAt.getTime() ? 'PORTAL_VALUE' : 'ZOHO_VALUE');
    case 'MANUAL_REVIEW':
      return null;
  }
}
