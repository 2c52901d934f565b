import { Injectable } from '@nestjs/common';
import { ZOHO_EDITIONS, type ZohoEdition, type ZohoOrgLimits } from '@crm-bridge/zoho-client';
import { connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import type { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';

/**
 * The `orgRef` sync-engine names a connected org by in zoho-client calls, and that org's limits.
 * zoho-client reads an org's limits once, at its first call; every call sync-engine makes takes
 * its `orgRef` from {@link orgRefOf}, which records the connection's edition first.
 */
@Injectable()
export class ZohoOrgs {
  private readonly editions = new Map<string, ZohoEdition>();
  private readonly charged = new Map<string, number>();

  orgRefOf(connection: Pick<SyncConnectionEntity, 'tenantId' | 'connectionId' | 'edition'>): string {
    const orgRef = connectionOrgRef(connection.tenantId, connection.connectionId);
    this.editions.set(orgRef, editionOf(connection.edition));
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

  /** The org's limits by its edition; an org Zoho did not name an edition for gets the smallest, which can only stop early. */
  limitsOf(orgRef: string): ZohoOrgLimits {
    return { edition: this.editions.get(orgRef) ?? 'free' };
  }
}

function editionOf(reported: string | null): ZohoEdition {
  const edition = reported?.toLowerCase();
  return ZOHO_EDITIONS.find((known) => known === edition) ?? 'free';
}
