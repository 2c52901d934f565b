import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { CallerRoles, CodedError, ErrorKind, requireCallerRole } from '@crm-bridge/subgraph';
import { ZohoDataCentreDirectory, ZohoError, ZohoOAuthClient, ZohoOAuthError } from '@crm-bridge/zoho-client';
import { TokenVault } from '@crm-bridge/service-runtime';
import type { ZohoAccountsConfig } from '../zoho-accounts/zoho-accounts.config';
import { ZohoConnectionService } from '../zoho-connection/zoho-connection.service';
import type { ZohoConnection } from '../zoho-connection/zoho-connection.type';
import { ZohoAuthorizationStateRepository } from './zoho-authorization-state.repository';
import type { ZohoAuthorizationStateEntity } from './zoho-authorization-state.entity';
import { untrustedCallback, ZohoAuthorizationException, ZohoAuthorizationExceptionCode } from './zoho-authorization.exception';
import type { ZohoAuthorizationStart } from './zoho-authorization.type';
import type { StartZohoConnectionInput } from './dto/start-zoho-connection.input';

/** Long enough to sign in at Zoho (with two-factor), short enough that a leaked URL is soon useless. */
const STATE_TTL_MS = 10 * 60_000;

/** How a callback that could be trusted ended: the portal is told either way. */
export type ZohoCallbackOutcome =
  | { readonly status: 'connected'; readonly connection: ZohoConnection }
  | { readonly status: 'error'; readonly code: string; readonly message: string };

/**
 * Zoho's redirect (authorization code) flow: `start` records a single-use state bound to the
 * tenant and user and returns Zoho's consent URL; `completeCallback` checks the state Zoho sends
 * back (unknown, replayed or expired states store nothing), exchanges the code at the accounts
 * server Zoho named — if it is one of Zoho's — and connects the org as the grant-code flow does.
 */
@Injectable()
export class ZohoAuthorizationService {
  constructor(
    private readonly states: ZohoAuthorizationStateRepository,
    private readonly connections: ZohoConnectionService,
    private readonly oauth: ZohoOAuthClient,
    private readonly dataCentres: ZohoDataCentreDirectory,
    private readonly vault: TokenVault,
    @Inject(SERVICE_CONFIG) private readonly config: ZohoAccountsConfig,
  ) {}

  async start(caller: CallerContext, input: StartZohoConnectionInput): Promise<ZohoAuthorizationStart> {
    requireCallerRole(caller, CallerRoles.admin, 'connect a Zoho org');
    const redirectUri = this.config.ZOHO_REDIRECT_URL;
    if (!redirectUri) {
      throw new ZohoAuthorizationException(
        ZohoAuthorizationExceptionCode.ClientNotConfigured,
        ErrorKind.Unavailable,
        'this deployment has no ZOHO_REDIRECT_URL, so Zoho cannot send the user back; connect with a grant code instead',
      );
    }
    const client = this.clientOf(input);
    const state = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    const sealedSecret = client.ownSecret === null ? null : this.vault.seal(client.ownSecret, secretContext(caller.tenantId));
    await this.states.record(caller.tenantId, {
      stateHash: hashOf(state),
      userId: caller.userId,
      dataCentre: input.dataCentre,
      clientId: client.clientId,
      encryptedClientSecret: sealedSecret?.ciphertext ?? null,
      encryptionKeyId: sealedSecret?.keyId ?? null,
      redirectUri,
      expiresAt,
      apiVersion: input.apiVersion ?? null,
      readStrategy: input.readStrategy ?? null,
    });
    const authorizationUrl = this.oauth.authorizationUrl({
      dataCentre: input.dataCentre,
      clientId: client.clientId,
      redirectUri,
      scopes: this.config.ZOHO_OAUTH_SCOPES,
      state,
    });
    return { authorizationUrl, expiresAt };
  }

  /**
   * Handles Zoho's redirect. Throws a {@link ZohoAuthorizationException} when the callback cannot
   * be trusted (no, unknown, replayed or expired state; an accounts server that is not Zoho's);
   * otherwise returns the outcome to show the portal.
   */
  async completeCallback(callbackUrl: URL): Promise<ZohoCallbackOutcome> {
    const state = await this.consumeState(callbackUrl.searchParams.get('state'));
    let callback: ReturnType<ZohoOAuthClient['parseAuthorizationCallback']>;
    try {
      callback = this.oauth.parseAuthorizationCallback(callbackUrl);
    } catch (error) {
      if (error instanceof ZohoOAuthError) {
        // The user pressed Reject (access_denied), or Zoho refused the client: a real answer, for the portal.
        return {
          status: 'error',
          code: ZohoAuthorizationExceptionCode.ConsentRefused,
          message: `Zoho did not grant access (${error.code})`,
        };
      }
      throw untrustedCallback(ZohoAuthorizationExceptionCode.CallbackInvalid, `the callback is not one Zoho sends: ${describe(error)}`);
    }
    const dataCentre = this.dataCentres.dataCentreOfAccountsServer(callback.accountsServer);
    if (dataCentre === null) {
      // Never send the client secret to a host the browser's URL named, unless it is Zoho's.
      throw untrustedCallback(
        ZohoAuthorizationExceptionCode.CallbackInvalid,
        `the callback names ${callback.accountsServer} as accounts server, which is not one of Zoho's`,
      );
    }
    const caller: CallerContext = { tenantId: state.tenantId, userId: state.userId, roles: [CallerRoles.admin] };
    try {
      const connection = await this.connections.completeExchange(
        caller,
        {
          dataCentre,
          accountsServer: callback.accountsServer,
          clientId: state.clientId,
          clientSecret: this.clientSecretOf(state),
          code: callback.code,
          redirectUri: state.redirectUri,
          settings: { apiVersion: state.apiVersion, readStrategy: state.readStrategy },
        },
        randomUUID(),
      );
      return { status: 'connected', connection };
    } catch (error) {
      if (error instanceof CodedError) {
        return { status: 'error', code: String(error.code), message: error.message };
      }
      throw error;
    }
  }

  private async consumeState(state: string | null): Promise<ZohoAuthorizationStateEntity> {
    if (state === null || state.length === 0) {
      throw untrustedCallback(
        ZohoAuthorizationExceptionCode.StateMissing,
        'the callback carries no state, so it cannot be matched to a sign-in you started',
      );
    }
    const consumed = await this.states.consume(hashOf(state), new Date());
    if (consumed === 'unknown') {
      throw untrustedCallback(
        ZohoAuthorizationExceptionCode.StateUnknown,
        'this sign-in link was not issued by us; start connecting Zoho again from the portal',
      );
    }
    if (consumed === 'replayed') {
      throw untrustedCallback(
        ZohoAuthorizationExceptionCode.StateReplayed,
        'this sign-in link has already been used; start connecting Zoho again from the portal',
      );
    }
    if (consumed.expiresAt.getTime() <= Date.now()) {
      throw untrustedCallback(
        ZohoAuthorizationExceptionCode.StateExpired,
        `this sign-in link expired ${Math.round((Date.now() - consumed.expiresAt.getTime()) / 60_000)} minutes ago; start connecting Zoho again from the portal`,
      );
    }
    return consumed;
  }

  private clientOf(input: StartZohoConnectionInput): { clientId: string; ownSecret: string | null } {
    const clientId = input.clientId?.trim();
    const clientSecret = input.clientSecret?.trim();
    if (clientId) {
      if (!clientSecret) {
        throw new ZohoAuthorizationException(
          ZohoAuthorizationExceptionCode.ClientNotConfigured,
          ErrorKind.BadUserInput,
          'input.clientSecret is required with input.clientId',
          'input.clientSecret',
        );
      }
      return { clientId, ownSecret: clientSecret };
    }
    if (clientSecret) {
      throw new ZohoAuthorizationException(
        ZohoAuthorizationExceptionCode.ClientNotConfigured,
        ErrorKind.BadUserInput,
        'input.clientId is required with input.clientSecret',
        'input.clientId',
      );
    }
    if (!this.config.ZOHO_CLIENT_ID || !this.config.ZOHO_CLIENT_SECRET) {
      throw new ZohoAuthorizationException(
        ZohoAuthorizationExceptionCode.ClientNotConfigured,
        ErrorKind.BadUserInput,
        'give input.clientId and input.clientSecret: this deployment has no default Zoho client (ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET)',
        'input.clientId',
      );
    }
    return { clientId: this.config.ZOHO_CLIENT_ID, ownSecret: null };
  }

  private clientSecretOf(state: ZohoAuthorizationStateEntity): string {
    if (state.encryptedClientSecret && state.encryptionKeyId) {
      return this.vault.open({ ciphertext: state.encryptedClientSecret, keyId: state.encryptionKeyId }, secretContext(state.tenantId));
    }
    if (!this.config.ZOHO_CLIENT_SECRET) {
      // The default client was configured when the consent started and is gone now.
      throw new ZohoAuthorizationException(
        ZohoAuthorizationExceptionCode.ClientNotConfigured,
        ErrorKind.Unavailable,
        'ZOHO_CLIENT_SECRET is no longer configured',
      );
    }
    return this.config.ZOHO_CLIENT_SECRET;
  }
}

function hashOf(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

function secretContext(tenantId: string): string {
  return `auth-connector/zoho-authorization-state/client-secret/${tenantId}`;
}

function describe(error: unknown): string {
  return error instanceof ZohoError || error instanceof Error ? error.message : String(error);
}
