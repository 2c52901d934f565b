import { setTimeout as sleep } from 'node:timers/promises';
import { dataCentreUrls } from '../data-centre/data-centre';
import type { HttpExchange } from '../http/http-exchange';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import { INJECTABLE_STATUSES, type InjectableStatus } from '../limits/fault-settings';
import type { SandboxContext } from '../sandbox.context';
import { isApiVersion } from './api-version';
import { CrmRequest } from './crm-request';

export type CrmHandler = (request: CrmRequest) => void | Promise<void>;

export interface CrmEndpointOptions {
  /**
   * Whether this call is "heavy" (writes of more than 10 records, COQL…) and so also needs a slot
   * in the sub-concurrency pool. Decided before the injected latency, so slow heavy calls overlap
   * and exhaust the pool as they would on Zoho.
   */
  isHeavy?: (exchange: HttpExchange) => Promise<boolean>;
}

const INJECTED_ERRORS: Record<InjectableStatus, () => ZohoApiError> = {
  429: ZohoErrors.tooManyRequests,
  500: ZohoErrors.internalError,
  503: ZohoErrors.unavailable,
};

/**
 * Wraps a CRM API handler in what every Zoho call goes through, in Zoho's order: the token
 * (`Authorization: Zoho-oauthtoken …`, valid only in its own DC), the org's concurrency limit,
 * injected latency and errors, then the handler, which checks scopes and charges credits.
 */
export function crmEndpoint(
  context: SandboxContext,
  handler: CrmHandler,
  options: CrmEndpointOptions = {},
): (exchange: HttpExchange) => Promise<void> {
  return async (exchange) => {
    let request: CrmRequest | undefined;
    try {
      request = authenticate(exchange, context);
      const release = request.org.concurrency.tryEnter(request.grant.clientId, request.org.concurrencyLimit);
      if (!release) {
        throw ZohoErrors.tooManyRequests();
      }
      request.holdUntilDone(release);
      if (options.isHeavy && (await options.isHeavy(exchange))) {
        request.enterHeavyPool();
      }
      await injectFaults(request, context);
      await handler(request);
    } catch (error) {
      sendCrmError(exchange, error, context);
    } finally {
      request?.releaseAll();
    }
  };
}

export function sendCrmError(exchange: HttpExchange, error: unknown, context: SandboxContext): void {
  if (error instanceof ZohoApiError) {
    exchange.sendJson(error.httpStatus, error.toBody());
    return;
  }
  context.logger.error('unexpected error in a CRM API handler', { error, path: exchange.url.pathname });
  exchange.sendJson(500, ZohoErrors.internalError().toBody());
}

function authenticate(exchange: HttpExchange, context: SandboxContext): CrmRequest {
  const version = exchange.params['version'] ?? '';
  const location = exchange.params['dc'] ?? '';
  if (!isApiVersion(version)) {
    throw ZohoErrors.invalidUrlPattern();
  }
  const header = exchange.header('authorization');
  if (header === undefined || header.trim() === '') {
    throw ZohoErrors.authenticationFailure();
  }
  const match = /^Zoho-oauthtoken\s+(\S+)$/.exec(header.trim());
  if (!match) {
    throw ZohoErrors.invalidToken();
  }
  const grant = context.oauth.authenticate(match[1] as string);
  // A token is valid only in the DC that issued it (reference §1.3).
  if (!grant || grant.location !== location) {
    throw ZohoErrors.invalidToken();
  }
  const org = context.orgs.find(grant.orgId);
  const user = org?.findUser(grant.userId);
  if (!org || !user || user.status !== 'active') {
    throw ZohoErrors.invalidToken();
  }
  const { apiDomain } = dataCentreUrls(context.originOf(exchange), org.location);
  return new CrmRequest(exchange, org, user, grant, version, apiDomain, () => context.clock.now());
}

async function injectFaults(request: CrmRequest, context: SandboxContext): Promise<void> {
  const { latencyMs, jitterMs, errorRates } = request.org.faults;
  const delay = latencyMs + (jitterMs > 0 ? context.random() * jitterMs : 0);
  if (delay > 0) {
    await sleep(delay);
  }
  for (const status of INJECTABLE_STATUSES) {
    const rate = errorRates[status] ?? 0;
    if (rate > 0 && context.random() < rate) {
      throw INJECTED_ERRORS[status]();
    }
  }
}
