import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConfigValidationError, loadConfig } from '@crm-bridge/config';
import {
  SpanKind,
  StructuredLogger,
  activeTraceIds,
  exportHeadersOf,
  extractTraceContext,
  inClientSpan,
  inSpan,
  installTracing,
  samplerFor,
  startTracing,
  traceContextHeaders,
  tracesEndpointOf,
  tracingConfigSchema,
} from './index';

const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_TRACEPARENT = `00-${CLIENT_TRACE_ID}-00f067aa0ba902b7-01`;

const tracingConfig = (environment: Record<string, string>) => loadConfig('svc', tracingConfigSchema, environment);

describe('tracing configuration', () => {
  test('is off by default and on with an OTLP endpoint', () => {
    assert.equal(tracesEndpointOf(tracingConfig({})), undefined);
    assert.equal(
      tracesEndpointOf(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })),
      'http://collector:4318/v1/traces',
    );
    assert.equal(
      tracesEndpointOf(
        tracingConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
        }),
      ),
      'https://traces.example/otlp',
    );
    assert.equal(tracesEndpointOf(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })), undefined);
    assert.equal(
      tracesEndpointOf(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })),
      undefined,
    );
  });

  test('names every bad variable and says what is expected', () => {
    assert.throws(
      () =>
        tracingConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
          OTEL_TRACES_SAMPLER: 'sometimes',
          OTEL_TRACES_SAMPLER_ARG: '1.5',
          OTEL_EXPORTER_OTLP_HEADERS: 'api-key',
          OTEL_SDK_DISABLED: 'yes',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigValidationError);
        const reasons = Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason]));
        assert.match(reasons['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '', /must be an http\(s\) URL/);
        assert.match(reasons['OTEL_TRACES_SAMPLER'] ?? '', /must be one of always_on, .*parentbased_traceidratio/);
        assert.equal(reasons['OTEL_TRACES_SAMPLER_ARG'], 'must be a number between 0 and 1');
        assert.equal(reasons['OTEL_EXPORTER_OTLP_HEADERS'], 'must be key=value pairs separated by commas');
        assert.equal(reasons['OTEL_SDK_DISABLED'], 'must be true or false');
        return true;
      },
    );
  });

  test('reads export headers as key=value pairs, percent-decoded', () => {
    assert.deepEqual(exportHeadersOf(tracingConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, tenant=ops' })), {
      'x-api-key': 'abc==',
      tenant: 'ops',
    });
  });
});

// The tests below share the process-wide OpenTelemetry registration, so they run in this order.
describe('spans and trace context', () => {
  test('with tracing off: spans are no-ops, no ids reach logs, no traceparent is produced or extracted', async () => {
    const installation = startTracing('svc', tracingConfig({}));
    assert.equal(installation.enabled, false);
    const lines: string[] = [];
    const logger = new StructuredLogger('svc', 'info', (line) => lines.push(line));
    await inSpan('work', { parent: extractTraceContext({ traceparent: CLIENT_TRACEPARENT }) }, () => {
      assert.equal(activeTraceIds(), undefined);
      assert.deepEqual(traceContextHeaders(), {});
      logger.info('inside');
    });
    assert.equal((JSON.parse(lines[0] ?? '{}') as Record<string, unknown>)['traceId'], undefined);
  });

  test('with tracing on: log lines carry the active trace and span ids, and a remote parent is continued', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = installTracing({ serviceName: 'svc', spanExporter: exporter, processing: 'simple' });
    try {
      const lines: string[] = [];
      const logger = new StructuredLogger('svc', 'info', (line) => lines.push(line));
      const headers = await inSpan(
        'handle request',
        { kind: SpanKind.SERVER, parent: extractTraceContext({ TraceParent: CLIENT_TRACEPARENT }) },
        () => {
          logger.child({ tenantId: 't-1' }).info('inside');
          return inClientSpan('zoho records.list', { 'crm_bridge.zoho.operation': 'records.list' }, () => traceContextHeaders());
        },
      );
      logger.info('outside');
      const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const [client, server] = exporter.getFinishedSpans();
      assert.equal(server?.spanContext().traceId, CLIENT_TRACE_ID);
      assert.equal(server?.parentSpanContext?.spanId, '00f067aa0ba902b7');
      assert.equal(inside?.['traceId'], CLIENT_TRACE_ID);
      assert.equal(inside?.['spanId'], server?.spanContext().spanId);
      assert.equal(inside?.['tenantId'], 't-1');
      assert.equal(outside?.['traceId'], undefined);
      assert.equal(client?.parentSpanContext?.spanId, server?.spanContext().spanId);
      assert.deepEqual(headers, { traceparent: `00-${CLIENT_TRACE_ID}-${client?.spanContext().spanId}-01` });
    } finally {
      await tracing.shutdown();
    }
  });

  test('a failed span records the error redacted, and a second installation is refused while one exists', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = installTracing({ serviceName: 'svc', spanExporter: exporter, processing: 'simple' });
    try {
      assert.throws(() => installTracing({ serviceName: 'again', spanExporter: exporter }), /already installed/);
      assert.equal(startTracing('svc', tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).enabled, true);
      const secret = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
      await assert.rejects(
        inSpan('refresh', {}, () => Promise.reject(new Error(`refresh failed for ${secret}`))),
        /refresh failed/,
      );
      const [span] = exporter.getFinishedSpans();
      assert.equal(span?.status.code, SpanStatusCode.ERROR);
      assert.ok(!JSON.stringify(span?.events).includes(secret));
      assert.ok(!String(span?.status.message).includes(secret));
      assert.match(String(span?.events[0]?.attributes?.['exception.message']), /\[REDACTED\]/);
    } finally {
      await tracing.shutdown();
    }
  });

  test('samplers: always_off records nothing but still propagates the decision', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = installTracing({
      serviceName: 'svc',
      spanExporter: exporter,
      processing: 'simple',
      sampler: samplerFor('always_off', 1),
    });
    try {
      const headers = await inSpan('dropped', {}, () => traceContextHeaders());
      assert.match(headers['traceparent'] ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      assert.equal(exporter.getFinishedSpans().length, 0);
    } finally {
      await tracing.shutdown();
    }
  });

  test('samplers: parentbased_traceidratio 0 drops new traces but follows a sampled caller', async () => {
    const exporter = new InMemorySpanExporter();
    const sampler = samplerFor('parentbased_traceidratio', 0);
    const tracing = installTracing({ serviceName: 'svc', spanExporter: exporter, processing: 'simple', sampler });
    try {
      await inSpan('new trace', {}, () => undefined);
      await inSpan('continued trace', { parent: extractTraceContext({ traceparent: CLIENT_TRACEPARENT }) }, () => undefined);
      assert.deepEqual(
        exporter.getFinishedSpans().map((span) => span.name),
        ['continued trace'],
      );
    } finally {
      await tracing.shutdown();
    }
  });
});
