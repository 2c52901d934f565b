/**
 * Zoho OAuth scopes: `Service.group[.resource].operation`, e.g. `ZohoCRM.modules.ALL`,
 * `ZohoCRM.modules.deals.READ`, `ZohoCRM.settings.fields.READ`, `ZohoSearch.securesearch.READ`
 * (reference §0). Scopes are comma-separated in requests. Service and group names are matched
 * case-insensitively; `ALL` grants every operation and `WRITE` grants CREATE, UPDATE and DELETE.
 */
export interface OAuthScope {
  service: string;
  group: string;
  /** `null` when the scope covers the whole group (`ZohoCRM.modules.ALL`). */
  resource: string | null;
  operation: string;
}

const OPERATIONS = ['ALL', 'READ', 'WRITE', 'CREATE', 'UPDATE', 'DELETE'];
const SCOPE_PATTERN = /^[A-Za-z]+\.[A-Za-z_]+(\.[A-Za-z0-9_]+)?\.[A-Za-z]+$/;

export function parseScope(text: string): OAuthScope | null {
  if (!SCOPE_PATTERN.test(text)) {
    return null;
  }
  const parts = text.split('.');
  const operation = (parts[parts.length - 1] as string).toUpperCase();
  if (!OPERATIONS.includes(operation)) {
    return null;
  }
  return {
    service: (parts[0] as string).toLowerCase(),
    group: (parts[1] as string).toLowerCase(),
    resource: parts.length === 4 ? (parts[2] as string).toLowerCase() : null,
    operation,
  };
}

/** Parses a comma-separated scope list; returns the first invalid entry when there is one. */
export function parseScopeList(text: string): { scopes: string[]; invalid: string | null } {
  const scopes = text
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope.length > 0);
  const invalid = scopes.find((scope) => parseScope(scope) === null) ?? null;
  return { scopes, invalid };
}

/** What an endpoint needs, e.g. `{ service: 'zohocrm', group: 'modules', resource: 'deals', operation: 'READ' }`. */
export interface RequiredScope extends OAuthScope {
  /** Custom modules are also covered by `ZohoCRM.modules.custom.*`. */
  customModule: boolean;
}

export function requiredScope(
  service: string,
  group: string,
  resource: string | null,
  operation: string,
  customModule = false,
): RequiredScope {
  return { service: service.toLowerCase(), group: group.toLowerCase(), resource: resource?.toLowerCase() ?? null, operation, customModule };
}

export function scopeGrants(granted: OAuthScope, required: RequiredScope): boolean {
  if (granted.service !== required.service || granted.group !== required.group) {
    return false;
  }
  if (granted.resource !== null && granted.resource !== 'all' && granted.resource !== required.resource) {
    if (!(granted.resource === 'custom' && required.customModule)) {
      return false;
    }
  }
  if (granted.operation === 'ALL' || granted.operation === required.operation) {
    return true;
  }
  return granted.operation === 'WRITE' && ['CREATE', 'UPDATE', 'DELETE'].includes(required.operation);
}

export function anyScopeGrants(granted: readonly string[], required: RequiredScope): boolean {
  return granted.some((text) => {
    const scope = parseScope(text);
    return scope !== null && scopeGrants(scope, required);
  });
}
