import { z } from 'zod';
import type { Router } from '../http/router';
import { creditAllowance } from '../limits/api-credit-ledger';
import { noFaults } from '../limits/fault-settings';
import { EDITIONS } from '../org/org.model';
import type { SandboxContext } from '../sandbox.context';
import { parseAdminBody } from './admin.error';
import { findOrg } from './org-admin.routes';

const rate = z.number().min(0).max(1);
const faultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    jitterMs: z.number().int().min(0).max(120_000).default(0),
    errorRates: z.object({ '429': rate.optional(), '500': rate.optional(), '503': rate.optional() }).strict().default({}),
    searchIndexLagMs: z.number().int().min(0).max(3_600_000).default(0),
  })
  .strict();

const limitsSchema = z
  .object({
    edition: z.enum(EDITIONS).optional(),
    userLicences: z.number().int().min(1).max(100_000).optional(),
    /** False: `GET /org` stops reporting `users_license_purchased` (the allowance still counts `userLicences`). */
    userLicencesReported: z.boolean().optional(),
    /** Replaces the edition's allowance (add-on credits, or a tiny allowance for a test). */
    creditAllowance: z.number().int().min(0).optional(),
    concurrencyLimit: z.number().int().min(1).max(1_000).nullable().optional(),
  })
  .strict();

/** Admin API for limits and fault injection per org. */
export function registerFaultAdminRoutes(router: Router, context: SandboxContext): void {
  const ORG = '/__admin/orgs/:orgId';
  router.add('PUT', `${ORG}/faults`, async (exchange) => {
    const org = findOrg(context, exchange);
    const input = await parseAdminBody(exchange, faultsSchema);
    org.faults = {
      latencyMs: input.latencyMs,
      jitterMs: input.jitterMs,
      errorRates: { 429: input.errorRates['429'], 500: input.errorRates['500'], 503: input.errorRates['503'] },
      searchIndexLagMs: input.searchIndexLagMs,
    };
    exchange.sendJson(200, org.faults);
  });
  router.add('DELETE', `${ORG}/faults`, (exchange) => {
    const org = findOrg(context, exchange);
    org.faults = noFaults();
    exchange.sendJson(200, org.faults);
    return Promise.resolve();
  });
  router.add('PUT', `${ORG}/limits`, async (exchange) => {
    const org = findOrg(context, exchange);
    const input = await parseAdminBody(exchange, limitsSchema);
    if (input.edition !== undefined) {
      org.settings.edition = input.edition;
    }
    if (input.userLicences !== undefined) {
      org.settings.userLicences = input.userLicences;
    }
    if (input.userLicencesReported !== undefined) {
      org.settings.userLicencesReported = input.userLicencesReported;
    }
    org.credits.setAllowance(input.creditAllowance ?? creditAllowance(org.settings.edition, org.settings.userLicences));
    if (input.concurrencyLimit !== undefined) {
      org.concurrencyOverride = input.concurrencyLimit;
    }
    const now = context.clock.now();
    exchange.sendJson(200, {
      edition: org.settings.edition,
      userLicences: org.settings.userLicences,
      userLicencesReported: org.settings.userLicencesReported !== false,
      credits: { limit: org.credits.limit, used: org.credits.used(now) },
      concurrencyLimit: org.concurrencyLimit,
    });
  });
  router.add('POST', `${ORG}/tokens/revoke`, (exchange) => {
    exchange.sendJson(200, { revoked: context.oauth.revokeAllOf(findOrg(context, exchange).id) });
    return Promise.resolve();
  });
  router.add('POST', `${ORG}/tokens/expire`, (exchange) => {
    exchange.sendJson(200, { expired: context.oauth.expireAccessTokensOf(findOrg(context, exchange).id) });
    return Promise.resolve();
  });
}
