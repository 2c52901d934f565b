import { formatZohoDateTime, parseZohoDateTime } from '../clock/zoho-time';
import { crmEndpoint } from '../crm-api/crm-api.pipeline';
import type { CrmRequest } from '../crm-api/crm-request';
import { pageInfo, pageParams } from '../crm-api/query-params';
import type { Router } from '../http/router';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import { recordError, type RecordError } from '../records/record.model';
import type { SandboxContext } from '../sandbox.context';
import type { WatchChannel, WatchChannelService } from './watch-channel.service';

const WATCH = '/dc/:dc/crm/:version/actions/watch';
const MAX_WATCH_OBJECTS = 50;
const MAX_EVENTS = 50;
const MAX_TOKEN_LENGTH = 50;
const DEFAULT_EXPIRY_MS = 3600_000;
const EVENT_PATTERN = /^([A-Za-z0-9_]+)\.(create|edit|delete|all)$/;

const MESSAGES = {
  subscribed: 'Successfully subscribed for actions-watch of the given module',
  updated: 'Successfully updated the subscribe details',
  removed: 'Successfully removed the subscribe details',
  unsubscribed: 'Successfully un-subscribed from actions-watch',
};

type ElementOutcome = { ok: true; body: Record<string, unknown> } | { ok: false; error: RecordError };

/** The notifications API (reference §7): enable/renew (POST), replace (PUT), update or remove events (PATCH), list, disable. */
export function registerWatchRoutes(router: Router, context: SandboxContext, channels: WatchChannelService): void {
  router.add(
    'GET',
    WATCH,
    crmEndpoint(context, (request) => listChannels(request, channels)),
  );
  router.add(
    'POST',
    WATCH,
    crmEndpoint(context, (request) => writeChannels(request, channels, 'POST')),
  );
  router.add(
    'PUT',
    WATCH,
    crmEndpoint(context, (request) => writeChannels(request, channels, 'PUT')),
  );
  router.add(
    'PATCH',
    WATCH,
    crmEndpoint(context, (request) => writeChannels(request, channels, 'PATCH')),
  );
  router.add(
    'DELETE',
    WATCH,
    crmEndpoint(context, (request) => disableChannels(request, channels)),
  );
}

function listChannels(request: CrmRequest, channels: WatchChannelService): void {
  request.requireScope('ZohoCRM', 'notifications', null, 'READ');
  const query = request.exchange.query;
  const { page, perPage } = pageParams(query);
  const channelId = query.get('channel_id');
  const module = query.get('module');
  request.charge(1);
  const matching = channels
    .live(request.org.id)
    .filter((channel) => channelId === null || channel.channelId === channelId)
    .filter((channel) => module === null || channel.events.some((event) => event.toLowerCase().startsWith(`${module.toLowerCase()}.`)));
  const slice = matching.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) {
    return request.exchange.sendEmpty(204);
  }
  request.exchange.sendJson(200, {
    watch: slice.map((channel) => ({
      channel_id: channel.channelId,
      events: channel.events,
      notify_url: channel.notifyUrl,
      token: channel.token,
      channel_expiry: formatZohoDateTime(channel.expiresAt, request.timeZone),
      return_affected_field_values: channel.returnAffectedFieldValues,
      notify_on_related_action: channel.notifyOnRelatedAction,
      fields: null,
    })),
    info: pageInfo(page, perPage, slice.length, matching.length > page * perPage),
  });
}

async function writeChannels(request: CrmRequest, channels: WatchChannelService, method: 'POST' | 'PUT' | 'PATCH'): Promise<void> {
  request.requireScope('ZohoCRM', 'notifications', null, method === 'POST' ? 'CREATE' : 'UPDATE');
  const body = await request.jsonObjectBody();
  const watch = body['watch'];
  if (watch === undefined) {
    throw ZohoErrors.mandatoryFieldMissing('watch', '$.watch');
  }
  if (!Array.isArray(watch) || watch.length === 0) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', {
      expected_data_type: 'jsonarray',
      api_name: 'watch',
      json_path: '$.watch',
    });
  }
  if (watch.length > MAX_WATCH_OBJECTS) {
    throw new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_WATCH_OBJECTS, api_name: 'watch' });
  }
  request.charge(1);
  const outcomes = watch.map((element, index) => writeChannel(request, channels, method, element, index));
  const failures = outcomes.filter((outcome) => !outcome.ok).length;
  const status = failures === 0 ? (method === 'POST' ? 201 : 200) : failures < outcomes.length ? 207 : 400;
  request.exchange.sendJson(status, { watch: outcomes.map((outcome) => (outcome.ok ? outcome.body : outcome.error)) });
}

function writeChannel(
  request: CrmRequest,
  channels: WatchChannelService,
  method: 'POST' | 'PUT' | 'PATCH',
  element: unknown,
  index: number,
): ElementOutcome {
  const path = (name: string): string => `$.watch[${index}].${name}`;
  const invalid = (apiName: string, extra: Record<string, unknown> = {}): ElementOutcome => ({
    ok: false,
    error: recordError('INVALID_DATA', 'invalid data', { ...extra, api_name: apiName, json_path: path(apiName) }),
  });
  const missing = (apiName: string): ElementOutcome => ({
    ok: false,
    error: recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: apiName, json_path: path(apiName) }),
  });
  if (element === null || typeof element !== 'object' || Array.isArray(element)) {
    return {
      ok: false,
      error: recordError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', json_path: `$.watch[${index}]` }),
    };
  }
  const input = element as Record<string, unknown>;
  const rawChannelId = input['channel_id'];
  if (rawChannelId === undefined || rawChannelId === null) {
    return missing('channel_id');
  }
  const channelId = typeof rawChannelId === 'number' && Number.isSafeInteger(rawChannelId) ? String(rawChannelId) : rawChannelId;
  if (typeof channelId !== 'string' || !/^\d{1,19}$/.test(channelId)) {
    return invalid('channel_id', { expected_data_type: 'long' });
  }
  if (input['notification_condition'] !== undefined) {
    // Field-level notification conditions (v6+) are not emulated; refusing beats silently ignoring them.
    return invalid('notification_condition');
  }
  const existing = channels.find(request.org.id, channelId);
  if (method !== 'POST' && !existing) {
    return { ok: false, error: recordError('NOT_SUBSCRIBED', 'the given channel is not subscribed', { channel_id: channelId }) };
  }
  const partial = method === 'PATCH';

  let events: string[] | undefined;
  if (input['events'] !== undefined || !partial) {
    const raw = input['events'];
    if (raw === undefined) {
      return missing('events');
    }
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_EVENTS) {
      return invalid('events', { expected_data_type: 'jsonarray' });
    }
    events = [];
    for (const event of raw) {
      const match = typeof event === 'string' ? EVENT_PATTERN.exec(event) : null;
      const module = match ? request.org.catalog.find(match[1] as string) : undefined;
      if (!match || !module) {
        return invalid('events');
      }
      events.push(`${module.apiName}.${match[2] as string}`);
    }
  }
  if (partial && input['_delete_events'] === true) {
    if (!events || !existing) {
      return missing('events');
    }
    const remaining = existing.events.filter((event) => !events?.includes(event));
    if (remaining.length === 0) {
      channels.remove(request.org.id, channelId);
    } else {
      channels.save({ ...existing, events: remaining });
    }
    return { ok: true, body: success(MESSAGES.removed, existing, events, request) };
  }

  let notifyUrl = existing?.notifyUrl;
  if (input['notify_url'] !== undefined || !partial) {
    const raw = input['notify_url'];
    if (raw === undefined) {
      return missing('notify_url');
    }
    if (typeof raw !== 'string' || !isHttpUrl(raw)) {
      return invalid('notify_url');
    }
    notifyUrl = raw;
  }
  let token = partial ? (existing?.token ?? null) : null;
  if (input['token'] !== undefined && input['token'] !== null) {
    if (typeof input['token'] !== 'string') {
      return invalid('token', { expected_data_type: 'text' });
    }
    if (input['token'].length > MAX_TOKEN_LENGTH) {
      return invalid('token', { maximum_length: MAX_TOKEN_LENGTH });
    }
    token = input['token'];
  }
  let expiresAt = partial && existing ? existing.expiresAt : request.now() + DEFAULT_EXPIRY_MS;
  if (input['channel_expiry'] !== undefined && input['channel_expiry'] !== null) {
    const parsed = typeof input['channel_expiry'] === 'string' ? parseZohoDateTime(input['channel_expiry']) : null;
    if (parsed === null || parsed <= request.now()) {
      return invalid('channel_expiry');
    }
    // An expiry beyond the version's maximum falls back to one hour (reference §7).
    expiresAt = parsed - request.now() > request.profile.watchMaxExpiryMs ? request.now() + DEFAULT_EXPIRY_MS : parsed;
  }
  const flags: Record<string, boolean> = {};
  for (const flag of ['return_affected_field_values', 'notify_on_related_action']) {
    const value = input[flag];
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'boolean') {
      return invalid(flag, { expected_data_type: 'boolean' });
    }
    flags[flag] = value;
  }

  const mergedEvents = method === 'PUT' ? (events as string[]) : [...new Set([...(existing?.events ?? []), ...(events ?? [])])];
  const channel: WatchChannel = {
    orgId: request.org.id,
    channelId,
    events: mergedEvents,
    notifyUrl: notifyUrl as string,
    token,
    expiresAt,
    returnAffectedFieldValues: flags['return_affected_field_values'] ?? (partial ? (existing?.returnAffectedFieldValues ?? false) : false),
    notifyOnRelatedAction: flags['notify_on_related_action'] ?? (partial ? (existing?.notifyOnRelatedAction ?? false) : false),
    resourceBase: `${request.apiDomain}/crm/${request.version}`,
  };
  channels.save(channel);
  return { ok: true, body: success(method === 'POST' ? MESSAGES.subscribed : MESSAGES.updated, channel, channel.events, request) };
}

function disableChannels(request: CrmRequest, channels: WatchChannelService): void {
  request.requireScope('ZohoCRM', 'notifications', null, 'DELETE');
  const raw = request.exchange.query.get('channel_ids');
  if (raw === null || raw.trim() === '') {
    throw ZohoErrors.requiredParamMissing('channel_ids');
  }
  const ids = raw.split(',').map((id) => id.trim());
  if (ids.length > MAX_WATCH_OBJECTS) {
    throw ZohoErrors.limitExceeded('channel_ids', MAX_WATCH_OBJECTS);
  }
  request.charge(1);
  const results = ids.map((channelId) => {
    const removed = channels.remove(request.org.id, channelId);
    if (!removed) {
      return recordError('NOT_SUBSCRIBED', 'the given channel is not subscribed', { channel_id: channelId });
    }
    return success(MESSAGES.unsubscribed, removed, removed.events, request);
  });
  const failures = results.filter((result) => result.status === 'error').length;
  request.exchange.sendJson(failures === 0 ? 200 : failures < results.length ? 207 : 400, { watch: results });
}

/** `details.events[]`: one entry per module among the events (reference §7 response sample). */
function success(message: string, channel: WatchChannel, events: string[], request: CrmRequest): Record<string, unknown> {
  const modules = [...new Set(events.map((event) => event.split('.')[0] as string))];
  return {
    code: 'SUCCESS',
    details: {
      events: modules.map((moduleName) => {
        const module = request.org.catalog.find(moduleName);
        return {
          channel_expiry: formatZohoDateTime(channel.expiresAt, request.timeZone),
          resource_uri: `${channel.resourceBase}/${moduleName}`,
          resource_id: module?.id ?? null,
          resource_name: moduleName,
          channel_id: channel.channelId,
        };
      }),
    },
    message,
    status: 'success',
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
