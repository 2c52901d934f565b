import { inClientSpan, SpanAttributes, traceContextHeaders } from '@crm-bridge/observability';
import { ZohoArgumentError, ZohoDeadlineError, ZohoNetworkError, ZohoResponseError, zohoOAuthErrorFromBody } from '../errors/zoho-errors';
import { dataCentreOfZohoLocation, type ZohoDataCentre } from '@crm-bridge/contracts';
import type { ZohoDataCentreDirectory } from '../data-centre/zoho-data-centres';

export interface ZohoClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** A token response, with the `api_domain` Zoho chose (it wins over any configured DC guess). */
export interface ZohoTokenGrant {
  accessToken: string;
  /** Only on the first grant (or with `prompt=consent`), never on refresh. */
  refreshToken: string | null;
  apiDomain: string;
  /** Epoch ms. */
  expiresAt: number;
  scopes: string[];
}

/** What Zoho appends to the redirect URI after consent (§1.1). */
export interface ZohoAuthorizationCallback {
  code: string;
  state: string | null;
  location: ZohoDataCentre | null;
  /** Where the token call must go — Zoho's answer wins over the DC the app guessed. */
  accountsServer: string;
}

export interface ZohoOAuthClientOptions {
  dataCentres: ZohoDataCentreDirectory;
  /** Deadline of one token-endpoint call (default 15 s). */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Zoho Accounts (reference §1): authorization URL, code and self-client code exchange, refresh,
 * revoke. Token-endpoint errors come as HTTP 200 with `{"error": …}`; they become
 * `ZohoOAuthError`s, as does any body without `access_token`.
 */
export class ZohoOAuthClient {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ZohoOAuthClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The consent URL. `access_type=offline` asks for a refresh token and `prompt=consent` makes
   * Zoho issue one even when the user already granted this client before.
   *
   * @example
   * oauth.authorizationUrl({ dataCentre: 'EU', clientId, redirectUri, scopes: ['ZohoCRM.modules.ALL'], state })
   * // https://accounts.zoho.eu/oauth/v2/auth?client_id=…&response_type=code&scope=ZohoCRM.modules.ALL&access_type=offline&prompt=consent&…
   */
  authorizationUrl(input: {
    dataCentre: ZohoDataCentre;
    clientId: string;
    redirectUri: string;
    scopes: readonly string[];
    state: string;
  }): string {
    if (input.scopes.length === 0) {
      throw argumentError('scopes', 'at least one scope is required');
    }
    if (input.state.length === 0) {
      throw argumentError('state', 'must be a non-empty anti-forgery value');
    }
    const url = new URL(`${this.options.dataCentres.of(input.dataCentre).accountsServer}/oauth/v2/auth`);
    url.searchParams.set('client_id', input.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', input.redirectUri);
    // Zoho separates scopes with commas, not spaces (§0).
    url.searchParams.set('scope', input.scopes.join(','));
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('state', input.state);
    return url.toString();
  }

  /**
   * Reads the redirect back from Zoho. `accounts-server` comes from Zoho and wins; without it the
   * `location` picks the configured host; a callback with `error` becomes a `ZohoOAuthError`.
   */
  parseAuthorizationCallback(callbackUrl: string | URL): ZohoAuthorizationCallback {
    const url = new URL(callbackUrl);
    const error = url.searchParams.get('error');
    if (error !== null) {
      throw zohoOAuthErrorFromBody({ error }, 200);
    }
    const code = url.searchParams.get('code');
    if (code === null || code.length === 0) {
      throw argumentError('code', 'the callback carries no code');
    }
    const rawLocation = url.searchParams.get('location');
    const location = rawLocation === null ? null : (dataCentreOfZohoLocation(rawLocation) ?? null);
    const accountsServer =
      url.searchParams.get('accounts-server') ?? (location === null ? null : this.options.dataCentres.of(location).accountsServer);
    if (accountsServer === null) {
      throw argumentError('accounts-server', 'the callback names neither accounts-server nor a known location');
    }
    return { code, state: url.searchParams.get('state'), location, accountsServer: accountsServer.replace(/\/+$/, '') };
  }

  /** Exchanges a consent code at the accounts server the callback named. */
  exchangeCode(input: ZohoClientCredentials & { accountsServer: string; code: string; redirectUri: string }): Promise<ZohoTokenGrant> {
    return this.tokenCall(input.accountsServer, {
      grant_type: 'authorization_code',
      client_id: input.clientId,
      client_secret: input.clientSecret,
      redirect_uri: input.redirectUri,
      code: input.code,
    });
  }

  /** Exchanges a self-client grant code from the API console; Zoho wants no `redirect_uri` here (§1.1). */
  exchangeSelfClientCode(input: ZohoClientCredentials & { accountsServer: string; code: string }): Promise<ZohoTokenGrant> {
    return this.tokenCall(input.accountsServer, {
      grant_type: 'authorization_code',
      client_id: input.clientId,
      client_secret: input.clientSecret,
      code: input.code,
    });
  }

  /** A new access token; Zoho returns no new refresh token, so the grant's `refreshToken` is null. */
  refresh(input: ZohoClientCredentials & { accountsServer: string; refreshToken: string }): Promise<ZohoTokenGrant> {
    return this.tokenCall(input.accountsServer, {
      grant_type: 'refresh_token',
      client_id: input.clientId,
      client_secret: input.clientSecret,
      refresh_token: input.refreshToken,
    });
  }

  /** Revokes a refresh token (and with it its access tokens) or one access token. */
  async revoke(input: { accountsServer: string; token: string }): Promise<void> {
    const url = new URL(`${input.accountsServer}/oauth/v2/token/revoke`);
    url.searchParams.set('token', input.token);
    const { body, status } = await this.post(url.toString(), new URLSearchParams());
    if (isRecord(body) && body['status'] === 'success') {
      return;
    }
    if (isRecord(body) && typeof body['error'] === 'string') {
      throw zohoOAuthErrorFromBody(body as { error: string }, status);
    }
    throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: status, message: 'revoke answered without status success' });
  }

  private async tokenCall(accountsServer: string, form: Record<string, string>): Promise<ZohoTokenGrant> {
    const { body, status } = await this.post(`${accountsServer.replace(/\/+$/, '')}/oauth/v2/token`, new URLSearchParams(form));
    if (!isRecord(body)) {
      throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: status, message: 'token endpoint answered without JSON' });
    }
    // Zoho answers errors with HTTP 200 (§1.1): any body without access_token is a failure.
    if (typeof body['access_token'] !== 'string') {
      if (typeof body['error'] === 'string') {
        throw zohoOAuthErrorFromBody(body as { error: string }, status);
      }
      throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: status, message: 'token response has no access_token' });
    }
    if (typeof body['api_domain'] !== 'string') {
      throw new ZohoResponseError({
        code: 'UNEXPECTED_RESPONSE',
        httpStatus: status,
        field: 'api_domain',
        message: 'token response has no api_domain',
      });
    }
    return {
      accessToken: body['access_token'],
      refreshToken: typeof body['refresh_token'] === 'string' ? body['refresh_token'] : null,
      apiDomain: body['api_domain'].replace(/\/+$/, ''),
      expiresAt: this.now() + expiresInMs(body),
      scopes: typeof body['scope'] === 'string' ? body['scope'].split(/[ ,]+/).filter(Boolean) : [],
    };
  }

  private async post(url: string, form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      const endpoint = new URL(url);
      response = await inClientSpan(
        'zoho oauth',
        {
          [SpanAttributes.zohoOperation]: 'oauth',
          [SpanAttributes.httpRequestMethod]: 'POST',
          [SpanAttributes.urlFull]: `${endpoint.origin}${endpoint.pathname}`,
        },
        async (span) => {
          const answer = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...traceContextHeaders() },
            body: form.toString(),
            signal: AbortSignal.timeout(this.timeoutMs),
          });
          span.setAttribute(SpanAttributes.httpResponseStatusCode, answer.status);
          return answer;
        },
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new ZohoDeadlineError({
          code: 'DEADLINE_EXCEEDED',
          httpStatus: null,
          message: `token endpoint did not answer in ${this.timeoutMs} ms`,
          cause: error,
        });
      }
      throw new ZohoNetworkError({
        code: 'NETWORK_ERROR',
        httpStatus: null,
        message: `token endpoint unreachable: ${String(error)}`,
        cause: error,
      });
    }
    const text = await response.text();
    try {
      return { status: response.status, body: text.length === 0 ? null : (JSON.parse(text) as unknown) };
    } catch {
      return { status: response.status, body: null };
    }
  }
}

/**
 * `expires_in` is seconds, except in the legacy shape that also carries `expires_in_sec` and
 * then gives `expires_in` in milliseconds (as Zoho's SDK reads it, §1.1).
 */
export function expiresInMs(body: Record<string, unknown>): number {
  const seconds = body['expires_in_sec'];
  if (typeof seconds === 'number') {
    return seconds * 1000;
  }
  const value = body['expires_in'];
  return typeof value === 'number' ? value * 1000 : 3600_000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function argumentError(field: string, message: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message });
}
