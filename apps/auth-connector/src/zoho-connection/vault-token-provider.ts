import { Injectable } from '@nestjs/common';
import type { ZohoAccessToken, ZohoTokenProvider } from '@crm-bridge/zoho-client';
import { ConnectionAccessTokens } from './connection-access-tokens';

/**
 * The zoho-client's token source inside auth-connector, over the vault. `orgRef` is
 * `<tenantId>/<connectionId>` ({@link connectionOrgRef}), so the tenant check of every read holds.
 */
@Injectable()
export class VaultTokenProvider implements ZohoTokenProvider {
  private readonly rejected = new Map<string, string>();

  constructor(private readonly tokens: ConnectionAccessTokens) {}

  async accessToken(orgRef: string): Promise<ZohoAccessToken> {
    const [tenantId, connectionId] = splitOrgRef(orgRef);
    const rejected = this.rejected.get(orgRef);
    const token = await this.tokens.accessToken(tenantId, connectionId, rejected === undefined ? {} : { rejected });
    this.rejected.delete(orgRef);
    return { token: token.accessToken, apiDomain: token.apiDomain };
  }

  invalidate(orgRef: string, token: string): void {
    this.rejected.set(orgRef, token);
  }
}

/** The zoho-client's name for a stored connection. */
export function connectionOrgRef(tenantId: string, connectionId: string): string {
  return `${tenantId}/${connectionId}`;
}

function splitOrgRef(orgRef: string): [string, string] {
  const separator = orgRef.lastIndexOf('/');
  return [orgRef.slice(0, separator), orgRef.slice(separator + 1)];
}
