import { signServiceToken } from '@crm-bridge/caller-context';
import type { ZohoAccessToken, ZohoTokenProvider } from '@crm-bridge/zoho-client';

export interface ConnectionTokenClientOptions {
  /** auth-connector's base URL, e.g. `http://auth-connector:4001`. */
  readonly authConnectorUrl: string;
  /** This service's name: the `iss` of its service tokens, e.g. `sync-engine`. */
  readonly service: string;
  /** `INTERNAL_SIGNING_SECRET`, shared by every service. */
  readonly signingSecret: string;
  /** A cached token is replaced this long before it expires (default 60 s). */
  readonly refreshAheadMs?: number;
  /** Deadline of one request to auth-connector (default 10 s). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** auth-connector's refusal, with its code (`CONNECTION_NOT_FOUND`, `CONNECTION_NOT_CONNECTED`, `SERVICE_TOKEN_*`…). */
export class ConnectionTokenError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionTokenError';
  }
}

interface CachedToken extends ZohoAccessToken {
  expiresAt: number;
}

/**
 * The zoho-client's token provider for every service but auth-connector: asks auth-connector's
 * internal endpoint for a connection's access token with a fresh service token for the tenant,
 * and caches it until shortly before it expires. Requests are single-flight per connection;
 * after `invalidate` the next request tells auth-connector which token Zoho refused, so it
 * refreshes instead of handing the same one back.
 *
 * `orgRef` names the tenant and the connection: {@link connectionOrgRef}.
 *
 * @example
 *   const tokens = new ConnectionTokenClient({ authConnectorUrl, service: 'sync-engine', signingSecret });
 *   const zoho = new ZohoClient({ tokens, limitsFor: () => ({ edition: 'enterprise' }) });
 *   zoho.records.list(connectionOrgRef(tenantId, connectionId), 'Deals', { fields: ['Deal_Name'] });
 */
export class ConnectionTokenClient implements ZohoTokenProvider {
  private readonly cache = new Map<string, CachedToken>();
  private readonly rejected = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();
  private readonly now: () => number;

  constructor(private readonly options: ConnectionTokenClientOptions) {
    this.now = options.now ?? Date.now;
  }

  async accessToken(orgRef: string): Promise<ZohoAccessToken> {
    const cached = this.cache.get(orgRef);
    if (cached && cached.expiresAt - (this.options.refreshAheadMs ?? 60_000) > this.now()) {
      return { token: cached.token, apiDomain: cached.apiDomain };
    }
    let request = this.inFlight.get(orgRef);
    if (!request) {
      request = this.request(orgRef).finally(() => this.inFlight.delete(orgRef));
      this.inFlight.set(orgRef, request);
    }
    const fresh = await request;
    return { token: fresh.token, apiDomain: fresh.apiDomain };
  }

  invalidate(orgRef: string, token: string): void {
    if (this.cache.get(orgRef)?.token === token) {
      this.cache.delete(orgRef);
      this.rejected.set(orgRef, token);
    }
  }

  private async request(orgRef: string): Promise<CachedToken> {
    const { tenantId, connectionId } = parseConnectionOrgRef(orgRef);
    const serviceToken = await signServiceToken({ service: this.options.service, tenantId }, this.options.signingSecret, {
      audience: 'auth-connector',
    });
    const rejected = this.rejected.get(orgRef);
    const url = `${this.options.authConnectorUrl.replace(/\/+$/, '')}/internal/connections/${encodeURIComponent(connectionId)}/access-token`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(rejected === undefined ? {} : { rejectedAccessToken: rejected }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ConnectionTokenError('AUTH_CONNECTOR_UNREACHABLE', null, `auth-connector did not answer: ${String(error)}`);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.status !== 200 || typeof body?.['accessToken'] !== 'string' || typeof body['apiDomain'] !== 'string') {
      const code = typeof body?.['code'] === 'string' ? body['code'] : 'UNEXPECTED_RESPONSE';
      const message = typeof body?.['message'] === 'string' ? body['message'] : `auth-connector answered ${response.status}`;
      throw new ConnectionTokenError(code, response.status, message);
    }
    const token: CachedToken = {
      token: body['accessToken'],
      apiDomain: body['apiDomain'],
      expiresAt: Date.parse(String(body['expiresAt'])),
    };
    this.cache.set(orgRef, token);
    this.rejected.delete(orgRef);
    return token;
  }
}

/** The `orgRef` of a tenant's Zoho connection, as {@link ConnectionTokenClient} (and auth-connector) read it. */
export function connectionOrgRef(tenantId: string, connectionId: string): string {
  return `${tenantId}/${connectionId}`;
}

/** The inverse of {@link connectionOrgRef}; connection ids never contain `/`, tenant ids may. */
export function parseConnectionOrgRef(orgRef: string): { tenantId: string; connectionId: string } {
  const separator = orgRef.lastIndexOf('/');
  if (separator <= 0 || separator === orgRef.length - 1) {
    throw new ConnectionTokenError('INVALID_ORG_REF', null, `orgRef must be <tenantId>/<connectionId>, got "${orgRef}"`);
  }
  return { tenantId: orgRef.slice(0, separator), connectionId: orgRef.slice(separator + 1) };
}
