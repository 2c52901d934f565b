import { ZohoArgumentError } from '../errors/zoho-errors';
import type { ZohoClientMetrics } from '../metrics/zoho-client-metrics';
import type { ZohoClientCredentials, ZohoOAuthClient } from './zoho-oauth-client';

/** A short-lived access token and the API domain it is valid in (a token works only in its own DC). */
export interface ZohoAccessToken {
  token: string;
  apiDomain: string;
}

/**
 * Where the client gets access tokens for an org. auth-connector implements it over its vault of
 * encrypted refresh tokens; {@link RefreshTokenProvider} is the in-memory implementation for
 * tests, the benchmark and single-process tools.
 *
 * `orgRef` is the caller's name for one connected Zoho org (e.g. an integration id).
 */
export interface ZohoTokenProvider {
  /** A token believed valid now; refreshes when none is held or it is near expiry. */
  accessToken(orgRef: string): Promise<ZohoAccessToken>;
  /**
   * Zoho rejected `token` (INVALID_TOKEN / AUTHENTICATION_FAILURE): forget it, so the next
   * `accessToken` refreshes. A token other than the one held is ignored — another call already
   * replaced it — which is what keeps 20 concurrent failures down to one refresh.
   */
  invalidate(orgRef: string, token: string): void;
}

/** One org's long-lived connection: client credentials, refresh token and the accounts server Zoho named. */
export interface ZohoOrgConnection extends ZohoClientCredentials {
  refreshToken: string;
  accountsServer: string;
  /** The API domain from the first token response, if known; each refresh response replaces it. */
  apiDomain?: string;
}

interface HeldToken extends ZohoAccessToken {
  expiresAt: number;
}

/**
 * Access tokens from refresh tokens held in memory. Refreshes are single-flight per org: every
 * caller that needs a token while a refresh runs awaits that same refresh. Tokens are renewed
 * `refreshSkewMs` before expiry so a call does not start with a token that dies on the way.
 * Zoho allows 10 refreshes per refresh token per 10 minutes (§1.2), so refreshing per call would
 * lock the org out within seconds.
 */
export class RefreshTokenProvider implements ZohoTokenProvider {
  private readonly connections = new Map<string, ZohoOrgConnection>();
  private readonly held = new Map<string, HeldToken>();
  private readonly inFlight = new Map<string, Promise<HeldToken>>();
  private refreshCount = 0;

  constructor(
    private readonly oauth: ZohoOAuthClient,
    private readonly options: { refreshSkewMs?: number; now?: () => number; metrics?: ZohoClientMetrics } = {},
  ) {}

  /** Registers (or replaces) an org's connection. */
  connect(orgRef: string, connection: ZohoOrgConnection, initialToken?: { token: string; apiDomain: string; expiresAt: number }): void {
    for (const key of ['clientId', 'clientSecret', 'refreshToken', 'accountsServer'] as const) {
      if (typeof connection[key] !== 'string' || connection[key].length === 0) {
        throw new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field: key, message: 'is required' });
      }
    }
    this.connections.set(orgRef, { ...connection });
    this.held.delete(orgRef);
    if (initialToken) {
      this.held.set(orgRef, { ...initialToken });
    }
  }

  /** Refreshes made by this provider, for tests and logs. */
  get refreshes(): number {
    return this.refreshCount;
  }

  async accessToken(orgRef: string): Promise<ZohoAccessToken> {
    const held = this.held.get(orgRef);
    const now = (this.options.now ?? Date.now)();
    if (held && held.expiresAt - (this.options.refreshSkewMs ?? 60_000) > now) {
      return { token: held.token, apiDomain: held.apiDomain };
    }
    const fresh = await this.refreshOnce(orgRef);
    return { token: fresh.token, apiDomain: fresh.apiDomain };
  }

  invalidate(orgRef: string, token: string): void {
    if (this.held.get(orgRef)?.token === token) {
      this.held.delete(orgRef);
    }
  }

  private refreshOnce(orgRef: string): Promise<HeldToken> {
    const running = this.inFlight.get(orgRef);
    if (running) {
      return running;
    }
    const refresh = this.refresh(orgRef).finally(() => this.inFlight.delete(orgRef));
    this.inFlight.set(orgRef, refresh);
    return refresh;
  }

  private async refresh(orgRef: string): Promise<HeldToken> {
    const connection = this.connections.get(orgRef);
    if (!connection) {
      throw new ZohoArgumentError({
        code: 'INVALID_ARGUMENT',
        httpStatus: null,
        field: 'orgRef',
        message: `no Zoho connection for org ${orgRef}`,
      });
    }
    this.refreshCount += 1;
    try {
      const grant = await this.oauth.refresh(connection);
      // The api_domain of each token response wins: it is the DC the token is valid in.
      connection.apiDomain = grant.apiDomain;
      const held: HeldToken = { token: grant.accessToken, apiDomain: grant.apiDomain, expiresAt: grant.expiresAt };
      this.held.set(orgRef, held);
      this.options.metrics?.tokenRefreshes.inc({ outcome: 'ok' });
      return held;
    } catch (error) {
      this.options.metrics?.tokenRefreshes.inc({ outcome: 'error' });
      throw error;
    }
  }
}
