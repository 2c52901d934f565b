import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StructuredLogger } from '@crm-bridge/observability';
import { registerFaultAdminRoutes } from './admin/fault-admin.routes';
import { registerNotificationAdminRoutes } from './admin/notification-admin.routes';
import { registerOrgAdminRoutes } from './admin/org-admin.routes';
import { registerRecordAdminRoutes } from './admin/record-admin.routes';
import { AdminError } from './admin/admin.error';
import { SandboxClock } from './clock/sandbox-clock';
import { BulkReadService } from './bulk/bulk-read.service';
import { registerBulkReadRoutes } from './bulk/bulk-read.routes';
import { BulkWriteService } from './bulk/bulk-write.service';
import { registerBulkWriteRoutes } from './bulk/bulk-write.routes';
import { registerCoqlRoutes } from './coql/coql.routes';
import { dataCentreUrls, isDataCentreLocation, type DataCentreLocation } from './data-centre/data-centre';
import { BodyTooLargeError, HttpExchange } from './http/http-exchange';
import { Router } from './http/router';
import { ZohoErrors } from './http/zoho-api.error';
import { ZohoIdGenerator } from './ids/zoho-id.generator';
import { registerMetadataRoutes } from './metadata/metadata.routes';
import { WatchChannelService } from './notifications/watch-channel.service';
import { registerWatchRoutes } from './notifications/watch.routes';
import { registerAccountsRoutes } from './oauth/accounts.routes';
import { OAuthService } from './oauth/oauth.service';
import { OrgRegistry } from './org/org-registry';
import { registerOrgRoutes } from './org/org.routes';
import { RecordWriteService } from './records/record-write.service';
import { registerRecordRoutes } from './records/records.routes';
import type { SandboxContext } from './sandbox.context';
import { captureSnapshot, readSnapshotFile, restoreSnapshot, writeSnapshotFile } from './snapshot/sandbox-snapshot';

export interface ZohoSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Access-token lifetime; Zoho's is one hour. */
  accessTokenTtlSeconds?: number;
  /** The origin put into `api_domain` and `accounts-server`; defaults to the Host header of each request. */
  publicOrigin?: string;
  logger?: StructuredLogger;
  /** Source of randomness for fault injection and jitter. */
  random?: () => number;
  /** The machine clock the sandbox clock starts from. */
  machineClock?: () => number;
  /** Restore state from this JSON file at start (when it exists) and save it there at stop. */
  snapshotFile?: string;
}

/**
 * The Zoho CRM emulator: one HTTP server impersonating every data centre's accounts server and
 * API domain under `/dc/{location}/…`, plus the admin API under `/__admin/…`. State is in memory,
 * optionally restored from and saved to a snapshot file.
 */
export class ZohoSandbox {
  private constructor(
    private readonly server: Server,
    readonly context: SandboxContext,
    readonly origin: string,
    private readonly channels: WatchChannelService,
    private readonly bulkReads: BulkReadService,
    private readonly bulkWrites: BulkWriteService,
    private readonly snapshotFile: string | null,
    /** True when state was restored from the snapshot file at start. */
    readonly restored: boolean,
  ) {}

  static async start(options: ZohoSandboxOptions = {}): Promise<ZohoSandbox> {
    const host = options.host ?? '127.0.0.1';
    const clock = new SandboxClock(options.machineClock);
    const ids = new ZohoIdGenerator();
    let listeningOrigin = '';
    const logger = options.logger ?? new StructuredLogger('zoho-sandbox');
    // Every record change, through the API, the admin API or a bulk write, reaches the channels.
    const channels = new WatchChannelService(clock, logger);
    const context: SandboxContext = {
      clock,
      ids,
      orgs: new OrgRegistry(ids, clock),
      oauth: new OAuthService(clock, { accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600 }),
      logger,
      random: options.random ?? Math.random,
      originOf: (exchange) => {
        if (options.publicOrigin !== undefined) {
          return options.publicOrigin;
        }
        const hostHeader = exchange.header('host');
        return hostHeader ? `http://${hostHeader}` : listeningOrigin;
      },
      recordWriter: (org, writeOptions) =>
        new RecordWriteService(
          org,
          ids,
          () => clock.now(),
          (change) => channels.onRecordChange(change),
          writeOptions,
        ),
    };
    const bulkReads = new BulkReadService(clock, ids, context.logger);
    const bulkWrites = new BulkWriteService(clock, ids, context.logger, context.recordWriter);
    // Fixed paths first: `/crm/{v}/{module}/{id}` would otherwise swallow `/crm/{v}/actions/watch`.
    const router = new Router();
    registerAccountsRoutes(router, context);
    registerOrgRoutes(router, context);
    registerMetadataRoutes(router, context);
    registerCoqlRoutes(router, context);
    registerWatchRoutes(router, context, channels);
    registerBulkReadRoutes(router, context, bulkReads);
    registerBulkWriteRoutes(router, context, bulkWrites);
    registerRecordRoutes(router, context);
    registerOrgAdminRoutes(router, context);
    registerRecordAdminRoutes(router, context);
    registerFaultAdminRoutes(router, context);
    registerNotificationAdminRoutes(router, context, channels);

    const snapshot = options.snapshotFile === undefined ? null : readSnapshotFile(options.snapshotFile);
    if (snapshot !== null) {
      restoreSnapshot(context, channels, snapshot);
    }

    const server = createServer((request, response) => {
      void dispatch(router, context, request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    listeningOrigin = `http://${host}:${port}`;
    return new ZohoSandbox(
      server,
      context,
      options.publicOrigin ?? listeningOrigin,
      channels,
      bulkReads,
      bulkWrites,
      options.snapshotFile ?? null,
      snapshot !== null,
    );
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The accounts server and API domain of a DC, e.g. `{ accountsServer: '…/dc/eu/accounts', apiDomain: '…/dc/eu' }`. */
  urls(location: DataCentreLocation): { accountsServer: string; apiDomain: string } {
    return dataCentreUrls(this.origin, location);
  }

  async stop(): Promise<void> {
    await Promise.all([this.channels.drain(), this.bulkReads.drain(), this.bulkWrites.drain()]);
    if (this.snapshotFile !== null) {
      writeSnapshotFile(this.snapshotFile, captureSnapshot(this.context, this.channels));
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

async function dispatch(router: Router, context: SandboxContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const exchange = new HttpExchange(request, response);
  const isAdmin = exchange.url.pathname.startsWith('/__admin/');
  try {
    const [prefix, location] = exchange.url.pathname.split('/').slice(1, 3);
    if (prefix === 'dc' && !isDataCentreLocation(location ?? '')) {
      // An unknown DC is a host that does not exist on Zoho; the nearest answer is a bad URL.
      const error = ZohoErrors.invalidUrlPattern();
      exchange.sendJson(error.httpStatus, error.toBody());
      return;
    }
    const match = router.match(exchange.method, exchange.url.pathname);
    if (match.kind === 'found') {
      await match.handler(exchange.withParams(match.params));
      return;
    }
    if (isAdmin) {
      const error = new AdminError(
        match.kind === 'wrong-method' ? 405 : 404,
        'NOT_FOUND',
        `no admin route ${exchange.method} ${exchange.url.pathname}`,
      );
      exchange.sendJson(error.httpStatus, error.toBody());
      return;
    }
    const error = match.kind === 'wrong-method' ? ZohoErrors.invalidRequestMethod() : ZohoErrors.invalidUrlPattern();
    exchange.sendJson(error.httpStatus, error.toBody());
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof AdminError) {
      exchange.sendJson(error.httpStatus, error.toBody());
    } else if (error instanceof BodyTooLargeError) {
      exchange.sendJson(413, isAdmin ? new AdminError(413, 'TOO_LARGE', error.message).toBody() : ZohoErrors.invalidBody().toBody());
    } else {
      context.logger.error('unexpected sandbox error', { error, path: exchange.url.pathname });
      exchange.sendJson(500, isAdmin ? new AdminError(500, 'INTERNAL', 'internal error').toBody() : ZohoErrors.internalError().toBody());
    }
  }
}
