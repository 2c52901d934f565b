import { Inject, Injectable } from '@nestjs/common';
import { backoffDelayMs } from '@crm-bridge/backoff';
import type { RecordModule } from '@crm-bridge/contracts';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { ZohoClient, ZohoError } from '@crm-bridge/zoho-client';
import { ConnectionTokenError } from '@crm-bridge/zoho-connection-tokens';
import { syncsDeals, type IntegrationWorkStep, type IntegrationWorkUnit } from '../integration-work/integration-work.step';
import { IntegrationWorkSteps } from '../integration-work/integration-work.steps';
import { ZohoOrgs } from '../zoho-access/zoho-orgs';
import { newChannelId, newChannelToken } from './channel-token';
import type { NotificationChannelEntity } from './notification-channel.entity';
import { planChannel, type ChannelAction, type ChannelTiming, type EnableReason } from './notification-channel.plan';
import { NotificationChannelRepository } from './notification-channel.repository';
import type { ZohoNotificationsConfig } from './zoho-notifications.config';
import { ZOHO_MODULE_NAMES } from './zoho-module-names';

/** After a failed enable, check or disable: 30 s, doubling, at most 30 min (jittered), so a Zoho outage is not hammered. */
const FAILURE_BACKOFF = { initialDelayMs: 30_000, maxDelayMs: 30 * 60_000, jitter: 'equal' } as const;
/** How long a token a renewal replaced stays accepted: notifications Zoho sent just before the renewal may still arrive. */
const REPLACED_TOKEN_GRACE_MS = 10 * 60_000;
/** A pass does at most this many actions (a check that finds the channel lost, then the enable). */
const MAX_ACTIONS_PER_PASS = 3;
/** The modules that get a channel (issue 13 syncs deals). */
const WATCHED_MODULE: RecordModule = 'DEALS';

/**
 * Keeps the integration's Zoho notification channel for Deals as the integration needs it:
 * enabled while deals sync Zoho → portal, renewed well before it expires, re-created when Zoho
 * lost it, disabled when deals stop syncing that way. Failures are recorded on the channel and
 * retried with back-off; they never fail the integration's other work.
 */
@Injectable()
export class NotificationChannelStep implements IntegrationWorkStep {
  readonly name = 'zoho-notification-channel';
  private readonly timing: ChannelTiming;

  constructor(
    steps: IntegrationWorkSteps,
    private readonly channels: NotificationChannelRepository,
    private readonly zoho: ZohoClient,
    private readonly orgs: ZohoOrgs,
    @Inject(SERVICE_CONFIG) private readonly config: ZohoNotificationsConfig,
    private readonly logger: StructuredLogger,
  ) {
    const lifetimeMs = config.ZOHO_CHANNEL_LIFETIME_SECONDS * 1000;
    this.timing = {
      lifetimeMs,
      // Renewing "more than a lifetime before expiry" would renew on every pass.
      renewBeforeMs: Math.min(config.ZOHO_CHANNEL_RENEW_BEFORE_SECONDS * 1000, lifetimeMs / 2),
      checkIntervalMs: config.ZOHO_CHANNEL_CHECK_SECONDS * 1000,
    };
    steps.register(this);
  }

  async run(unit: IntegrationWorkUnit): Promise<Date | null> {
    let channel = await this.channels.ofIntegration(unit.tenantId, unit.integrationId, WATCHED_MODULE);
    for (let actions = 0; actions < MAX_ACTIONS_PER_PASS && !unit.signal.aborted; actions += 1) {
      const action = this.plan(unit, channel);
      if (action.kind === 'idle') {
        return action.dueAt;
      }
      channel = await this.act(unit, channel, action);
    }
    return unit.signal.aborted ? new Date() : this.dueAt(unit, channel);
  }

  private plan(unit: IntegrationWorkUnit, channel: NotificationChannelEntity | null): ChannelAction {
    return planChannel({
      wanted: syncsDeals(unit, 'ZOHO_TO_PORTAL'),
      connectionUsable: unit.connection?.state === 'CONNECTED',
      channel,
      notifyUrl: this.config.ZOHO_NOTIFY_URL,
      now: new Date(),
      timing: this.timing,
    });
  }

  private dueAt(unit: IntegrationWorkUnit, channel: NotificationChannelEntity | null): Date | null {
    const action = this.plan(unit, channel);
    return action.kind === 'idle' ? action.dueAt : new Date();
  }

  /** Does one action; returns the channel as it is afterwards (null once removed). */
  private async act(
    unit: IntegrationWorkUnit,
    channel: NotificationChannelEntity | null,
    action: Exclude<ChannelAction, { kind: 'idle' }>,
  ): Promise<NotificationChannelEntity | null> {
    switch (action.kind) {
      case 'enable':
        return this.enable(unit, channel, action.reason);
      case 'check':
        return this.check(unit, channel as NotificationChannelEntity);
      case 'disable':
        return this.disable(unit, channel as NotificationChannelEntity);
      case 'forget': {
        const forgotten = channel as NotificationChannelEntity;
        await this.channels.remove(unit.tenantId, forgotten.id);
        this.logger.info('forgot a Zoho notification channel', { ...this.logFields(unit, forgotten), reason: action.reason });
        return null;
      }
    }
  }

  private async enable(
    unit: IntegrationWorkUnit,
    known: NotificationChannelEntity | null,
    reason: EnableReason,
  ): Promise<NotificationChannelEntity> {
    const token = newChannelToken();
    const channel = await this.channels.beginEnable(unit.tenantId, {
      integrationId: unit.integrationId,
      module: WATCHED_MODULE,
      channelId: known?.channelId ?? newChannelId(),
      notifyUrl: this.config.ZOHO_NOTIFY_URL,
      pendingTokenHash: token.hash,
    });
    const startedAt = Date.now();
    try {
      const [granted] = await this.zoho.notifications.enable(this.orgRef(unit), [
        {
          channelId: channel.channelId,
          events: [`${ZOHO_MODULE_NAMES[WATCHED_MODULE]}.all`],
          notifyUrl: this.config.ZOHO_NOTIFY_URL,
          token: token.token,
          expiresAt: startedAt + this.timing.lifetimeMs,
        },
      ]);
      const at = new Date();
      const enabled = await this.channels.confirmEnable(unit.tenantId, channel.id, {
        expiresAt: new Date(granted?.expiresAt ?? startedAt + this.timing.lifetimeMs),
        at,
        replacedTokenValidUntil: new Date(at.getTime() + REPLACED_TOKEN_GRACE_MS),
      });
      this.logger.info('Zoho notification channel enabled', {
        ...this.logFields(unit, enabled),
        reason,
        expiresAt: enabled.expiresAt?.toISOString(),
      });
      return enabled;
    } catch (error) {
      return this.failed(unit, channel, `enabling the ${ZOHO_MODULE_NAMES[WATCHED_MODULE]} notification channel failed`, error);
    }
  }

  private async check(unit: IntegrationWorkUnit, channel: NotificationChannelEntity): Promise<NotificationChannelEntity> {
    try {
      const [listed] = await this.zoho.notifications.channels(this.orgRef(unit), { channelId: channel.channelId });
      const at = new Date();
      if (listed) {
        return await this.channels.confirmChecked(unit.tenantId, channel.id, new Date(listed.expiresAt), at);
      }
      const reason = `Zoho no longer has the ${ZOHO_MODULE_NAMES[WATCHED_MODULE]} notification channel ${channel.channelId}; re-creating it`;
      this.logger.warn('Zoho lost a notification channel', this.logFields(unit, channel));
      return await this.channels.markLost(unit.tenantId, channel.id, reason, at);
    } catch (error) {
      return this.failed(unit, channel, `checking the ${ZOHO_MODULE_NAMES[WATCHED_MODULE]} notification channel failed`, error);
    }
  }

  private async disable(unit: IntegrationWorkUnit, channel: NotificationChannelEntity): Promise<NotificationChannelEntity | null> {
    try {
      await this.zoho.notifications.disable(this.orgRef(unit), [channel.channelId]);
    } catch (error) {
      // Zoho no longer having it is what disabling wants.
      if (!(error instanceof ZohoError && error.zohoCode === 'NOT_SUBSCRIBED')) {
        return this.failed(unit, channel, `disabling the ${ZOHO_MODULE_NAMES[WATCHED_MODULE]} notification channel failed`, error);
      }
    }
    await this.channels.remove(unit.tenantId, channel.id);
    this.logger.info('Zoho notification channel disabled', this.logFields(unit, channel));
    return null;
  }

  private async failed(
    unit: IntegrationWorkUnit,
    channel: NotificationChannelEntity,
    what: string,
    error: unknown,
  ): Promise<NotificationChannelEntity> {
    if (unit.signal.aborted) {
      throw error;
    }
    const at = new Date();
    const retryAt = new Date(at.getTime() + backoffDelayMs(channel.failureCount + 1, FAILURE_BACKOFF));
    const reason = `${what}: ${describeFailure(error)}`;
    this.logger.warn('Zoho notification channel work failed', { ...this.logFields(unit, channel), reason, retryAt: retryAt.toISOString() });
    return this.channels.recordFailure(unit.tenantId, channel.id, { reason, at, retryAt });
  }

  private orgRef(unit: IntegrationWorkUnit): string {
    if (!unit.connection) {
      throw new Error('the integration has no Zoho connection yet');
    }
    return this.orgs.orgRefOf(unit.connection);
  }

  private logFields(unit: IntegrationWorkUnit, channel: NotificationChannelEntity): Record<string, string> {
    return { tenantId: unit.tenantId, integrationId: unit.integrationId, channelId: channel.channelId, module: channel.module };
  }
}

/** A failure in words for the channel's `lastError`: Zoho's code and message, or auth-connector's refusal. */
function describeFailure(error: unknown): string {
  if (error instanceof ZohoError) {
    return `Zoho answered ${error.message}`;
  }
  if (error instanceof ConnectionTokenError) {
    return `no Zoho access token (${error.code}): ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
