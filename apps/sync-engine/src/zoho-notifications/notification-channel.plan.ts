/** How long channels live and how often they are renewed and checked (from the feature's config). */
export interface ChannelTiming {
  readonly lifetimeMs: number;
  readonly renewBeforeMs: number;
  readonly checkIntervalMs: number;
}

/** What the plan needs of a stored channel. */
export interface PlannedChannel {
  readonly notifyUrl: string;
  /** Null until Zoho confirmed an enable. */
  readonly expiresAt: Date | null;
  readonly checkedAt: Date | null;
  /** Set after a failure: nothing is tried before it. */
  readonly retryAt: Date | null;
}

export interface ChannelPlanInput {
  /** Whether the integration should have the channel now (deals sync Zoho → portal). */
  readonly wanted: boolean;
  /** Whether Zoho can be called for the integration (its connection is CONNECTED). */
  readonly connectionUsable: boolean;
  readonly channel: PlannedChannel | null;
  /** The configured public endpoint URL. */
  readonly notifyUrl: string;
  readonly now: Date;
  readonly timing: ChannelTiming;
}

export type EnableReason = 'new' | 'retry' | 'renew' | 'notify-url-changed';

/** The one thing to do for a channel now; `idle` says when something is next due (null: not until woken). */
export type ChannelAction =
  | { readonly kind: 'idle'; readonly dueAt: Date | null }
  | { readonly kind: 'enable'; readonly reason: EnableReason }
  | { readonly kind: 'check' }
  | { readonly kind: 'disable' }
  | { readonly kind: 'forget'; readonly reason: 'expired' | 'never-enabled' | 'connection-unusable' };

/**
 * Decides what a channel needs: enable one that should exist, renew it when less than
 * `renewBeforeMs` is left, check every `checkIntervalMs` that Zoho still has it, disable it when
 * the integration stops wanting it — and wait out the back-off after a failure. A channel Zoho
 * cannot be asked about (connection unusable) or that has lapsed by itself is forgotten without a call.
 */
export function planChannel(input: ChannelPlanInput): ChannelAction {
  const { channel, now, timing } = input;
  const nowMs = now.getTime();
  if (!input.wanted) {
    if (channel === null) {
      return { kind: 'idle', dueAt: null };
    }
    if (channel.expiresAt === null) {
      return { kind: 'forget', reason: 'never-enabled' };
    }
    if (channel.expiresAt.getTime() <= nowMs) {
      return { kind: 'forget', reason: 'expired' };
    }
    if (!input.connectionUsable) {
      return { kind: 'forget', reason: 'connection-unusable' };
    }
    return waitingForRetry(channel, nowMs) ?? { kind: 'disable' };
  }
  if (channel === null) {
    return { kind: 'enable', reason: 'new' };
  }
  const waiting = waitingForRetry(channel, nowMs);
  if (waiting) {
    return waiting;
  }
  if (channel.expiresAt === null || channel.expiresAt.getTime() <= nowMs) {
    return { kind: 'enable', reason: 'retry' };
  }
  if (channel.notifyUrl !== input.notifyUrl) {
    return { kind: 'enable', reason: 'notify-url-changed' };
  }
  const renewAt = channel.expiresAt.getTime() - timing.renewBeforeMs;
  if (renewAt <= nowMs) {
    return { kind: 'enable', reason: 'renew' };
  }
  const checkAt = (channel.checkedAt?.getTime() ?? 0) + timing.checkIntervalMs;
  if (checkAt <= nowMs) {
    return { kind: 'check' };
  }
  return { kind: 'idle', dueAt: new Date(Math.min(renewAt, checkAt)) };
}

function waitingForRetry(channel: PlannedChannel, nowMs: number): ChannelAction | null {
  return channel.retryAt !== null && channel.retryAt.getTime() > nowMs ? { kind: 'idle', dueAt: channel.retryAt } : null;
}
