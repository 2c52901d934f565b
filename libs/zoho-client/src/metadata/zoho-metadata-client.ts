import { ZohoArgumentError, ZohoResponseError } from '../errors/zoho-errors';
import type { ZohoHttpClient } from '../http/zoho-http-client';
import { ZOHO_CREDITS } from '../limits/zoho-credit-costs';

/** A module from `/settings/modules` (§3); other keys are kept as Zoho sent them. */
export interface ZohoModuleMeta extends Record<string, unknown> {
  api_name: string;
  id: string;
  api_supported?: boolean;
  generated_type?: string;
}

export interface ZohoPickListValue extends Record<string, unknown> {
  display_value: string;
  actual_value: string;
}

export interface ZohoFieldMeta extends Record<string, unknown> {
  api_name: string;
  id: string;
  data_type: string;
  pick_list_values?: ZohoPickListValue[];
}

export interface ZohoLayoutMeta extends Record<string, unknown> {
  id: string;
  name: string;
}

export interface ZohoPipelineMeta extends Record<string, unknown> {
  id: string;
  display_value: string;
  actual_value: string;
  default?: boolean;
  /** The pipeline's stages, in order. */
  maps: (ZohoPickListValue & {
    id?: string;
    sequence_number?: number;
    forecast_type?: string;
    forecast_category?: { name: string; id: string } | null;
  })[];
}

export interface ZohoOrgMeta extends Record<string, unknown> {
  id: string;
  time_zone: string;
  zgid: string;
  company_name?: string;
  /** Home currency, ISO 4217 (`currency` holds its display name). */
  iso_code?: string;
  /** `paid_type` is the edition (`enterprise`, `professional`, …), which sets the daily API credit budget. */
  license_details?: { paid_type?: string; users_license_purchased?: number } & Record<string, unknown>;
}

export interface ZohoUserMeta extends Record<string, unknown> {
  id: string;
  time_zone: string;
  email?: string;
}

interface CacheEntry {
  expiresAt: number;
  value: Promise<unknown>;
}

/**
 * Metadata APIs (§3) — modules, fields, layouts, pipelines, org, current user — cached per org
 * with a TTL (default 10 minutes), since every sync run needs them and each call costs a credit.
 * Concurrent readers of a cold entry share one call; a failed call is not cached. `invalidate`
 * drops one org's entries (all, or one kind) after a metadata change is noticed.
 */
export class ZohoMetadataClient {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly http: ZohoHttpClient,
    private readonly options: { apiVersion: string; ttlMs?: number; now?: () => number },
  ) {}

  modules(orgRef: string): Promise<ZohoModuleMeta[]> {
    return this.cached(orgRef, 'modules', async () =>
      this.list<ZohoModuleMeta>(orgRef, 'metadata.modules', '/settings/modules', {}, 'modules'),
    );
  }

  fields(orgRef: string, module: string): Promise<ZohoFieldMeta[]> {
    assertApiName(module, 'module');
    return this.cached(orgRef, `fields:${module}`, () =>
      this.list<ZohoFieldMeta>(orgRef, 'metadata.fields', '/settings/fields', { module }, 'fields'),
    );
  }

  layouts(orgRef: string, module: string): Promise<ZohoLayoutMeta[]> {
    assertApiName(module, 'module');
    return this.cached(orgRef, `layouts:${module}`, () =>
      this.list<ZohoLayoutMeta>(orgRef, 'metadata.layouts', '/settings/layouts', { module }, 'layouts'),
    );
  }

  /** Deals pipelines of a layout with their stages (`maps`); Zoho requires the layout id. */
  pipelines(orgRef: string, layoutId: string): Promise<ZohoPipelineMeta[]> {
    if (!/^\d+$/.test(layoutId)) {
      throw new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field: 'layoutId', message: 'must be a Zoho id' });
    }
    return this.cached(orgRef, `pipelines:${layoutId}`, () =>
      this.list<ZohoPipelineMeta>(orgRef, 'metadata.pipelines', '/settings/pipeline', { layout_id: layoutId }, 'pipeline'),
    );
  }

  org(orgRef: string): Promise<ZohoOrgMeta> {
    return this.cached(orgRef, 'org', async () => single(await this.list<ZohoOrgMeta>(orgRef, 'metadata.org', '/org', {}, 'org'), 'org'));
  }

  currentUser(orgRef: string): Promise<ZohoUserMeta> {
    return this.cached(orgRef, 'currentUser', async () =>
      single(await this.list<ZohoUserMeta>(orgRef, 'metadata.users', '/users', { type: 'CurrentUser' }, 'users'), 'users'),
    );
  }

  /** Drops cached metadata of an org: everything, or the entries whose key starts with `kind` (`fields`, `layouts`, `org`…). */
  invalidate(orgRef: string, kind?: 'modules' | 'fields' | 'layouts' | 'pipelines' | 'org' | 'currentUser'): void {
    const prefix = kind === undefined ? `${orgRef}\u0000` : `${orgRef}\u0000${kind}`;
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(prefix)) {
        this.cache.delete(key);
      }
    }
  }

  private cached<T>(orgRef: string, key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const cacheKey = `${orgRef}\u0000${key}`;
    const hit = this.cache.get(cacheKey);
    if (hit && hit.expiresAt > now) {
      return hit.value as Promise<T>;
    }
    const value = load();
    this.cache.set(cacheKey, { expiresAt: now + (this.options.ttlMs ?? 600_000), value });
    // A failure is not remembered: the next reader tries again.
    value.catch(() => {
      if (this.cache.get(cacheKey)?.value === value) {
        this.cache.delete(cacheKey);
      }
    });
    return value;
  }

  private async list<T>(orgRef: string, operation: string, path: string, query: Record<string, string>, key: string): Promise<T[]> {
    const response = await this.http.call<Record<string, unknown>>({
      orgRef,
      operation,
      method: 'GET',
      path: `/crm/${this.options.apiVersion}${path}`,
      query,
      credits: ZOHO_CREDITS.default,
    });
    if (response.body === null) {
      return [];
    }
    const items = response.body[key];
    if (!Array.isArray(items)) {
      throw new ZohoResponseError({
        code: 'UNEXPECTED_RESPONSE',
        httpStatus: response.status,
        field: key,
        message: `${path} answered without "${key}"`,
      });
    }
    return items as T[];
  }
}

function single<T>(items: T[], key: string): T {
  const first = items[0];
  if (first === undefined) {
    throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: null, field: key, message: `"${key}" is empty` });
  }
  return first;
}

function assertApiName(value: string, field: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(value)) {
    throw new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message: `"${value}" is not an API name` });
  }
}
