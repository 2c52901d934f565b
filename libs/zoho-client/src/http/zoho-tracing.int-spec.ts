import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { inSpan, installTracing, SpanAttributes, type TracingInstallation } from '@crm-bridge/observability';
import { connectSandboxOrg, ZohoSandboxProcess, type ConnectedSandboxOrg, type SandboxOrgHandle } from '@crm-bridge/testing';

describe('Zoho calls in traces', () => {
  let sandbox: ZohoSandboxProcess;
  let org: SandboxOrgHandle;
  let connected: ConnectedSandboxOrg;
  let tracing: TracingInstallation;
  const exporter = new InMemorySpanExporter();

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
    org = await sandbox.createOrg({ location: 'us' });
    tracing = installTracing({ serviceName: 'zoho-client-test', spanExporter: exporter, processing: 'simple' });
    connected = await connectSandboxOrg(sandbox, org);
  });
  after(async () => {
    await tracing.shutdown();
    await sandbox.stop();
  });

  test('each Zoho call is a CLIENT span, child of the work that made it, without tokens or query strings', async () => {
    const [leadId] = await sandbox.seedRecords(org, 'Leads', [{ Last_Name: 'Traced', Email: 'traced@example.com' }]);
    exporter.reset();

    const record = await inSpan('sync lead', {}, () => connected.zoho.records.get(connected.orgRef, 'Leads', leadId!));
    assert.equal(record?.id, leadId);

    const spans = exporter.getFinishedSpans();
    const parent = spans.find((span) => span.name === 'sync lead');
    const zohoCalls = spans.filter((span) => span.attributes[SpanAttributes.zohoOperation] === 'records.get');
    assert.ok(parent, 'the enclosing span was exported');
    assert.equal(zohoCalls.length, 1, 'one attempt, one span');
    const [call] = zohoCalls;
    assert.equal(call!.kind, SpanKind.CLIENT);
    assert.equal(call!.name, 'zoho records.get');
    assert.equal(call!.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(call!.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(call!.attributes[SpanAttributes.httpResponseStatusCode], 200);
    const url = String(call!.attributes[SpanAttributes.urlFull]);
    assert.ok(url.endsWith(`/Leads/${leadId}`), url);
    assert.ok(!url.includes('?'), 'no query string in the span');
    const everything = JSON.stringify(spans.map((span) => span.attributes));
    assert.ok(!/oauthtoken|access_token|refresh_token/i.test(everything), 'no token in any attribute');
  });
});
