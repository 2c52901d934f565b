import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { eventually } from '@crm-bridge/testing';
import { percentile } from './percentile';

/**
 * Every subscriber selects the deal with a field of another subgraph (`openConflicts`, from
 * conflict-resolver), so the gateway fetches it per subscriber per update, as a partner system
 * joining conflicts to its live feed would make it.
 */
const DEAL_UPDATED = `subscription { dealUpdated { eventId changes { field newValue } deal { name openConflicts { id } } } }`;

interface Delivery {
  readonly names: string[];
  readonly atMs: number;
}

/** A deal change a measure makes: it gives the deal the name it is handed. */
export type RenameDeal = (name: string) => Promise<void>;

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perRoundP99: number[];
}

export interface DealUpdateMeasure {
  /** Every delivery's latency in ms, sorted. */
  readonly latenciesMs: number[];
  readonly summary: LatencySummary;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * `count` graphql-ws clients of the gateway, each on its own socket, subscribed to `dealUpdated`;
 * each records when it held an update carrying a deal name. Used by `bench:subscriptions` and by
 * the live-updates phase of `bench:sync`.
 */
export class DealUpdateSubscribers {
  private readonly clients: Client[] = [];
  private readonly deliveries: Delivery[][] = [];
  /** Errors a subscription reported, and updates that arrived without their deal. */
  errors = 0;

  constructor(wsUrl: string, connectionParams: Record<string, string>, count: number) {
    for (let index = 0; index < count; index += 1) {
      const received: Delivery[] = [];
      this.deliveries.push(received);
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
      this.clients.push(client);
      client.subscribe<{ dealUpdated: { changes: { field: string; newValue: unknown }[]; deal: { name: string } | null } }>(
        { query: DEAL_UPDATED },
        {
          next: (result) => {
            const names = (result.data?.dealUpdated.changes ?? [])
              .filter((change) => change.field === 'name')
              .map((change) => String(change.newValue));
            if (result.errors || result.data?.dealUpdated.deal === undefined) {
              this.errors += 1;
            }
            received.push({ names, atMs: performance.now() });
          },
          error: () => (this.errors += 1),
          complete: () => undefined,
        },
      );
    }
  }

  get count(): number {
    return this.clients.length;
  }

  /**
   * Renames the deal until every subscriber holds one rename: the proof that every subscription is
   * open (before that, a measured change races the subscriptions) and the warm-up of every path.
   */
  async warmUp(rename: RenameDeal): Promise<void> {
    let warmUps = 0;
    await eventually(
      async () => {
        const name = `warm-up ${(warmUps += 1)}`;
        await rename(name);
        await eventually(
          () => {
            if (!this.allHold(name)) {
              throw new Error(
                `${this.deliveries.filter((received) => received.length > 0).length} of ${this.count} subscribers hold an update`,
              );
            }
          },
          { timeoutMs: 10_000 },
        );
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }

  /** Runs `rename` `rounds` times, a second apart, and measures per subscriber from the call to holding the update. */
  async measure(rename: RenameDeal, rounds: number, label: string): Promise<DealUpdateMeasure> {
    const latenciesMs: number[] = [];
    const perRoundP99: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const name = `${label} ${round}`;
      const sentAt = performance.now();
      await rename(name);
      await eventually(
        () => {
          if (!this.allHold(name)) {
            throw new Error(`${name}: not every subscriber has the update`);
          }
        },
        { timeoutMs: 30_000, intervalMs: 5 },
      );
      const roundLatencies = this.deliveries
        .map((received) => (received.find((delivery) => delivery.names.includes(name))?.atMs ?? NaN) - sentAt)
        .sort((a, b) => a - b);
      latenciesMs.push(...roundLatencies);
      perRoundP99.push(oneDecimal(percentile(roundLatencies, 0.99)));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    latenciesMs.sort((a, b) => a - b);
    return {
      latenciesMs,
      summary: {
        p50: oneDecimal(percentile(latenciesMs, 0.5)),
        p99: oneDecimal(percentile(latenciesMs, 0.99)),
        max: oneDecimal(latenciesMs.at(-1) ?? NaN),
        perRoundP99,
      },
    };
  }

  close(): void {
    for (const client of this.clients) {
      void client.dispose();
    }
  }

  private allHold(name: string): boolean {
    return this.deliveries.every((received) => received.some((delivery) => delivery.names.includes(name)));
  }
}
