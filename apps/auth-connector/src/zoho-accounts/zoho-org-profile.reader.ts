import { Injectable } from '@nestjs/common';
import {
  RefreshTokenProvider,
  ZohoClient,
  ZohoDataCentreDirectory,
  ZohoOAuthClient,
  zohoEditionOf,
  type ZohoTokenGrant,
} from '@crm-bridge/zoho-client';

/** What a connection records about the org and the user who granted access. */
export interface ZohoOrgProfile {
  orgId: string;
  orgName: string | null;
  timeZone: string;
  currency: string | null;
  edition: string | null;
  /** User licences the org bought (`license_details.users_license_purchased`); null when Zoho did not say. */
  userLicences: number | null;
  userId: string;
  userEmail: string | null;
}

/**
 * Reads the org (`GET /crm/v8/org`) and the granting user (`GET /crm/v8/users?type=CurrentUser`)
 * with a grant that has just been issued, before anything is stored: a grant whose token cannot
 * read its own org is not a usable connection.
 */
@Injectable()
export class ZohoOrgProfileReader {
  constructor(
    private readonly oauth: ZohoOAuthClient,
    private readonly dataCentres: ZohoDataCentreDirectory,
  ) {}

  async read(
    grant: ZohoTokenGrant & { refreshToken: string },
    client: { clientId: string; clientSecret: string; accountsServer: string },
  ): Promise<ZohoOrgProfile> {
    // A provider and client for this one grant: nothing about the org (edition, limits) is known yet.
    const tokens = new RefreshTokenProvider(this.oauth);
    const orgRef = 'connecting';
    tokens.connect(
      orgRef,
      { ...client, refreshToken: grant.refreshToken },
      { token: grant.accessToken, apiDomain: grant.apiDomain, expiresAt: grant.expiresAt },
    );
    const zoho = new ZohoClient({
      tokens,
      dataCentres: this.dataCentres,
      limitsFor: () => ({ edition: 'free' }),
      retry: { maxRetries: 1 },
    });
    const [org, user] = await Promise.all([zoho.metadata.org(orgRef), zoho.metadata.currentUser(orgRef)]);
    return {
      orgId: org.id,
      orgName: org.company_name ?? null,
      timeZone: org.time_zone,
      currency: org.iso_code ?? null,
      edition: org.license_details?.paid_type ?? null,
      userLicences: zohoEditionOf(org).userLicences ?? null,
      userId: user.id,
      userEmail: user.email ?? null,
    };
  }
}
