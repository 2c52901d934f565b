import type { StructuredLogger } from '@crm-bridge/observability';
import type { SandboxClock } from '../clock/sandbox-clock';
import { postToReceiver } from '../http/receiver-post';
import type { ModuleDefinition } from '../metadata/metadata.model';
import { RecordPresenter } from '../records/record.presenter';
import type { RecordChange } from '../records/record-write.service';

export type WatchOperation = 'create' | 'edit' | 'delete' | 'all';

export interface WatchChannel {
  orgId: string;
  channelId: string;
  /** `{Module}.{create|edit|delete|all}`, module api names as Zoho spells them. */
  events: string[];
  notifyUrl: string;
  token: string | null;
  expiresAt: number;
  returnAffectedFieldValues: boolean;
  notifyOnRelatedAction: boolean;
  /** `{api_domain}/crm/{version}` of the subscribing call, for `resource_uri`. */
  resourceBase: string;
}

/** One attempted POST to a `notify_url`, kept for the admin API so tests can see what was sent. */
export interface NotificationDelivery {
  orgId: string;
  channelId: string;
  notifyUrl: string;
  payload: Record<string, unknown>;
  status: number | null;
  error: string | null;
  at: string;
}

const OPERATION_EVENT: Record<RecordChange['operation'], WatchOperation> = { insert: 'create', update: 'edit', delete: 'delete' };
const MAX_DELIVERY_LOG = 500;

/**
 * Notification channels ("watch", reference §7) and their delivery: after every create, update
 * or delete — through the API or the admin API — each live channel subscribed to that module and
 * operation gets one real HTTP POST with Zoho's payload. Zoho documents no retry policy, so a
 * failed delivery is logged and dropped.
 */
export class WatchChannelService {
  private readonly channels = new Map<string, WatchChannel>();
  private readonly deliveries: NotificationDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly logger: StructuredLogger,
  ) {}

  find(orgId: string, channelId: string): WatchChannel | undefined {
    const channel = this.channels.get(key(orgId, channelId));
    return channel && channel.expiresAt > this.clock.now() ? channel : undefined;
  }

  live(orgId: string): WatchChannel[] {
    const now = this.clock.now();
    return [...this.channels.values()].filter((channel) => channel.orgId === orgId && channel.expiresAt > now);
  }

  save(channel: WatchChannel): void {
    this.channels.set(key(channel.orgId, channel.channelId), channel);
  }

  remove(orgId: string, channelId: string): WatchChannel | undefined {
    const channel = this.find(orgId, channelId);
    this.channels.delete(key(orgId, channelId));
    return channel;
  }

  /** Every channel, live or expired, for snapshots. */
  exportChannels(): WatchChannel[] {
    return [...this.channels.values()];
  }

  restoreChannels(channels: readonly WatchChannel[]): void {
    this.channels.clear();
    for (const channel of channels) {
      this.save(channel);
    }
  }

  deliveriesOf(orgId: string): NotificationDelivery[] {
    return this.deliveries.filter((delivery) => delivery.orgId === orgId);
  }

  /** Resolves once every delivery started so far has finished (for a clean stop). */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  onRecordChange(change: RecordChange): void {
    const operation = OPERATION_EVENT[change.operation];
    for (const channel of this.live(change.org.id)) {
      if (!subscribes(channel, change.module, operation)) {
        continue;
      }
      const delivery = this.deliver(channel, this.payload(channel, change, operation));
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  private payload(channel: WatchChannel, change: RecordChange, operation: WatchOperation): Record<string, unknown> {
    const payload: Record<string, unknown> = {
      server_time: this.clock.now(),
      query_params: {},
      module: change.module.apiName,
      resource_uri: `${channel.resourceBase}/${change.module.apiName}`,
      ids: change.ids,
      // For edits, which fields changed per record; Zoho sends an empty list for create and delete.
      affected_fields: operation === 'edit' ? change.ids.map((id) => ({ [id]: change.changedFields[id] ?? [] })) : [],
      operation: change.operation,
      channel_id: channel.channelId,
      token: channel.token,
    };
    if (channel.returnAffectedFieldValues && operation === 'edit') {
      const presenter = new RecordPresenter(change.org, change.org.settings.timeZone);
      payload['affected_values'] = change.ids.map((id) => {
        const record = change.org.records.get(change.module.apiName, id);
        const values: Record<string, unknown> = {};
        for (const apiName of change.changedFields[id] ?? []) {
          const field = change.module.fields.find((candidate) => candidate.apiName === apiName);
          if (field && record) {
            values[apiName] = presenter.renderValue(field, record.values[apiName]);
          }
        }
        return { record_id: id, values };
      });
    }
    return payload;
  }

  private async deliver(channel: WatchChannel, payload: Record<string, unknown>): Promise<void> {
    const delivery: NotificationDelivery = {
      orgId: channel.orgId,
      channelId: channel.channelId,
      notifyUrl: channel.notifyUrl,
      payload,
      status: null,
      error: null,
      at: new Date(this.clock.now()).toISOString(),
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERY_LOG) {
      this.deliveries.shift();
    }
    const outcome = await postToReceiver(channel.notifyUrl, payload);
    if ('error' in outcome) {
      delivery.error = outcome.error;
      this.logger.warn('notification delivery failed', { orgId: channel.orgId, channelId: channel.channelId, error: delivery.error });
    } else {
      delivery.status = outcome.status;
    }
  }
}

function key(orgId: string, channelId: string): string {
  return `${orgId}:${channelId}`;
}

function subscribes(channel: WatchChannel, module: ModuleDefinition, operation: WatchOperation): boolean {
  return channel.events.some((event) => {
    const [moduleName, eventOperation] = event.split('.');
    return moduleName?.toLowerCase() === module.apiName.toLowerCase() && (eventOperation === 'all' || eventOperation === operation);
  });
}
