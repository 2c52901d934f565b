import { dataCentreUrls, DATA_CENTRE_LOCATIONS, isDataCentreLocation, type DataCentreLocation } from '../data-centre/data-centre';
import { MalformedFormError, type HttpExchange } from '../http/http-exchange';
import type { Router } from '../http/router';
import type { SandboxContext } from '../sandbox.context';
import { renderAccountsErrorPage, renderConsentPage } from './consent-page';
import { parseScopeList } from './oauth-scope';
import { OAuthLimitError } from './oauth.service';

const ACCOUNTS = '/dc/:dc/accounts';

/**
 * Zoho Accounts of every DC (reference §1): consent, token, revoke and serverinfo. Token-endpoint
 * errors are HTTP 200 with an `error` field, as Zoho sends them. Every endpoint reads its
 * parameters from the query string and from a urlencoded or multipart form body.
 */
export function registerAccountsRoutes(router: Router, context: SandboxContext): void {
  router.add('GET', `${ACCOUNTS}/oauth/v2/auth`, (exchange) => consent(exchange, context, false));
  router.add('POST', `${ACCOUNTS}/oauth/v2/auth`, (exchange) => consent(exchange, context, true));
  router.add('POST', `${ACCOUNTS}/oauth/v2/token`, async (exchange) => {
    const location = locationOf(exchange);
    const params = await accountsParams(exchange, answerMalformedTokenRequest);
    if (!params) {
      return;
    }
    const { apiDomain } = dataCentreUrls(context.originOf(exchange), location);
    exchange.sendJson(200, context.oauth.exchange(params, location, apiDomain));
  });
  // Two documented revoke endpoints (reference §1.1, conflict 5): both are served.
  router.add('POST', `${ACCOUNTS}/oauth/v2/token/revoke`, async (exchange) => {
    const params = await accountsParams(exchange, answerMalformedRevokeRequest);
    if (!params) {
      return;
    }
    answerRevoke(exchange, context.oauth.revoke(params.get('token') ?? ''));
  });
  router.add('POST', `${ACCOUNTS}/oauth/v2/revoke/token`, async (exchange) => {
    const params = await accountsParams(exchange, answerMalformedRevokeRequest);
    if (!params) {
      return;
    }
    const client = basicAuthClient(exchange, context);
    if (!client) {
      exchange.sendJson(400, { error: 'invalid_client', status: 'failure' });
      return;
    }
    answerRevoke(exchange, context.oauth.revoke(params.get('token') ?? '', client));
  });
  router.add('GET', `${ACCOUNTS}/oauth/serverinfo`, (exchange) => {
    const origin = context.originOf(exchange);
    const locations = Object.fromEntries(DATA_CENTRE_LOCATIONS.map((dc) => [dc, dataCentreUrls(origin, dc).accountsServer]));
    exchange.sendJson(200, { result: 'success', locations });
    return Promise.resolve();
  });
}

// Zoho documents no error for a body it cannot read; `invalid_request` is OAuth's (RFC 6749 §5.2),
// sent in each endpoint's own error shape.
function answerMalformedTokenRequest(exchange: HttpExchange): void {
  exchange.sendJson(200, { error: 'invalid_request' });
}

function answerMalformedRevokeRequest(exchange: HttpExchange): void {
  exchange.sendJson(400, { error: 'invalid_request', status: 'failure' });
}

/**
 * The request's parameters (query string, form fields over it), or `null` once `answerMalformed`
 * has answered a form body that does not parse in the endpoint's own error shape.
 */
async function accountsParams(exchange: HttpExchange, answerMalformed: (exchange: HttpExchange) => void): Promise<URLSearchParams | null> {
  try {
    return await exchange.formAndQuery();
  } catch (error) {
    if (!(error instanceof MalformedFormError)) {
      throw error;
    }
    answerMalformed(exchange);
    return null;
  }
}

function locationOf(exchange: HttpExchange): DataCentreLocation {
  const dc = exchange.params['dc'] ?? '';
  if (!isDataCentreLocation(dc)) {
    throw new Error(`route matched an unknown DC ${dc}`);
  }
  return dc;
}

function answerRevoke(exchange: HttpExchange, revoked: boolean): void {
  if (revoked) {
    exchange.sendJson(200, { status: 'success' });
  } else {
    exchange.sendJson(400, { error: 'invalid_token', status: 'failure' });
  }
}

function basicAuthClient(exchange: HttpExchange, context: SandboxContext): string | null {
  const match = /^Basic (.+)$/.exec(exchange.header('authorization') ?? '');
  if (!match) {
    return null;
  }
  const [clientId, clientSecret] = Buffer.from(match[1] as string, 'base64')
    .toString('utf8')
    .split(':');
  const client = context.oauth.findClient(clientId ?? '');
  return client && client.clientSecret === clientSecret ? client.clientId : null;
}

/**
 * `GET /oauth/v2/auth` shows the consent page; `POST` (the page's form) carries the decision and
 * redirects to `redirect_uri` with `code`, `location` and `accounts-server` (plus `state`).
 */
async function consent(exchange: HttpExchange, context: SandboxContext, decided: boolean): Promise<void> {
  const location = locationOf(exchange);
  const params = exchange.query;
  const client = context.oauth.findClient(params.get('client_id') ?? '');
  if (!client || client.location !== location || client.kind !== 'server-based') {
    exchange.sendHtml(400, renderAccountsErrorPage('Invalid Client'));
    return;
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    exchange.sendHtml(400, renderAccountsErrorPage('Invalid Redirect Uri'));
    return;
  }
  const state = params.get('state');
  const redirectWith = (fields: Record<string, string>): void => {
    const target = new URL(redirectUri);
    if (state !== null) {
      target.searchParams.set('state', state);
    }
    for (const [key, value] of Object.entries(fields)) {
      target.searchParams.set(key, value);
    }
    exchange.redirect(target.toString());
  };
  if (params.get('response_type') !== 'code') {
    return redirectWith({ error: 'unsupported_response_type' });
  }
  const { scopes, invalid } = parseScopeList(params.get('scope') ?? '');
  if (scopes.length === 0 || invalid !== null) {
    return redirectWith({ error: 'invalid_scope' });
  }
  const accessType = params.get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') {
    return redirectWith({ error: 'invalid_request' });
  }
  const org = context.orgs.find(client.orgId);
  const users = org?.users.filter((user) => user.status === 'active') ?? [];

  if (!decided) {
    exchange.sendHtml(
      200,
      renderConsentPage({ clientName: client.name, scopes, users, actionUrl: `${exchange.url.pathname}${exchange.url.search}` }),
    );
    return;
  }
  const form = await accountsParams(exchange, (malformed) => malformed.sendHtml(400, renderAccountsErrorPage('Invalid Request')));
  if (!form) {
    return;
  }
  if (form.get('decision') !== 'accept') {
    return redirectWith({ error: 'access_denied' });
  }
  const user = users.find((candidate) => candidate.id === form.get('user_id'));
  if (!user) {
    exchange.sendHtml(400, renderAccountsErrorPage('Unknown user'));
    return;
  }
  // `offline` returns a refresh token only on the first grant, unless `prompt=consent` (reference §1.1).
  const issueRefreshToken =
    accessType === 'offline' && (params.get('prompt') === 'consent' || !context.oauth.hasRefreshToken(client.clientId, user.id));
  try {
    const code = context.oauth.issueGrantCode(client, { userId: user.id, scopes, redirectUri, issueRefreshToken });
    redirectWith({ code: code.code, location, 'accounts-server': dataCentreUrls(context.originOf(exchange), location).accountsServer });
  } catch (error) {
    if (!(error instanceof OAuthLimitError)) {
      throw error;
    }
    redirectWith({ error: 'access_denied' });
  }
}
