import type { Registry } from 'prom-client';
import type { ZohoTokenProvider } from './auth/zoho-token-provider';
import { ZohoBulkClient } from './bulk/zoho-bulk-client';
import { ZohoCoqlClient } from './coql/zoho-coql-client';
import { ZohoDataCentreDirectory } from './data-centre/zoho-data-centres';
import { ZohoHttpClient, type ZohoExchange, type ZohoRetryPolicy } from './http/zoho-http-client';
import { ZohoRateLimiter, type ZohoOrgLimits } from './limits/zoho-rate-limiter';
import { ZohoMetadataClient } from './metadata/zoho-metadata-client';
import { ZohoClientMetrics } from './metrics/zoho-client-metrics';
import { ZohoNotificationsClient } from './notifications/zoho-notifications-client';
import { ZohoRecordsClient } from './records/zoho-records-client';

export interface ZohoClientOptions {
  tokens: ZohoTokenProvider;
  /** Each org's edition and budget; read once per org. */
  limitsFor: (orgRef: string) => ZohoOrgLimits;
  /** Hosts per DC; defaults to Zoho's real hosts. */
  dataCentres?: ZohoDataCentreDirectory;
  /** CRM API version (default v8). */
  apiVersion?: string;
  /** The org's IANA time zone (its `time_zone`), for date-times Zoho expects in local time. Default UTC. */
  timeZoneFor?: (orgRef: string) => string;
  /** Registry for the client's metrics, e.g. `ServiceMetrics.registry`. */
  metricsRegistry?: Registry;
  /** Or metrics already registered (one set per registry: prom-client refuses duplicates). */
  metrics?: ZohoClientMetrics;
  retry?: Partial<ZohoRetryPolicy>;
  /** Default deadline of each call, retries included (default 60 s). */
  deadlineMs?: number;
  metadataTtlMs?: number;
  /** Where bulk downloads are staged (default the OS temp directory). */
  tempDirectory?: string;
  /** Told the credits of every call Zoho charged, per org. */
  onCharged?: (orgRef: string, credits: number) => void;
  /** Told every attempt sent to Zoho once it ends, without token or headers (see {@link ZohoExchange}). */
  onExchange?: (exchange: ZohoExchange) => void;
}

/**
 * The Zoho CRM client: one object per process, shared by every org it talks to.
 *
 * @example
 * const zoho = new ZohoClient({ tokens, limitsFor: () => ({ edition: 'enterprise' }) });
 * for await (const deal of zoho.records.list(orgRef, 'Deals', { fields: ['Deal_Name'] })) …
 */
export class ZohoClient {
  readonly http: ZohoHttpClient;
  readonly limiter: ZohoRateLimiter;
  readonly records: ZohoRecordsClient;
  readonly coql: ZohoCoqlClient;
  readonly metadata: ZohoMetadataClient;
  readonly notifications: ZohoNotificationsClient;
  readonly bulk: ZohoBulkClient;
  readonly metrics: ZohoClientMetrics | null;
  readonly dataCentres: ZohoDataCentreDirectory;

  constructor(options: ZohoClientOptions) {
    const apiVersion = options.apiVersion ?? 'v8';
    if (!/^v\d+(\.\d+)?$/.test(apiVersion)) {
      throw new RangeError(`apiVersion must look like v8, got ${apiVersion}`);
    }
    const timeZoneFor = options.timeZoneFor ?? (() => 'UTC');
    this.metrics = options.metrics ?? (options.metricsRegistry ? new ZohoClientMetrics(options.metricsRegistry) : null);
    this.dataCentres = options.dataCentres ?? new ZohoDataCentreDirectory();
    this.limiter = new ZohoRateLimiter(options.limitsFor);
    this.http = new ZohoHttpClient({
      tokens: options.tokens,
      limiter: this.limiter,
      ...(this.metrics ? { metrics: this.metrics } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
      ...(options.onCharged ? { onCharged: options.onCharged } : {}),
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    });
    this.records = new ZohoRecordsClient(this.http, { apiVersion, timeZoneFor });
    this.coql = new ZohoCoqlClient(this.http, { apiVersion });
    this.metadata = new ZohoMetadataClient(this.http, {
      apiVersion,
      ...(options.metadataTtlMs === undefined ? {} : { ttlMs: options.metadataTtlMs }),
    });
    this.notifications = new ZohoNotificationsClient(this.http, { apiVersion, timeZoneFor });
    this.bulk = new ZohoBulkClient(this.http, this.metadata, {
      apiVersion,
      dataCentres: this.dataCentres,
      ...(options.tempDirectory === undefined ? {} : { tempDirectory: options.tempDirectory }),
    });
  }
}
