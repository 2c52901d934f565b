import { timingSafeEqual } from 'node:crypto';
import {
  isZohoErrorBody,
  ZohoArgumentError,
  zohoErrorFromBody,
  ZohoNotificationRejectedError,
  ZohoResponseError,
  type ZohoError,
} from '../errors/zoho-errors';
import type { ZohoHttpClient } from '../http/zoho-http-client';
import { ZOHO_CREDITS } from '../limits/zoho-credit-costs';
import { formatZohoDateTime, parseZohoDateTime } from '../time/zoho-time';

export type ZohoWatchOperation = 'create' | 'edit' | 'delete' | 'all';

export interface ZohoWatchChannel {
  /** A numeric id we choose (Zoho wants a long). */
  channelId: string;
  /** `{Module}.{create|edit|delete|all}`. */
  events: readonly string[];
  notifyUrl: string;
  /** Echoed in every notification; our proof that a POST comes from Zoho. At most 50 characters (v7 docs). */
  token: string;
  /** Epoch ms. Zoho caps channels at 1 week (v4+) and falls back to 1 hour beyond that. */
  expiresAt: number;
  returnAffectedFieldValues?: boolean;
}

export interface ZohoWatchResult {
  channelId: string;
  /** The expiry Zoho granted (it may shorten what we asked for), epoch ms. */
  expiresAt: number;
}

/** A live channel as Zoho lists it (GET /actions/watch). */
export interface ZohoWatchDetails {
  channelId: string;
  events: string[];
  notifyUrl: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** One notification Zoho POSTed to the notify URL, typed (§7). */
export interface ZohoNotification {
  channelId: string;
  module: string;
  operation: 'insert' | 'update' | 'delete';
  ids: string[];
  /** Epoch ms of Zoho's server time. */
  serverTime: number;
  /** Changed fields per record id (updates only). */
  affectedFields: Record<string, string[]>;
  affectedValues: Record<string, unknown>[] | null;
}

/** A week: the longest channel Zoho grants from v4 on (§7). */
export const ZOHO_MAX_CHANNEL_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * Notifications ("watch", §7): enable, renew before expiry (by subscribing again, as Zoho
 * documents), disable; and on the receiving side, verify a POST (known channel, matching token,
 * compared in constant time) and parse it into typed ids and operations.
 */
export class ZohoNotificationsClient {
  constructor(
    private readonly http: ZohoHttpClient,
    private readonly options: { apiVersion: string; timeZoneFor: (orgRef: string) => string },
  ) {}

  async enable(orgRef: string, channels: readonly ZohoWatchChannel[]): Promise<ZohoWatchResult[]> {
    if (channels.length === 0 || channels.length > 50) {
      throw argumentError('channels', 'Zoho takes 1 to 50 channels per call');
    }
    const watch = channels.map((channel, index) => {
      if (!/^\d{1,19}$/.test(channel.channelId)) {
        throw argumentError(`channels[${index}].channelId`, 'must be a number of up to 19 digits');
      }
      if (channel.token.length === 0 || channel.token.length > 50) {
        throw argumentError(`channels[${index}].token`, 'must be 1 to 50 characters');
      }
      if (channel.events.length === 0 || channel.events.length > 50) {
        throw argumentError(`channels[${index}].events`, 'takes 1 to 50 events');
      }
      channel.events.forEach((event, eventIndex) => {
        if (!/^[A-Za-z][A-Za-z0-9_]*\.(create|edit|delete|all)$/.test(event)) {
          throw argumentError(`channels[${index}].events[${eventIndex}]`, `"${event}" is not {Module}.{create|edit|delete|all}`);
        }
      });
      return {
        channel_id: channel.channelId,
        events: channel.events,
        notify_url: channel.notifyUrl,
        token: channel.token,
        channel_expiry: formatZohoDateTime(channel.expiresAt, this.options.timeZoneFor(orgRef)),
        ...(channel.returnAffectedFieldValues === undefined ? {} : { return_affected_field_values: channel.returnAffectedFieldValues }),
      };
    });
    const response = await this.http.call<{ watch?: unknown[] }>({
      orgRef,
      operation: 'notifications.enable',
      method: 'POST',
      path: `/crm/${this.options.apiVersion}/actions/watch`,
      json: { watch },
      credits: ZOHO_CREDITS.default,
      // Subscribing a channel again replaces it: safe to repeat.
      idempotent: true,
      batchEnvelope: true,
    });
    const results = response.body?.watch;
    if (!Array.isArray(results) || results.length !== channels.length) {
      throw new ZohoResponseError({
        code: 'UNEXPECTED_RESPONSE',
        httpStatus: response.status,
        field: 'watch',
        message: 'watch response does not match the request',
      });
    }
    return results.map((result, index) => {
      const channel = channels[index] as ZohoWatchChannel;
      const body = result as { status?: string; details?: { events?: { channel_expiry?: string }[] } };
      if (body.status !== 'success') {
        throw isZohoErrorBody(result) ? zohoErrorFromBody(result, response.status) : unexpected(response.status);
      }
      const expiry = body.details?.events?.[0]?.channel_expiry;
      return {
        channelId: channel.channelId,
        expiresAt: typeof expiry === 'string' ? parseZohoDateTime(expiry, 'channel_expiry').epochMs : channel.expiresAt,
      };
    });
  }

  /**
   * Re-subscribes a channel whose expiry is within `renewBeforeMs` (default 1 hour), asking for
   * `lifetimeMs` more (default just under Zoho's one-week maximum); returns null when it is not due.
   */
  async renewIfDue(
    orgRef: string,
    channel: ZohoWatchChannel,
    options: { now?: number; renewBeforeMs?: number; lifetimeMs?: number } = {},
  ): Promise<ZohoWatchResult | null> {
    const now = options.now ?? Date.now();
    if (channel.expiresAt - now > (options.renewBeforeMs ?? 3600_000)) {
      return null;
    }
    const lifetimeMs = Math.min(options.lifetimeMs ?? ZOHO_MAX_CHANNEL_LIFETIME_MS - 600_000, ZOHO_MAX_CHANNEL_LIFETIME_MS);
    const [result] = await this.enable(orgRef, [{ ...channel, expiresAt: now + lifetimeMs }]);
    return result as ZohoWatchResult;
  }

  /**
   * The org's live channels (`GET /actions/watch`), optionally only one channel or those watching
   * one module; Zoho answers 204 when none matches, which is an empty list here. Reads every page.
   * A receiver uses it to notice a channel Zoho lost before it misses a day of notifications.
   */
  async channels(orgRef: string, filter: { channelId?: string; module?: string } = {}): Promise<ZohoWatchDetails[]> {
    if (filter.channelId !== undefined && !/^\d{1,19}$/.test(filter.channelId)) {
      throw argumentError('channelId', 'must be a channel id');
    }
    const channels: ZohoWatchDetails[] = [];
    for (let page = 1; ; page += 1) {
      const response = await this.http.call<{ watch?: unknown[]; info?: { more_records?: boolean } }>({
        orgRef,
        operation: 'notifications.list',
        method: 'GET',
        path: `/crm/${this.options.apiVersion}/actions/watch`,
        query: { channel_id: filter.channelId, module: filter.module, page, per_page: 200 },
        credits: ZOHO_CREDITS.default,
      });
      for (const entry of response.body?.watch ?? []) {
        channels.push(watchDetails(entry, response.status));
      }
      if (response.body?.info?.more_records !== true) {
        return channels;
      }
    }
  }

  async disable(orgRef: string, channelIds: readonly string[]): Promise<void> {
    if (channelIds.length === 0) {
      throw argumentError('channelIds', 'name at least one channel');
    }
    channelIds.forEach((id, index) => {
      if (!/^\d{1,19}$/.test(id)) {
        throw argumentError(`channelIds[${index}]`, 'must be a channel id');
      }
    });
    const response = await this.http.call<{ watch?: unknown[] }>({
      orgRef,
      operation: 'notifications.disable',
      method: 'DELETE',
      path: `/crm/${this.options.apiVersion}/actions/watch`,
      query: { channel_ids: channelIds.join(',') },
      credits: ZOHO_CREDITS.default,
      batchEnvelope: true,
    });
    const failure = (response.body?.watch ?? []).find(
      (result) => isZohoErrorBody(result) && (result as { status?: string }).status !== 'success',
    );
    if (failure !== undefined) {
      throw zohoErrorFromBody(failure as { code: string }, response.status);
    }
  }
}

/**
 * Verifies and parses a notification body. `expectedTokens` maps our channel ids to the token we
 * gave Zoho; an unknown channel or a wrong token is a {@link ZohoNotificationRejectedError}, and
 * the receiver should answer it with 4xx without reading anything.
 */
export function verifyZohoNotification(body: unknown, expectedTokens: (channelId: string) => string | undefined): ZohoNotification {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw rejected('body', 'must be a JSON object');
  }
  const payload = body as Record<string, unknown>;
  const channelId = typeof payload['channel_id'] === 'number' ? String(payload['channel_id']) : payload['channel_id'];
  if (typeof channelId !== 'string' || channelId.length === 0) {
    throw rejected('channel_id', 'is missing');
  }
  const expected = expectedTokens(channelId);
  if (expected === undefined) {
    throw rejected('channel_id', `channel ${channelId} is not ours`);
  }
  const token = payload['token'];
  if (typeof token !== 'string' || !sameSecret(token, expected)) {
    throw rejected('token', 'does not match the channel token');
  }
  const operation = payload['operation'];
  if (operation !== 'insert' && operation !== 'update' && operation !== 'delete') {
    throw rejected('operation', `"${String(operation)}" is not insert, update or delete`);
  }
  const module = payload['module'];
  if (typeof module !== 'string' || module.length === 0) {
    throw rejected('module', 'is missing');
  }
  const ids = payload['ids'];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))) {
    throw rejected('ids', 'must be an array of record ids');
  }
  const serverTime = payload['server_time'];
  if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) {
    throw rejected('server_time', 'must be epoch milliseconds');
  }
  const affectedFields: Record<string, string[]> = {};
  // Zoho sends `affected_fields` as [{ "<id>": ["Field", …] }, …] for edits.
  for (const entry of Array.isArray(payload['affected_fields']) ? (payload['affected_fields'] as unknown[]) : []) {
    if (entry === null || typeof entry !== 'object') {
      continue;
    }
    for (const [id, fields] of Object.entries(entry as Record<string, unknown>)) {
      if (Array.isArray(fields)) {
        affectedFields[id] = fields.filter((field): field is string => typeof field === 'string');
      }
    }
  }
  const affectedValues = Array.isArray(payload['affected_values']) ? (payload['affected_values'] as Record<string, unknown>[]) : null;
  return { channelId, module, operation, ids: ids as string[], serverTime, affectedFields, affectedValues };
}

function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

function rejected(field: string, message: string): ZohoError {
  return new ZohoNotificationRejectedError({ code: 'NOTIFICATION_REJECTED', httpStatus: null, field, message });
}

function watchDetails(entry: unknown, status: number): ZohoWatchDetails {
  const body = (entry ?? {}) as { channel_id?: unknown; events?: unknown; notify_url?: unknown; channel_expiry?: unknown };
  const channelId = typeof body.channel_id === 'number' ? String(body.channel_id) : body.channel_id;
  if (typeof channelId !== 'string' || typeof body.channel_expiry !== 'string') {
    throw new ZohoResponseError({
      code: 'UNEXPECTED_RESPONSE',
      httpStatus: status,
      field: 'watch',
      message: 'watch entry without channel_id or channel_expiry',
    });
  }
  return {
    channelId,
    events: Array.isArray(body.events) ? body.events.filter((event): event is string => typeof event === 'string') : [],
    notifyUrl: typeof body.notify_url === 'string' ? body.notify_url : '',
    expiresAt: parseZohoDateTime(body.channel_expiry, 'channel_expiry').epochMs,
  };
}

function argumentError(field: string, message: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message });
}

function unexpected(status: number): ZohoResponseError {
  return new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: status, field: 'watch', message: 'watch result without code' });
}
