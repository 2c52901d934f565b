import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Injectable } from '@nestjs/common';
import { Query, Resolver } from 'type-graphql';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { METRIC_NAMES, StructuredLogger, activeTraceIds, installTracing, type TracingInstallation } from '@crm-bridge/observability';
import {
  SubgraphFeature,
  startSubgraphService,
  subgraphOf,
  type RunningSubgraphService,
  type SubgraphServiceDefinition,
} from '@crm-bridge/service-runtime';
import { buildFederatedSubgraph } from '@crm-bridge/subgraph';
import { createTestDatabase, postGraphql, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import { composeSupergraph } from '../supergraph/compose-supergraph';
import { issueUserToken } from '../authentication/user-token.issuer';
import { startGateway, type RunningGateway } from '../gateway-server';

/** A one-field subgraph whose resolver logs a line and answers the trace id it runs in. */
@Injectable()
@Resolver()
class TraceProbeResolver {
  constructor(private readonly logger: StructuredLogger) {}

  @Query(() => String, { description: 'The trace id the resolver ran in, or "none"' })
  traceProbe(): string {
    this.logger.info('trace probe resolved');
    return activeTraceIds()?.traceId ?? 'none';
  }
}

@SubgraphFeature({ resolvers: [TraceProbeResolver] })
class TraceProbeModule {}

const traceProbeService: SubgraphServiceDefinition = {
  serviceName: 'trace-probe',
  defaultPort: 0,
  database: { schema: 'trace_probe', migrations: [] },
  features: [TraceProbeModule],
};

/** Sits between gateway and subgraph and keeps the headers of every request it forwards. */
async function startHeaderRecordingProxy(target: string): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request.headers);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hopByHop = ['host', 'connection', 'content-length', 'transfer-encoding'];
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !hopByHop.includes(name)) {
          headers[name] = value;
        }
      }
      void fetch(`${target}${request.url ?? ''}`, { method: request.method ?? 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (upstream) => {
          response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          response.end(await upstream.text());
        })
        .catch((error: unknown) => response.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const TRACE_PROBE_QUERY = 'query TraceProbe { traceProbe }';

/** A sample line of `name` with (at least) these labels, in any order, and a non-zero value. */
function seriesPattern(name: string, labels: Record<string, string>): RegExp {
  const lookaheads = Object.entries(labels)
    .map(([label, value]) => `(?=[^}]*${label}="${value.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')}")`)
    .join('');
  return new RegExp(`^${name}\\{${lookaheads}[^}]*\\} [1-9]`, 'm');
}

function parsedLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('trace propagation gateway → subgraph over real HTTP', () => {
  let database: TestDatabase;
  let subgraph: RunningSubgraphService;
  let proxy: Awaited<ReturnType<typeof startHeaderRecordingProxy>>;
  let gateway: RunningGateway;
  let supergraphDirectory: string;
  const subgraphLogLines: string[] = [];
  const jwtSecret = randomBytes(32).toString('hex');
  let authorization: string;

  before(async () => {
    database = await createTestDatabase();
    subgraph = await startSubgraphService(
      traceProbeService,
      { DATABASE_URL: database.url, PORT: '0', LOG_LEVEL: 'info', INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET },
      { logSink: (line) => subgraphLogLines.push(line) },
    );
    proxy = await startHeaderRecordingProxy(subgraph.url);
    const { sdl } = await buildFederatedSubgraph(subgraphOf(traceProbeService));
    supergraphDirectory = mkdtempSync(join(tmpdir(), 'gateway-tracing-'));
    const supergraphPath = join(supergraphDirectory, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeSupergraph([{ name: 'trace-probe', url: `${proxy.url}/graphql`, sdl }]));
    gateway = await startGateway(
      {
        PORT: '0',
        LOG_LEVEL: 'error',
        INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
        JWT_HS256_SECRET: jwtSecret,
        SUPERGRAPH_PATH: supergraphPath,
      },
      { logSink: () => undefined },
    );
    authorization = `Bearer ${await issueUserToken({ userId: 'tracing-user', tenantId: 'tenant-tracing', roles: ['admin'] }, jwtSecret)}`;
  });

  after(async () => {
    await gateway?.close();
    await proxy?.close();
    await subgraph?.close();
    await database?.drop();
    if (supergraphDirectory) {
      rmSync(supergraphDirectory, { recursive: true, force: true });
    }
  });

  const probe = (headers: Record<string, string> = {}) =>
    postGraphql<{ traceProbe: string }>(`${gateway.url}/graphql`, TRACE_PROBE_QUERY, { headers: { authorization, ...headers } });

  // Runs first, before any test installs tracing: the default of every service.
  test('with tracing off nothing is traced and no traceparent is invented or forwarded', async () => {
    proxy.seen.length = 0;
    subgraphLogLines.length = 0;
    const clientTraceParent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const result = await probe({ traceparent: clientTraceParent });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data?.traceProbe, 'none');
    assert.ok(proxy.seen.length > 0, 'the gateway called the subgraph');
    for (const headers of proxy.seen) {
      assert.equal(headers['traceparent'], undefined);
      assert.equal(headers['tracestate'], undefined);
    }
    const probeLine = parsedLines(subgraphLogLines).find((line) => line['msg'] === 'trace probe resolved');
    assert.ok(probeLine, 'the resolver logged');
    assert.equal(probeLine['traceId'], undefined);
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: TracingInstallation;

    before(() => {
      tracing = installTracing({ serviceName: 'gateway-tracing-test', spanExporter: exporter, processing: 'simple' });
    });

    after(async () => {
      await tracing.shutdown();
    });

    test('one trace id flows from the gateway span through the subgraph fetch to the subgraph span and its log line', async () => {
      exporter.reset();
      proxy.seen.length = 0;
      subgraphLogLines.length = 0;
      const result = await probe();
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const traceId = result.data?.traceProbe ?? '';
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(traceId, '0'.repeat(32));

      const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      const byKind = (kind: SpanKind): ReadableSpan[] => spans.filter((span) => span.kind === kind);
      const [client] = byKind(SpanKind.CLIENT);
      const servers = byKind(SpanKind.SERVER);
      const gatewayServer = servers.find((span) => span.parentSpanContext === undefined);
      const subgraphServer = servers.find((span) => span.parentSpanContext?.spanId === client?.spanContext().spanId);
      assert.ok(gatewayServer, `a root SERVER span at the gateway; got ${spans.map((span) => span.name).join(', ')}`);
      assert.equal(gatewayServer.name, 'query TraceProbe');
      assert.equal(gatewayServer.attributes['graphql.operation.type'], 'query');
      assert.ok(client, 'a CLIENT span for the subgraph fetch');
      assert.equal(client.parentSpanContext?.spanId, gatewayServer.spanContext().spanId);
      assert.equal(client.attributes['crm_bridge.subgraph.name'], 'trace-probe');
      assert.equal(client.attributes['http.response.status_code'], 200);
      assert.ok(subgraphServer, 'a SERVER span in the subgraph, child of the fetch span');
      assert.match(subgraphServer.name, /^query /);

      const forwarded = proxy.seen.map((headers) => headers['traceparent']).filter((value) => value !== undefined);
      assert.deepEqual(forwarded, [`00-${traceId}-${client.spanContext().spanId}-01`]);

      const probeLine = parsedLines(subgraphLogLines).find((line) => line['msg'] === 'trace probe resolved');
      assert.ok(probeLine, 'the resolver logged');
      assert.equal(probeLine['traceId'], traceId);
      assert.equal(probeLine['spanId'], subgraphServer.spanContext().spanId);
    });

    test('a subgraph that cannot be reached leaves a failed CLIENT span, not an unfinished one', async () => {
      const unreachable = await startHeaderRecordingProxy('http://127.0.0.1:1');
      await unreachable.close(); // its port is now closed: the connection is refused
      const { sdl } = await buildFederatedSubgraph(subgraphOf(traceProbeService));
      const supergraphPath = join(supergraphDirectory, 'unreachable.graphql');
      writeFileSync(supergraphPath, composeSupergraph([{ name: 'trace-probe', url: `${unreachable.url}/graphql`, sdl }]));
      const isolatedGateway = await startGateway(
        {
          PORT: '0',
          LOG_LEVEL: 'error',
          INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
          JWT_HS256_SECRET: jwtSecret,
          SUPERGRAPH_PATH: supergraphPath,
        },
        { logSink: () => undefined },
      );
      try {
        exporter.reset();
        const result = await postGraphql(`${isolatedGateway.url}/graphql`, TRACE_PROBE_QUERY, { headers: { authorization } });
        assert.ok(result.errors && result.errors.length > 0, 'the client is told the field failed');
        const client = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CLIENT);
        assert.ok(client, 'the failed fetch span was ended and exported');
        assert.equal(client.status.code, SpanStatusCode.ERROR);
        const server = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
        assert.equal(server?.status.code, SpanStatusCode.ERROR, 'the operation is marked failed');
      } finally {
        await isolatedGateway.close();
      }
    });

    test('a client trace context is continued, not replaced', async () => {
      const clientTraceId = randomBytes(16).toString('hex');
      const result = await probe({ traceparent: `00-${clientTraceId}-${randomBytes(8).toString('hex')}-01` });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data?.traceProbe, clientTraceId);
    });
  });

  test('/metrics of the gateway and of a subgraph expose every catalogued metric and the operation just served', async () => {
    for (const [service, baseUrl] of [
      ['gateway', gateway.url],
      ['trace-probe', subgraph.url],
    ] as const) {
      const response = await fetch(`${baseUrl}/metrics`);
      assert.equal(response.status, 200);
      const exposition = await response.text();
      for (const name of Object.values(METRIC_NAMES)) {
        assert.match(exposition, new RegExp(`^# TYPE ${name} `, 'm'), `${service} exposes ${name}`);
      }
      assert.match(
        exposition,
        seriesPattern(METRIC_NAMES.graphqlOperations, { type: 'query', outcome: 'ok', service }),
        `${service} counted a query`,
      );
      assert.match(exposition, seriesPattern(`${METRIC_NAMES.httpRequestDuration}_count`, { route: '/graphql', service }));
    }
  });
});
