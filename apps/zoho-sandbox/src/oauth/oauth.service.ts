import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock/sandbox-clock';
import type { DataCentreLocation } from '../data-centre/data-centre';
import { zohoStyleToken } from '../ids/zoho-id.generator';
import { parseScopeList } from './oauth-scope';
import type { SandboxOrg } from '../org/sandbox-org';
import {
  THROTTLED_TOKEN_RESPONSE,
  type AccessTokenGrant,
  type GrantCode,
  type OAuthClient,
  type RefreshTokenGrant,
  type TokenErrorResponse,
  type TokenResponse,
} from './oauth.model';

const TEN_MINUTES_MS = 10 * 60_000;
/** Per-client and per-refresh-token limits of Zoho Accounts (reference §1.2). */
export const OAUTH_LIMITS = {
  grantCodesPer10Minutes: 10,
  accessTokensPer10Minutes: 10,
  activeAccessTokensPerRefreshToken: 15,
  refreshTokensPerUserAndClient: 20,
  defaultGrantCodeMinutes: 3,
} as const;

export class OAuthLimitError extends Error {}

export interface OAuthState {
  clients: OAuthClient[];
  grantCodes: GrantCode[];
  refreshTokens: RefreshTokenGrant[];
  accessTokens: AccessTokenGrant[];
}

export interface OAuthServiceOptions {
  accessTokenTtlSeconds: number;
}

export type TokenOutcome = TokenResponse | TokenErrorResponse;

/**
 * Zoho Accounts: clients, grant codes, refresh and access tokens with their lifetimes and limits.
 * Every credential belongs to the DC of its client's org; the token endpoint of another DC does
 * not know it (`invalid_client`), and the API of another DC rejects its tokens.
 */
export class OAuthService {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly grantCodes = new Map<string, GrantCode>();
  private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
  private readonly accessTokens = new Map<string, AccessTokenGrant>();
  /** Access tokens minted per org since start (not snapshotted): lets tests count refreshes. */
  private readonly accessTokensIssued = new Map<string, number>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: OAuthServiceOptions,
    private readonly randomHex: (bytes: number) => string = (bytes) => randomBytes(bytes).toString('hex'),
  ) {}

  registerClient(org: SandboxOrg, input: { name: string; kind: OAuthClient['kind']; redirectUris: string[] }): OAuthClient {
    const client: OAuthClient = {
      clientId: `1000.${this.randomHex(15).toUpperCase()}`,
      clientSecret: this.randomHex(21),
      orgId: org.id,
      location: org.location,
      name: input.name,
      kind: input.kind,
      redirectUris: input.redirectUris,
      ownerUserId: org.primaryUser.id,
      grantCodeIssueTimes: [],
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  findClient(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  clientsOf(orgId: string): OAuthClient[] {
    return [...this.clients.values()].filter((client) => client.orgId === orgId);
  }

  /**
   * Issues a grant code, as the consent page or the API console's self-client form does.
   * At most 10 per client per 10 minutes (reference §1.2).
   */
  issueGrantCode(
    client: OAuthClient,
    input: { userId: string; scopes: string[]; redirectUri: string | null; issueRefreshToken: boolean; expiresInMinutes?: number },
  ): GrantCode {
    const now = this.clock.now();
    client.grantCodeIssueTimes = client.grantCodeIssueTimes.filter((at) => now - at < TEN_MINUTES_MS);
    if (client.grantCodeIssueTimes.length >= OAUTH_LIMITS.grantCodesPer10Minutes) {
      throw new OAuthLimitError('at most 10 grant codes per client in 10 minutes');
    }
    client.grantCodeIssueTimes.push(now);
    const code: GrantCode = {
      code: zohoStyleToken(this.randomHex),
      clientId: client.clientId,
      userId: input.userId,
      orgId: client.orgId,
      scopes: input.scopes,
      expiresAt: now + (input.expiresInMinutes ?? OAUTH_LIMITS.defaultGrantCodeMinutes) * 60_000,
      redirectUri: input.redirectUri,
      issueRefreshToken: input.issueRefreshToken,
    };
    this.grantCodes.set(code.code, code);
    return code;
  }

  /** True when this user already holds a refresh token for this client (offline grants without `prompt=consent` then get none). */
  hasRefreshToken(clientId: string, userId: string): boolean {
    return [...this.refreshTokens.values()].some((grant) => grant.clientId === clientId && grant.userId === userId);
  }

  /** `POST {accounts}/oauth/v2/token` in the DC `location`; `apiDomain` is that DC's API domain. */
  exchange(params: URLSearchParams, location: DataCentreLocation, apiDomain: string): TokenOutcome {
    const grantType = params.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      return { error: 'unsupported_grant_type' };
    }
    const client = this.clients.get(params.get('client_id') ?? '');
    if (!client || client.location !== location || client.clientSecret !== params.get('client_secret')) {
      return { error: 'invalid_client' };
    }
    if (grantType === 'client_credentials') {
      return this.clientCredentials(client, params, apiDomain);
    }
    return grantType === 'authorization_code'
      ? this.exchangeCode(client, params, apiDomain)
      : this.refresh(client, params.get('refresh_token') ?? '', apiDomain);
  }

  /** Resolves `Authorization: Zoho-oauthtoken …` to a live grant; `null` for unknown, revoked or expired tokens. */
  authenticate(accessToken: string): AccessTokenGrant | null {
    const grant = this.accessTokens.get(accessToken);
    if (!grant) {
      return null;
    }
    if (grant.expiresAt <= this.clock.now()) {
      return null;
    }
    return grant;
  }

  /** Revokes a refresh token (with all its access tokens) or one access token. */
  revoke(token: string, clientId?: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (refresh && (clientId === undefined || refresh.clientId === clientId)) {
      this.dropRefreshToken(refresh);
      return true;
    }
    const access = this.accessTokens.get(token);
    if (access && (clientId === undefined || access.clientId === clientId)) {
      this.dropAccessToken(access);
      return true;
    }
    return false;
  }

  /** Every client and credential, for snapshots. */
  exportState(): OAuthState {
    return {
      clients: [...this.clients.values()],
      grantCodes: [...this.grantCodes.values()],
      refreshTokens: [...this.refreshTokens.values()],
      accessTokens: [...this.accessTokens.values()],
    };
  }

  restoreState(state: OAuthState): void {
    this.clients.clear();
    this.grantCodes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    for (const client of state.clients) {
      this.clients.set(client.clientId, client);
    }
    for (const code of state.grantCodes) {
      this.grantCodes.set(code.code, code);
    }
    for (const grant of state.refreshTokens) {
      this.refreshTokens.set(grant.token, grant);
    }
    for (const grant of state.accessTokens) {
      this.accessTokens.set(grant.token, grant);
    }
  }

  /** How many access tokens the org's clients obtained (code exchanges plus refreshes) since the sandbox started. */
  accessTokensIssuedTo(orgId: string): number {
    return this.accessTokensIssued.get(orgId) ?? 0;
  }

  /** Fault injection: revokes every token of an org, as an admin removing the app's access would. */
  revokeAllOf(orgId: string): number {
    let revoked = 0;
    for (const grant of [...this.refreshTokens.values()]) {
      if (grant.orgId !== orgId) {
        continue;
      }
      this.dropRefreshToken(grant);
      revoked += 1;
    }
    for (const grant of [...this.accessTokens.values()]) {
      if (grant.orgId !== orgId) {
        continue;
      }
      this.dropAccessToken(grant);
      revoked += 1;
    }
    return revoked;
  }

  /** Fault injection: every live access token of an org expires now; refresh tokens keep working. */
  expireAccessTokensOf(orgId: string): number {
    const now = this.clock.now();
    let expired = 0;
    for (const grant of this.accessTokens.values()) {
      if (grant.orgId !== orgId || grant.expiresAt <= now) {
        continue;
      }
      grant.expiresAt = now;
      expired += 1;
    }
    return expired;
  }

  private exchangeCode(client: OAuthClient, params: URLSearchParams, apiDomain: string): TokenOutcome {
    const code = this.grantCodes.get(params.get('code') ?? '');
    if (!code || code.clientId !== client.clientId || code.expiresAt <= this.clock.now()) {
      return { error: 'invalid_code' };
    }
    if (code.redirectUri !== null && params.get('redirect_uri') !== code.redirectUri) {
      return { error: 'invalid_redirect_uri' };
    }
    // Single use: a code is spent by its first exchange, even a failing one further down.
    this.grantCodes.delete(code.code);
    if (!code.issueRefreshToken) {
      const access = this.mintAccessToken(client, code.userId, code.orgId, code.scopes, null);
      return this.tokenResponse(access, undefined, apiDomain);
    }
    const refresh = this.mintRefreshToken(client, code);
    const access = this.mintAccessToken(client, code.userId, code.orgId, code.scopes, refresh);
    return this.tokenResponse(access, refresh.token, apiDomain);
  }

  /**
   * The self-client client-credentials flow (reference §1.1): `scope` and `soid=ZohoCRM.{org_id}`
   * buy an access token acting as the client's owner, without a refresh token.
   */
  private clientCredentials(client: OAuthClient, params: URLSearchParams, apiDomain: string): TokenOutcome {
    if (client.kind !== 'self-client') {
      return { error: 'unauthorized_client' };
    }
    if (params.get('soid') !== `ZohoCRM.${client.orgId}`) {
      return { error: 'invalid_client' };
    }
    const { scopes, invalid } = parseScopeList(params.get('scope') ?? '');
    if (scopes.length === 0 || invalid !== null) {
      return { error: 'invalid_scope' };
    }
    const access = this.mintAccessToken(client, client.ownerUserId, client.orgId, scopes, null);
    return this.tokenResponse(access, undefined, apiDomain);
  }

  private refresh(client: OAuthClient, refreshToken: string, apiDomain: string): TokenOutcome {
    const grant = this.refreshTokens.get(refreshToken);
    // Zoho answers a revoked or unknown refresh token with `invalid_code` (reference §1.1).
    if (!grant || grant.clientId !== client.clientId) {
      return { error: 'invalid_code' };
    }
    const now = this.clock.now();
    grant.mintTimes = grant.mintTimes.filter((at) => now - at < TEN_MINUTES_MS);
    if (grant.mintTimes.length >= OAUTH_LIMITS.accessTokensPer10Minutes) {
      return THROTTLED_TOKEN_RESPONSE;
    }
    const access = this.mintAccessToken(client, grant.userId, grant.orgId, grant.scopes, grant);
    return this.tokenResponse(access, undefined, apiDomain);
  }

  private mintRefreshToken(client: OAuthClient, code: GrantCode): RefreshTokenGrant {
    const held = [...this.refreshTokens.values()]
      .filter((grant) => grant.clientId === client.clientId && grant.userId === code.userId)
      .sort((left, right) => left.createdAt - right.createdAt);
    // The 21st refresh token of a user for a client deletes the oldest, with its access tokens.
    for (const oldest of held.slice(0, Math.max(0, held.length - OAUTH_LIMITS.refreshTokensPerUserAndClient + 1))) {
      this.dropRefreshToken(oldest);
    }
    const grant: RefreshTokenGrant = {
      token: zohoStyleToken(this.randomHex),
      clientId: client.clientId,
      userId: code.userId,
      orgId: code.orgId,
      location: client.location,
      scopes: code.scopes,
      createdAt: this.clock.now(),
      accessTokens: [],
      mintTimes: [],
    };
    this.refreshTokens.set(grant.token, grant);
    return grant;
  }

  private mintAccessToken(
    client: OAuthClient,
    userId: string,
    orgId: string,
    scopes: string[],
    refresh: RefreshTokenGrant | null,
  ): AccessTokenGrant {
    const now = this.clock.now();
    const grant: AccessTokenGrant = {
      token: zohoStyleToken(this.randomHex),
      refreshToken: refresh?.token ?? null,
      clientId: client.clientId,
      userId,
      orgId,
      location: client.location,
      scopes,
      expiresAt: now + this.options.accessTokenTtlSeconds * 1000,
    };
    this.accessTokens.set(grant.token, grant);
    this.accessTokensIssued.set(orgId, this.accessTokensIssuedTo(orgId) + 1);
    if (refresh) {
      refresh.mintTimes.push(now);
      refresh.accessTokens.push(grant.token);
      // The 16th live access token of a refresh token invalidates the oldest (reference §1.2).
      while (refresh.accessTokens.length > OAUTH_LIMITS.activeAccessTokensPerRefreshToken) {
        this.accessTokens.delete(refresh.accessTokens.shift() as string);
      }
    }
    return grant;
  }

  private tokenResponse(access: AccessTokenGrant, refreshToken: string | undefined, apiDomain: string): TokenResponse {
    return {
      access_token: access.token,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      scope: access.scopes.join(' '),
      api_domain: apiDomain,
      token_type: 'Bearer',
      expires_in: Math.round((access.expiresAt - this.clock.now()) / 1000),
    };
  }

  private dropRefreshToken(grant: RefreshTokenGrant): void {
    for (const token of grant.accessTokens) {
      this.accessTokens.delete(token);
    }
    this.refreshTokens.delete(grant.token);
  }

  private dropAccessToken(grant: AccessTokenGrant): void {
    this.accessTokens.delete(grant.token);
    if (grant.refreshToken === null) {
      return;
    }
    const refresh = this.refreshTokens.get(grant.refreshToken);
    if (refresh) {
      refresh.accessTokens = refresh.accessTokens.filter((token) => token !== grant.token);
    }
  }
}
