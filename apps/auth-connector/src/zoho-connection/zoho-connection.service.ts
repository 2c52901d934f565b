import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { zohoApiVersionPath, type ZohoDataCentre } from '@crm-bridge/contracts';
import {
  CallerRoles,
  ErrorKind,
  parsePageArguments,
  requireCallerRole,
  requireUuidArgument,
  toConnection,
  type Connection,
} from '@crm-bridge/subgraph';
import {
  ZohoClient,
  ZohoDataCentreDirectory,
  ZohoDeadlineError,
  ZohoError,
  ZohoNetworkError,
  ZohoOAuthClient,
  ZohoOAuthError,
  ZohoServerError,
  type ZohoOrgMeta,
  type ZohoTokenGrant,
} from '@crm-bridge/zoho-client';
import { CodedError } from '@crm-bridge/subgraph';
import { ConnectionAccessTokens } from './connection-access-tokens';
import { ZohoConnectionTestStatus, type ZohoConnectionTest } from './zoho-connection-test.type';
import { connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { ZohoOrgProfileReader } from '../zoho-accounts/zoho-org-profile.reader';
import { ConnectionSecretsCipher } from './connection-secrets';
import { ZohoConnectionRepository, type ZohoConnectionSettingsChange } from './zoho-connection.repository';
import type { ZohoConnectionEntity } from './zoho-connection.entity';
import { ZohoConnectionException, ZohoConnectionExceptionCode } from './zoho-connection.exception';
import type { ZohoConnection } from './zoho-connection.type';
import type { ConnectZohoWithGrantCodeInput } from './dto/connect-zoho-with-grant-code.input';
import type { UpdateZohoConnectionSettingsInput } from './dto/update-zoho-connection-settings.input';

/** A code Zoho issued, to exchange at the accounts server it belongs to. */
export interface ZohoCodeExchange {
  readonly dataCentre: ZohoDataCentre;
  readonly accountsServer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly code: string;
  /** Present for the redirect flow; a self-client code is exchanged without one. */
  readonly redirectUri?: string;
  /** Settings asked for at connect time. */
  readonly settings: ZohoConnectionSettingsChange;
}

@Injectable()
export class ZohoConnectionService {
  constructor(
    private readonly connections: ZohoConnectionRepository,
    private readonly oauth: ZohoOAuthClient,
    private readonly dataCentres: ZohoDataCentreDirectory,
    private readonly profiles: ZohoOrgProfileReader,
    private readonly secrets: ConnectionSecretsCipher,
    private readonly tokens: ConnectionAccessTokens,
    private readonly zoho: ZohoClient,
  ) {}

  /**
   * "Create & Test": one cheap real call (`GET /crm/{apiVersion}/org`, one credit) with the stored grant,
   * refreshing the token first if it is due. Reports failure rather than throwing it, so the
   * admin sees why; a refresh Zoho refuses for good leaves the connection NEEDS_REAUTH.
   */
  async test(caller: CallerContext, id: string): Promise<ZohoConnectionTest> {
    requireCallerRole(caller, CallerRoles.admin, 'test a Zoho connection');
    const connectionId = parseConnectionId(id);
    const [tested] = await this.connections.byIds(caller.tenantId, [connectionId]);
    if (!tested) {
      throw connectionNotFound(connectionId);
    }
    const startedAt = performance.now();
    let outcome: Pick<ZohoConnectionTest, 'status' | 'edition' | 'apiCreditsRemaining' | 'errorCode' | 'message'>;
    try {
      const response = await this.zoho.http.call<{ org?: ZohoOrgMeta[] }>({
        orgRef: connectionOrgRef(caller.tenantId, connectionId),
        operation: 'metadata.org',
        method: 'GET',
        // The connection's own API version: the test shows the version chosen works for this org.
        path: `/crm/${zohoApiVersionPath(tested.apiVersion)}/org`,
        credits: 1,
      });
      const remaining = response.headers.get('x-api-credits-remaining');
      outcome = {
        status: ZohoConnectionTestStatus.OK,
        edition: response.body?.org?.[0]?.license_details?.paid_type ?? null,
        apiCreditsRemaining: remaining !== null && /^\d+$/.test(remaining) ? Number(remaining) : null,
        errorCode: null,
        message: null,
      };
    } catch (error) {
      if (error instanceof ZohoConnectionException && error.code === ZohoConnectionExceptionCode.ConnectionNotFound) {
        throw error;
      }
      if (!(error instanceof CodedError) && !(error instanceof ZohoError)) {
        throw error;
      }
      outcome = {
        status: ZohoConnectionTestStatus.FAILED,
        edition: null,
        apiCreditsRemaining: null,
        errorCode: String(error.code),
        message: error.message,
      };
    }
    const latencyMs = Math.round(performance.now() - startedAt);
    const [row] = await this.connections.byIds(caller.tenantId, [connectionId]);
    if (!row) {
      throw connectionNotFound(connectionId);
    }
    return { ...outcome, latencyMs, connection: toZohoConnection(row) };
  }

  /**
   * Revokes the refresh token at Zoho (which ends its access tokens too), deletes the stored
   * secrets and publishes `connection.disconnected`. When Zoho cannot be reached the secrets are
   * deleted all the same — keeping them would not help anyone — and the event says so.
   */
  async disconnect(caller: CallerContext, id: string, correlationId: string): Promise<ZohoConnection> {
    requireCallerRole(caller, CallerRoles.admin, 'disconnect a Zoho org');
    const connectionId = parseConnectionId(id);
    const [row] = await this.connections.byIds(caller.tenantId, [connectionId]);
    if (!row) {
      throw connectionNotFound(connectionId);
    }
    const open = row.encryptedRefreshToken ? this.secrets.open(row) : null;
    let revokedAtZoho = false;
    if (open) {
      try {
        await this.oauth.revoke({ accountsServer: row.accountsServer, token: open.refreshToken });
        revokedAtZoho = true;
      } catch (error) {
        // invalid_token: Zoho no longer knows it (revoked already) — as good as revoked.
        revokedAtZoho = error instanceof ZohoOAuthError && error.code === 'invalid_token';
      }
    }
    const disconnected = await this.connections.disconnect(caller.tenantId, connectionId, {
      disconnectedByUserId: caller.userId,
      revokedAtZoho,
      correlationId,
    });
    if (!disconnected) {
      throw connectionNotFound(connectionId);
    }
    return toZohoConnection(disconnected);
  }

  /**
   * Changes the API version and the read strategy of a connection (tenant admins only); a setting
   * left out keeps its value. A change publishes `connection.settings-changed`, which sync reads.
   */
  async updateSettings(caller: CallerContext, input: UpdateZohoConnectionSettingsInput, correlationId: string): Promise<ZohoConnection> {
    requireCallerRole(caller, CallerRoles.admin, "change a Zoho connection's settings");
    const connectionId = parseConnectionId(input.connectionId, 'input.connectionId');
    const updated = await this.connections.updateSettings(
      caller.tenantId,
      connectionId,
      { apiVersion: input.apiVersion ?? null, readStrategy: input.readStrategy ?? null },
      { changedByUserId: caller.userId, correlationId },
    );
    if (!updated) {
      throw connectionNotFound(connectionId, 'input.connectionId');
    }
    return toZohoConnection(updated);
  }

  async list(tenantId: string, args: { first: number; after?: string | null }): Promise<Connection<ZohoConnection>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.connections.page(tenantId, page);
    return toConnection(rows.map(toZohoConnection), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<ZohoConnection[]> {
    return (await this.connections.byIds(tenantId, ids)).map(toZohoConnection);
  }

  /**
   * Connects an org with a self-client grant code (Zoho API console), as the Vtiger and Plezi
   * setups do: exchanges the code at the data centre's accounts server, reads the org and the
   * granting user, stores the connection with its secrets sealed, publishes `connection.connected`.
   */
  async connectWithGrantCode(caller: CallerContext, input: ConnectZohoWithGrantCodeInput, correlationId: string): Promise<ZohoConnection> {
    requireCallerRole(caller, CallerRoles.admin, 'connect a Zoho org');
    const clientId = requiredText(input.clientId, 'input.clientId');
    const clientSecret = requiredText(input.clientSecret, 'input.clientSecret');
    const code = requiredText(input.code, 'input.code');
    return this.completeExchange(
      caller,
      {
        dataCentre: input.dataCentre,
        accountsServer: this.dataCentres.of(input.dataCentre).accountsServer,
        clientId,
        clientSecret,
        code,
        settings: { apiVersion: input.apiVersion ?? null, readStrategy: input.readStrategy ?? null },
      },
      correlationId,
    );
  }

  /** Exchanges a code, reads the org and stores the connection: the end of both connect flows. */
  async completeExchange(caller: CallerContext, exchange: ZohoCodeExchange, correlationId: string): Promise<ZohoConnection> {
    const grant = await this.exchange(exchange);
    if (grant.refreshToken === null) {
      throw new ZohoConnectionException(
        ZohoConnectionExceptionCode.ZohoRefused,
        ErrorKind.BadUserInput,
        'Zoho issued no refresh token for this code, so the connection could not outlive the hour; connect again (offline access)',
        'input.code',
      );
    }
    const org = await this.profiles
      .read(
        { ...grant, refreshToken: grant.refreshToken },
        { clientId: exchange.clientId, clientSecret: exchange.clientSecret, accountsServer: exchange.accountsServer },
      )
      .catch((error: unknown) => {
        throw zohoUnavailableOr(error, 'reading the org with the new grant');
      });
    const stored = await this.connections.storeConnected(caller.tenantId, {
      dataCentre: exchange.dataCentre,
      accountsServer: exchange.accountsServer,
      apiDomain: grant.apiDomain,
      grantedScopes: grant.scopes,
      clientId: exchange.clientId,
      org,
      secrets: this.secrets.seal(caller.tenantId, {
        refreshToken: grant.refreshToken,
        accessToken: grant.accessToken,
        accessTokenExpiresAt: grant.expiresAt,
        clientSecret: exchange.clientSecret,
      }),
      connectedByUserId: caller.userId,
      settings: exchange.settings,
      correlationId,
    });
    return toZohoConnection(stored);
  }

  private async exchange(exchange: ZohoCodeExchange): Promise<ZohoTokenGrant> {
    try {
      return exchange.redirectUri === undefined
        ? await this.oauth.exchangeSelfClientCode(exchange)
        : await this.oauth.exchangeCode({ ...exchange, redirectUri: exchange.redirectUri });
    } catch (error) {
      if (error instanceof ZohoOAuthError && error.code === 'invalid_code') {
        throw new ZohoConnectionException(
          ZohoConnectionExceptionCode.GrantCodeInvalid,
          ErrorKind.BadUserInput,
          'Zoho refused the grant code (invalid_code): grant codes are single use and expire within minutes of being generated ' +
            '(3 to 10, as chosen in the API console); generate a new one and connect again right away',
          'input.code',
        );
      }
      if (error instanceof ZohoOAuthError && error.code === 'invalid_client') {
        throw new ZohoConnectionException(
          ZohoConnectionExceptionCode.ClientInvalid,
          ErrorKind.BadUserInput,
          `Zoho's ${exchange.dataCentre} data centre does not know this client (invalid_client): check the client id, the client secret and the data centre`,
          'input.clientId',
        );
      }
      if (error instanceof ZohoOAuthError) {
        throw new ZohoConnectionException(
          ZohoConnectionExceptionCode.ZohoRefused,
          ErrorKind.BadUserInput,
          `Zoho refused the code exchange (${error.code})`,
          'input.code',
        );
      }
      throw zohoUnavailableOr(error, 'exchanging the code');
    }
  }
}

/** Zoho down or slow is worth retrying later; anything else is a bug and stays as it is. */
function zohoUnavailableOr(error: unknown, doing: string): unknown {
  if (error instanceof ZohoNetworkError || error instanceof ZohoDeadlineError || error instanceof ZohoServerError) {
    return new ZohoConnectionException(
      ZohoConnectionExceptionCode.ZohoUnavailable,
      ErrorKind.Unavailable,
      `Zoho did not answer while ${doing} (${error.code}); nothing was stored, try again`,
    );
  }
  return error;
}

function parseConnectionId(id: string, field = 'id'): string {
  return requireUuidArgument(id, field, {
    names: 'a connection id',
    exception: ZohoConnectionException,
    code: ZohoConnectionExceptionCode.InvalidConnectionId,
  });
}

function connectionNotFound(connectionId: string, field = 'id'): ZohoConnectionException {
  return new ZohoConnectionException(
    ZohoConnectionExceptionCode.ConnectionNotFound,
    ErrorKind.NotFound,
    `connection ${connectionId} does not exist`,
    field,
  );
}

function requiredText(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    throw new ZohoConnectionException(
      ZohoConnectionExceptionCode.InputRequired,
      ErrorKind.BadUserInput,
      `${field} must not be empty`,
      field,
    );
  }
  return trimmed;
}

/** Copies the public fields only: the encrypted tokens and their key id must never reach GraphQL. */
export function toZohoConnection(row: ZohoConnectionEntity): ZohoConnection {
  return {
    id: row.id,
    dataCentre: row.dataCentre,
    apiDomain: row.apiDomain,
    accountsServer: row.accountsServer,
    zohoOrgId: row.zohoOrgId,
    zohoOrgName: row.zohoOrgName,
    zohoOrgTimeZone: row.zohoOrgTimeZone,
    zohoOrgCurrency: row.zohoOrgCurrency,
    zohoOrgEdition: row.zohoOrgEdition,
    zohoOrgUserLicences: row.zohoOrgUserLicences,
    zohoUserId: row.zohoUserId,
    zohoUserEmail: row.zohoUserEmail,
    connectedByUserId: row.connectedByUserId,
    clientId: row.clientId,
    grantedScopes: row.grantedScopes,
    status: row.status,
    connectedAt: row.connectedAt,
    lastRefreshedAt: row.lastRefreshedAt,
    lastErrorCode: row.lastErrorCode,
    statusReason: row.statusReason,
    apiVersion: row.apiVersion,
    readStrategy: row.readStrategy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
