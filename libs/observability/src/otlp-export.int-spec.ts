import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@crm-bridge/config';
import { eventually } from '@crm-bridge/testing';
import { activeTraceIds, inSpan, startTracing, tracingConfigSchema } from './index';

interface ReceivedExport {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Stands in for an OpenTelemetry collector's OTLP/HTTP receiver and keeps what it was sent. */
async function startFakeCollector(): Promise<{ url: string; received: ReceivedExport[]; close(): Promise<void> }> {
  const received: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('tracing configured only by the standard OTEL_* variables exports spans over OTLP/HTTP; off exports nothing', async (t) => {
  const collector = await startFakeCollector();
  t.after(() => collector.close());

  // Off (no endpoint): spans are created and ended, nothing is sent anywhere.
  const off = startTracing('mapping-config', loadConfig('mapping-config', tracingConfigSchema, {}));
  await inSpan('publish mapping', {}, () => undefined);
  await off.shutdown();

  const on = startTracing(
    'mapping-config',
    loadConfig('mapping-config', tracingConfigSchema, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k-123',
      OTEL_SERVICE_NAME: 'mapping-config-eu',
    }),
  );
  assert.equal(on.enabled, true);
  const traceId = await inSpan('publish mapping', {}, () => activeTraceIds()?.traceId);
  // shutdown flushes the batch processor: the export happens now, not after its 5 s delay.
  await on.shutdown();

  await eventually(() => assert.equal(collector.received.length, 1, 'exactly one export, from the tracing-on phase'));
  const [sent] = collector.received;
  assert.equal(sent?.path, '/v1/traces');
  assert.equal(sent?.headers['x-collector-key'], 'k-123');
  const body = JSON.parse(sent?.body ?? '{}') as {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { spans: { traceId: string; name: string }[] }[];
    }[];
  };
  const [resourceSpans] = body.resourceSpans;
  const serviceName = resourceSpans?.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue;
  assert.equal(serviceName, 'mapping-config-eu');
  const spans = resourceSpans?.scopeSpans.flatMap((scope) => scope.spans) ?? [];
  assert.deepEqual(
    spans.map((span) => [span.name, span.traceId]),
    [['publish mapping', traceId]],
  );
});
