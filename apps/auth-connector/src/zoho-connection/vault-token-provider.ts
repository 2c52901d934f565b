import { Injectable } from '@nestjs/common';
import type { ZohoAccessToken, ZohoTokenProvider } from '@crm-bridge/zoho-client';
import { parseConnectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { ConnectionAccessTokens } from './connection-access-tokens';

/**
 * The zoho-client's token source inside auth-connector, over the vault. `orgRef` is
 * `<tenantId>/<connectionId>` (`connectionOrgRef`, as other services name connections), so the
 * tenant check of every read holds.
 */
@Injectable()
export class VaultTokenProvider implements ZohoTokenProvider {
  private readonly rejected = new Map<string, string>();

  constructor(private readonly tokens: ConnectionAccessTokens) {}

  async accessToken(orgRef: string): Promise<ZohoAccessToken> {
    const { tenantId, connectionId } = parseConnectionOrgRef(orgRef);
    const rejected = this.rejected.get(orgRef);
    const token = await this.tokens.accessToken(tenantId, connectionId, rejected === undefined ? {} : { rejected });
    this.rejected.delete(orgRef);
    return { token: token.accessToken, apiDomain: token.apiDomain };
  }

  invalidate(orgRef: string, token: string): void {
    this.rejected.set(orgRef, token);
  }
}
