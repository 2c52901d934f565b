import { Injectable } from '@nestjs/common';
import { ZOHO_DEFAULT_USER_LICENCES, zohoEditionNamed, type ZohoOrgLimits } from '@crm-bridge/zoho-client';
import { connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import type { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';

/** What sync tells zoho-client about an org: the edition and the user licences its credits are reckoned by. */
type OrgAllowanceBasis = Required<Pick<ZohoOrgLimits, 'edition' | 'userLicences'>>;

/**
 * The `orgRef` sync-engine names a connected org by in zoho-client calls, and that org's limits.
 * zoho-client reads an org's limits at each call; every call sync-engine makes takes its `orgRef`
 * from {@link orgRefOf}, which records the connection's edition and licences first, so an org
 * connected again with more licences is held to its new allowance from its next call.
 */
@Injectable()
export class ZohoOrgs {
  private readonly limits = new Map<string, OrgAllowanceBasis>();
  private readonly charged = new Map<string, number>();

  orgRefOf(connection: Pick<SyncConnectionEntity, 'tenantId' | 'connectionId' | 'edition' | 'userLicences'>): string {
    const orgRef = connectionOrgRef(connection.tenantId, connection.connectionId);
    this.limits.set(orgRef, {
      edition: zohoEditionNamed(connection.edition),
      userLicences: connection.userLicences ?? ZOHO_DEFAULT_USER_LICENCES,
    });
    return orgRef;
  }

  /** Adds credits Zoho charged for a call to the org (zoho-client's `onCharged`). */
  recordCharge(orgRef: string, credits: number): void {
    this.charged.set(orgRef, (this.charged.get(orgRef) ?? 0) + credits);
  }

  /** The credits charged to the org since the last call of this, which starts counting again. */
  takeCharged(orgRef: string): number {
    const credits = this.charged.get(orgRef) ?? 0;
    this.charged.delete(orgRef);
    return credits;
  }

  /**
   * The org's limits by its edition and user licences. An org Zoho did not name an edition for
   * (or one not recorded yet) gets the smallest, Free, which can only stop early; one whose licences
   * Zoho did not report is reckoned at zoho-client's default, {@link ZOHO_DEFAULT_USER_LICENCES} (10).
   */
  limitsOf(orgRef: string): ZohoOrgLimits {
    return this.limits.get(orgRef) ?? { edition: 'free', userLicences: ZOHO_DEFAULT_USER_LICENCES };
  }
}
