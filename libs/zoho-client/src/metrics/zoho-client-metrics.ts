import { PLANNED_METRIC_NAMES } from '@crm-bridge/observability';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Per-call metrics of the Zoho client, registered on a service's registry (pass
 * `ServiceMetrics.registry` from @crm-bridge/observability so they appear on its `/metrics`,
 * with its `service` default label). Names are the ones @crm-bridge/observability reserves for
 * the Zoho client (`PLANNED_METRIC_NAMES.zoho*`). Labels stay low-cardinality: the operation name (e.g.
 * `records.list`), never an org id or a URL.
 */
export class ZohoClientMetrics {
  readonly calls: Counter<'operation' | 'outcome'>;
  readonly credits: Counter<'operation'>;
  readonly latencySeconds: Histogram<'operation'>;
  readonly errors: Counter<'operation' | 'code'>;
  readonly retries: Counter<'operation' | 'reason'>;
  readonly tokenRefreshes: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: PLANNED_METRIC_NAMES.zohoApiCalls,
      help: 'HTTP calls made to Zoho, by operation and outcome (ok or error)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    });
    this.credits = new Counter({
      name: PLANNED_METRIC_NAMES.zohoApiCredits,
      help: 'Zoho API credits spent, by operation (charged per Zoho’s cost table)',
      labelNames: ['operation'],
      registers: [registry],
    });
    this.latencySeconds = new Histogram({
      name: PLANNED_METRIC_NAMES.zohoApiCallDuration,
      help: 'Duration of one HTTP attempt against Zoho, by operation',
      labelNames: ['operation'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.errors = new Counter({
      name: PLANNED_METRIC_NAMES.zohoApiErrors,
      help: 'Zoho call failures, by operation and error code (Zoho’s code or the client’s)',
      labelNames: ['operation', 'code'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: PLANNED_METRIC_NAMES.zohoApiRetries,
      help: 'Retried Zoho calls, by operation and reason (rate-limit, server, network, token)',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    });
    this.tokenRefreshes = new Counter({
      name: PLANNED_METRIC_NAMES.zohoTokenRefreshes,
      help: 'Access-token refreshes made against Zoho Accounts, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
