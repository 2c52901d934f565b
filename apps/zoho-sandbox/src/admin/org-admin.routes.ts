import { z } from 'zod';
import { isKnownTimeZone } from '../clock/zoho-time';
import { DATA_CENTRE_LOCATIONS, dataCentreUrls, REAL_DATA_CENTRE_HOSTS } from '../data-centre/data-centre';
import type { HttpExchange } from '../http/http-exchange';
import type { Router } from '../http/router';
import { parseScopeList } from '../oauth/oauth-scope';
import { OAuthLimitError } from '../oauth/oauth.service';
import type { OAuthClient } from '../oauth/oauth.model';
import { EDITIONS, type SandboxUser } from '../org/org.model';
import { DuplicateUserError, type SandboxOrg } from '../org/sandbox-org';
import type { SandboxContext } from '../sandbox.context';
import { AdminErrors, parseAdminBody } from './admin.error';

const timeZone = z.string().refine(isKnownTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin');

const newUserSchema = z.object({
  firstName: z.string().max(40).default(''),
  lastName: z.string().min(1, 'is required').max(80),
  email: z.string().email('must be an email address'),
  timeZone: timeZone.optional(),
  role: z.enum(['admin', 'standard']).optional(),
});

const newOrgSchema = z
  .object({
    location: z.enum(DATA_CENTRE_LOCATIONS),
    companyName: z.string().min(1).max(120).default('Sandbox Org'),
    timeZone: timeZone.default('UTC'),
    currency: z.string().min(1).default('US Dollar - USD'),
    isoCode: z.string().length(3).default('USD'),
    edition: z.enum(EDITIONS).default('enterprise'),
    userLicences: z.number().int().min(1).max(100_000).default(10),
    primaryUser: newUserSchema.default({ firstName: 'Sandbox', lastName: 'Admin', email: 'admin@sandbox.invalid' }),
  })
  .strict();

const newClientSchema = z
  .object({
    name: z.string().min(1).max(100).default('Sandbox client'),
    kind: z.enum(['server-based', 'self-client']).default('server-based'),
    redirectUris: z.array(z.string().url('must be an absolute URL')).default([]),
  })
  .strict()
  .refine((client) => client.kind === 'self-client' || client.redirectUris.length > 0, {
    message: 'a server-based client needs at least one redirect URI',
    path: ['redirectUris'],
  });

const selfClientCodeSchema = z
  .object({
    clientId: z.string().min(1),
    scopes: z.union([z.string(), z.array(z.string())]),
    userId: z.string().optional(),
    /** The API console offers 3, 5, 7 and 10 minutes. */
    expiresInMinutes: z.union([z.literal(3), z.literal(5), z.literal(7), z.literal(10)]).default(3),
  })
  .strict();

export function userView(user: SandboxUser): Record<string, unknown> {
  return { ...user, createdTime: new Date(user.createdTime).toISOString() };
}

export function orgView(org: SandboxOrg, context: SandboxContext, exchange: HttpExchange): Record<string, unknown> {
  const now = context.clock.now();
  return {
    id: org.id,
    zgid: org.zgid,
    ...org.settings,
    ...dataCentreUrls(context.originOf(exchange), org.location),
    impersonates: REAL_DATA_CENTRE_HOSTS[org.location],
    users: org.users.map(userView),
    clients: context.oauth.clientsOf(org.id).map((client) => clientView(client)),
    modules: org.catalog.list().map((module) => ({ apiName: module.apiName, records: org.records.records(module.apiName).size })),
    credits: { limit: org.credits.limit, used: org.credits.used(now) },
    tokens: { accessTokensIssued: context.oauth.accessTokensIssuedTo(org.id) },
    concurrencyLimit: org.concurrencyLimit,
    faults: org.faults,
  };
}

function clientView(client: OAuthClient): Record<string, unknown> {
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    orgId: client.orgId,
    location: client.location,
    name: client.name,
    kind: client.kind,
    redirectUris: client.redirectUris,
    ownerUserId: client.ownerUserId,
  };
}

export function findOrg(context: SandboxContext, exchange: HttpExchange): SandboxOrg {
  const org = context.orgs.find(exchange.params['orgId'] ?? '');
  if (!org) {
    throw AdminErrors.notFound(`org ${exchange.params['orgId']}`);
  }
  return org;
}

/** Admin API for orgs, users, OAuth clients and self-client grant codes (the API console's job). */
export function registerOrgAdminRoutes(router: Router, context: SandboxContext): void {
  router.add('POST', '/__admin/orgs', async (exchange) => {
    const input = await parseAdminBody(exchange, newOrgSchema);
    const { primaryUser, ...settings } = input;
    const org = context.orgs.create(settings, primaryUser);
    exchange.sendJson(201, orgView(org, context, exchange));
  });
  router.add('GET', '/__admin/orgs', (exchange) => {
    exchange.sendJson(200, { orgs: context.orgs.list().map((org) => orgView(org, context, exchange)) });
    return Promise.resolve();
  });
  router.add('GET', '/__admin/orgs/:orgId', (exchange) => {
    exchange.sendJson(200, orgView(findOrg(context, exchange), context, exchange));
    return Promise.resolve();
  });
  router.add('POST', '/__admin/orgs/:orgId/users', async (exchange) => {
    const org = findOrg(context, exchange);
    const input = await parseAdminBody(exchange, newUserSchema.strict());
    try {
      exchange.sendJson(201, userView(org.addUser(input, context.clock.now())));
    } catch (error) {
      if (error instanceof DuplicateUserError) {
        throw AdminErrors.conflict('email', error.message);
      }
      throw error;
    }
  });
  router.add('POST', '/__admin/orgs/:orgId/clients', async (exchange) => {
    const org = findOrg(context, exchange);
    const input = await parseAdminBody(exchange, newClientSchema);
    const client = context.oauth.registerClient(org, input);
    exchange.sendJson(201, { ...clientView(client), ...dataCentreUrls(context.originOf(exchange), org.location) });
  });
  router.add('POST', '/__admin/orgs/:orgId/self-client-codes', async (exchange) => {
    const org = findOrg(context, exchange);
    const input = await parseAdminBody(exchange, selfClientCodeSchema);
    const client = context.oauth.findClient(input.clientId);
    if (!client || client.orgId !== org.id) {
      throw AdminErrors.invalid('clientId', 'no such client in this org');
    }
    const { scopes, invalid } = parseScopeList(Array.isArray(input.scopes) ? input.scopes.join(',') : input.scopes);
    if (invalid !== null) {
      throw AdminErrors.invalid('scopes', `"${invalid}" is not a Zoho scope`);
    }
    if (scopes.length === 0) {
      throw AdminErrors.invalid('scopes', 'at least one scope is required');
    }
    const user = input.userId === undefined ? org.primaryUser : org.findUser(input.userId);
    if (!user) {
      throw AdminErrors.invalid('userId', 'no such user in this org');
    }
    try {
      const code = context.oauth.issueGrantCode(client, {
        userId: user.id,
        scopes,
        redirectUri: null,
        issueRefreshToken: true,
        expiresInMinutes: input.expiresInMinutes,
      });
      exchange.sendJson(201, {
        code: code.code,
        scopes,
        userId: user.id,
        expiresAt: new Date(code.expiresAt).toISOString(),
        location: org.location,
        ...dataCentreUrls(context.originOf(exchange), org.location),
      });
    } catch (error) {
      if (error instanceof OAuthLimitError) {
        throw AdminErrors.limit(error.message);
      }
      throw error;
    }
  });
  router.add('POST', '/__admin/clock/advance', async (exchange) => {
    const { seconds } = await parseAdminBody(exchange, z.object({ seconds: z.number().int().positive() }).strict());
    context.clock.advance(seconds * 1000);
    exchange.sendJson(200, { now: new Date(context.clock.now()).toISOString() });
  });
}
