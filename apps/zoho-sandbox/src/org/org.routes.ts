import { formatZohoDateTime } from '../clock/zoho-time';
import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import { enumParam, pageInfo, pageParams } from '../crm-api/query-params';
import { ZohoApiError } from '../http/zoho-api.error';
import type { Router } from '../http/router';
import type { SandboxContext } from '../sandbox.context';
import { userFullName, type SandboxUser } from './org.model';

const CRM = '/dc/:dc/crm/:version';

const USER_TYPES = [
  'AllUsers',
  'ActiveUsers',
  'DeactiveUsers',
  'ConfirmedUsers',
  'NotConfirmedUsers',
  'DeletedUsers',
  'ActiveConfirmedUsers',
  'AdminUsers',
  'ActiveConfirmedAdmins',
  'CurrentUser',
] as const;

/** `GET /org` and `GET /users` (reference §3). */
export function registerOrgRoutes(router: Router, context: SandboxContext): void {
  router.add(
    'GET',
    `${CRM}/org`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'org', null, 'READ');
      request.charge(1);
      const { org } = request;
      request.exchange.sendJson(200, {
        org: [
          {
            id: org.id,
            company_name: org.settings.companyName,
            domain_name: `org${org.id}`,
            alias: null,
            time_zone: org.settings.timeZone,
            currency: org.settings.currency,
            iso_code: org.settings.isoCode,
            currency_symbol: org.settings.isoCode === 'EUR' ? '€' : '$',
            zgid: org.zgid,
            primary_email: org.primaryUser.email,
            primary_zuid: org.primaryUser.zuid,
            mc_status: false,
            type: 'production',
            max_per_page: 200,
            created_time: formatZohoDateTime(org.createdTime, request.timeZone),
            license_details: {
              paid: org.settings.edition !== 'free',
              paid_type: org.settings.edition,
              ...(org.settings.userLicencesReported === false ? {} : { users_license_purchased: org.settings.userLicences }),
              paid_expiry: null,
              trial_type: null,
              trial_expiry: null,
              trial_action: null,
            },
          },
        ],
      });
      return Promise.resolve();
    }),
  );
  router.add(
    'GET',
    `${CRM}/users`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'users', null, 'READ');
      const type = enumParam(request.exchange.query, 'type', USER_TYPES, 'AllUsers');
      const { page, perPage } = pageParams(request.exchange.query);
      request.charge(1);
      const matching = request.org.users.filter((user) => userMatchesType(user, type, request.user));
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      if (slice.length === 0) {
        return Promise.resolve(request.exchange.sendEmpty(204));
      }
      request.exchange.sendJson(200, {
        users: slice.map((user) => userBody(user, request)),
        info: pageInfo(page, perPage, slice.length, matching.length > page * perPage),
      });
      return Promise.resolve();
    }),
  );
  router.add(
    'GET',
    `${CRM}/users/:userId`,
    crmEndpoint(context, (request) => {
      request.requireScope('ZohoCRM', 'users', null, 'READ');
      request.charge(1);
      const user = request.org.findUser(request.exchange.params['userId'] ?? '');
      if (!user) {
        throw new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 });
      }
      request.exchange.sendJson(200, { users: [userBody(user, request)] });
      return Promise.resolve();
    }),
  );
}

function userMatchesType(user: SandboxUser, type: (typeof USER_TYPES)[number], caller: SandboxUser): boolean {
  const active = user.status === 'active';
  switch (type) {
    case 'AllUsers':
    case 'ConfirmedUsers':
      return true;
    case 'ActiveUsers':
    case 'ActiveConfirmedUsers':
      return active;
    case 'DeactiveUsers':
      return !active;
    case 'NotConfirmedUsers':
    case 'DeletedUsers':
      return false;
    case 'AdminUsers':
      return user.role === 'admin';
    case 'ActiveConfirmedAdmins':
      return active && user.role === 'admin';
    case 'CurrentUser':
      return user.id === caller.id;
  }
}

function userBody(user: SandboxUser, request: CrmRequest): Record<string, unknown> {
  const roleName = user.role === 'admin' ? 'CEO' : 'Manager';
  const profileName = user.role === 'admin' ? 'Administrator' : 'Standard';
  return {
    id: user.id,
    zuid: user.zuid,
    first_name: user.firstName,
    last_name: user.lastName,
    full_name: userFullName(user),
    email: user.email,
    status: user.status === 'active' ? 'active' : 'disabled',
    confirm: true,
    role: { name: roleName, id: `${request.org.id.slice(0, 7)}${user.role === 'admin' ? '1' : '2'}`.padEnd(19, '0') },
    profile: { name: profileName, id: `${request.org.id.slice(0, 7)}${user.role === 'admin' ? '3' : '4'}`.padEnd(19, '0') },
    time_zone: user.timeZone,
    date_format: 'MM/dd/yyyy',
    time_format: 'hh:mm a',
    language: 'en_US',
    locale: 'en_US',
    country_locale: 'en_US',
    created_time: formatZohoDateTime(user.createdTime, request.timeZone),
    Modified_Time: formatZohoDateTime(user.createdTime, request.timeZone),
  };
}
