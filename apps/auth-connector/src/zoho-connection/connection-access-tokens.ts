import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorKind } from '@crm-bridge/subgraph';
import { ZohoOAuthClient, ZohoOAuthError, type ZohoError } from '@crm-bridge/zoho-client';
import { ConnectionSecretsCipher } from './connection-secrets';
import { ZohoConnectionRepository, type RefreshOutcome } from './zoho-connection.repository';
import type { ZohoConnectionEntity } from './zoho-connection.entity';
import { ZohoConnectionStatus } from './zoho-connection.enums';
import { ZohoConnectionException, ZohoConnectionExceptionCode } from './zoho-connection.exception';

/** A usable access token of a connection, and the API domain it is valid in. */
export interface ConnectionAccessToken {
  readonly accessToken: string;
  readonly apiDomain: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** A token is renewed this long before it expires, so none is handed out that dies on the way. */
const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * Zoho's answers to a refresh that no retry will change (reference §1.2): a revoked or deleted
 * refresh token is `invalid_code`, a deleted client `invalid_client`.
 */
const PERMANENT_REFRESH_ERRORS = new Set(['invalid_code', 'invalid_client', 'unauthorized_client']);

/**
 * Access tokens of stored connections: the sealed one while it has more than five minutes left,
 * else a refresh. Refreshes are single-flight per connection in this process and serialised
 * across processes by the connection's row lock (`refreshLocked`), because Zoho allows ten
 * refreshes per refresh token in ten minutes (§1.2).
 */
@Injectable()
export class ConnectionAccessTokens {
  private readonly inFlight = new Map<string, Promise<ConnectionAccessToken>>();

  constructor(
    private readonly connections: ZohoConnectionRepository,
    private readonly secrets: ConnectionSecretsCipher,
    private readonly oauth: ZohoOAuthClient,
  ) {}

  /**
   * A token of the tenant's connection. `rejected` is a token Zoho refused (INVALID_TOKEN): if it
   * is still the stored one, it is refreshed whatever its expiry says.
   */
  async accessToken(tenantId: string, connectionId: string, options: { rejected?: string } = {}): Promise<ConnectionAccessToken> {
    const [row] = await this.connections.byIds(tenantId, [connectionId]);
    if (!row) {
      throw notFound(connectionId);
    }
    const held = this.heldToken(row);
    if (held && held.expiresAt - REFRESH_AHEAD_MS > Date.now() && held.accessToken !== options.rejected) {
      return held;
    }
    return this.refresh(tenantId, connectionId, options.rejected);
  }

  /**
   * Refreshes now unless another caller already did (the scheduled refresh, a racing replica).
   * Concurrent callers in this process share one refresh.
   */
  refresh(tenantId: string, connectionId: string, rejected?: string): Promise<ConnectionAccessToken> {
    const running = this.inFlight.get(connectionId);
    if (running) {
      return running;
    }
    const refresh = this.refreshOnce(tenantId, connectionId, rejected).finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, refresh);
    return refresh;
  }

  private async refreshOnce(tenantId: string, connectionId: string, rejected: string | undefined): Promise<ConnectionAccessToken> {
    const correlationId = randomUUID();
    const result = await this.connections.refreshLocked(tenantId, connectionId, correlationId, async (row): Promise<RefreshOutcome> => {
      const open = this.usableSecrets(row);
      // Under the lock: another replica may have refreshed while this one waited for it.
      if (open.accessTokenExpiresAt - REFRESH_AHEAD_MS > Date.now() && open.accessToken !== rejected && !isStale(row)) {
        return { kind: 'still-valid' };
      }
      try {
        const grant = await this.oauth.refresh({
          clientId: row.clientId ?? '',
          clientSecret: open.clientSecret,
          accountsServer: row.accountsServer,
          refreshToken: open.refreshToken,
        });
        const secrets = this.secrets.seal(tenantId, { ...open, accessToken: grant.accessToken, accessTokenExpiresAt: grant.expiresAt });
        return { kind: 'refreshed', secrets, apiDomain: grant.apiDomain };
      } catch (error) {
        return failureOf(error);
      }
    });
    if (!result) {
      throw notFound(connectionId);
    }
    if (result.outcome.kind === 'failed') {
      throw new ZohoConnectionException(
        result.outcome.permanent ? ZohoConnectionExceptionCode.NotConnected : ZohoConnectionExceptionCode.ZohoUnavailable,
        result.outcome.permanent ? ErrorKind.Conflict : ErrorKind.Unavailable,
        `Zoho refused to refresh the access token of connection ${connectionId}: ${result.outcome.reason}`,
      );
    }
    const token = this.heldToken(result.row);
    if (!token) {
      throw new Error(`connection ${connectionId} holds no token after a refresh`);
    }
    return token;
  }

  /** The row's stored access token, or null when it has none; refuses rows that cannot be used. */
  private heldToken(row: ZohoConnectionEntity): ConnectionAccessToken | null {
    const open = this.usableSecrets(row);
    return { accessToken: open.accessToken, apiDomain: row.apiDomain, expiresAt: open.accessTokenExpiresAt };
  }

  private usableSecrets(row: ZohoConnectionEntity) {
    if (row.status === ZohoConnectionStatus.NEEDS_REAUTH || row.status === ZohoConnectionStatus.DISCONNECTED) {
      throw new ZohoConnectionException(
        ZohoConnectionExceptionCode.NotConnected,
        ErrorKind.Conflict,
        `connection ${row.id} is ${row.status}${row.statusReason ? ` (${row.statusReason})` : ''}: connect the org again`,
      );
    }
    const open = this.secrets.open(row);
    if (!open) {
      throw new ZohoConnectionException(
        ZohoConnectionExceptionCode.NotConnected,
        ErrorKind.Conflict,
        `connection ${row.id} holds no tokens`,
      );
    }
    return open;
  }
}

/** Refreshed longer ago than a day: the daily refresh is due even though the token is still valid. */
export const DAILY_REFRESH_MS = 23 * 60 * 60_000;

function isStale(row: ZohoConnectionEntity): boolean {
  const last = row.lastRefreshedAt ?? row.connectedAt;
  return last !== null && Date.now() - last.getTime() > DAILY_REFRESH_MS;
}

function failureOf(error: unknown): RefreshOutcome {
  if (error instanceof ZohoOAuthError && PERMANENT_REFRESH_ERRORS.has(error.code)) {
    return {
      kind: 'failed',
      permanent: true,
      errorCode: error.code,
      reason: `Zoho no longer accepts this connection's refresh token (${error.code}): the grant was revoked or the client deleted; connect the org again`,
    };
  }
  const code = (error as Partial<ZohoError>).code;
  if (typeof code === 'string') {
    return { kind: 'failed', permanent: false, errorCode: code, reason: `the token refresh failed (${code}); it is retried` };
  }
  throw error;
}

function notFound(connectionId: string): ZohoConnectionException {
  return new ZohoConnectionException(
    ZohoConnectionExceptionCode.ConnectionNotFound,
    ErrorKind.NotFound,
    `connection ${connectionId} does not exist`,
    'id',
  );
}
