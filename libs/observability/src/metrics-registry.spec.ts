import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DISTINCT_OPERATION_NAMES, METRIC_NAMES, PLANNED_METRIC_NAMES, ServiceMetrics } from './index';

const NAMING_CONVENTION = /^crm_bridge_[a-z0-9_]+$/;

test('every catalogued metric is exposed, with the service label, and follows the naming convention', async () => {
  const metrics = new ServiceMetrics('sync-engine');
  metrics.recordHttpRequest({ method: 'POST', route: '/graphql', status: 200 }, 0.012);
  const { body } = await metrics.render();
  for (const name of Object.values(METRIC_NAMES)) {
    assert.match(name, NAMING_CONVENTION);
    assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exposed`);
  }
  assert.match(body, /^crm_bridge_http_requests_total\{[^}]*service="sync-engine"[^}]*\} 1$/m);
  assert.match(body, /^crm_bridge_http_request_duration_seconds_bucket\{[^}]*le="0.025"[^}]*route="\/graphql"[^}]*\} 1$/m);
});

test('counters end in _total, durations in _seconds, and planned names are not exposed yet', async () => {
  const { body } = await new ServiceMetrics('gateway').render();
  for (const match of body.matchAll(/^# TYPE (crm_bridge_\S+) (\w+)$/gm)) {
    const [, name, type] = match;
    if (type === 'counter') {
      assert.match(name ?? '', /_total$/);
    }
    if (type === 'histogram') {
      assert.match(name ?? '', /_seconds$/);
    }
  }
  for (const name of Object.values(PLANNED_METRIC_NAMES)) {
    assert.match(name, NAMING_CONVENTION);
    assert.ok(!body.includes(`# TYPE ${name} `), `${name} must wait for its feature`);
  }
});

test('GraphQL operation names are capped so clients cannot grow the series count without bound', async () => {
  const metrics = new ServiceMetrics('gateway');
  for (let index = 0; index < MAX_DISTINCT_OPERATION_NAMES + 50; index += 1) {
    metrics.recordGraphqlOperation({ name: `Invented${index}`, type: 'query', outcome: 'ok' }, 0.001);
  }
  metrics.recordGraphqlOperation({ name: 'Invented0', type: 'query', outcome: 'ok' }, 0.001);
  metrics.recordGraphqlOperation({ name: undefined, type: 'mutation', outcome: 'error' }, 0.001);
  const { body } = await metrics.render();
  const series = body.split('\n').filter((line) => line.startsWith('crm_bridge_graphql_operations_total{'));
  assert.equal(series.length, MAX_DISTINCT_OPERATION_NAMES + 2, 'the first names, then `other`, then `anonymous`');
  assert.ok(series.some((line) => line.includes('operation="other"') && line.endsWith(' 50')));
  assert.ok(series.some((line) => line.includes('operation="Invented0"') && line.endsWith(' 2')));
  assert.ok(
    series.some((line) => line.includes('operation="anonymous"') && line.includes('type="mutation"') && line.includes('outcome="error"')),
  );
});

test('outbox backlog is measured at scrape time; a failing measurement drops its series instead of the scrape', async () => {
  const metrics = new ServiceMetrics('mapping-config');
  let backlog = { pendingEvents: 7, oldestPendingAgeSeconds: 42.5 };
  let databaseDown = false;
  const remove = metrics.addOutboxBacklogSource('mapping_config.outbox_events', () =>
    databaseDown ? Promise.reject(new Error('connection refused')) : Promise.resolve(backlog),
  );
  const first = (await metrics.render()).body;
  assert.match(first, /^crm_bridge_outbox_pending_events\{[^}]*table="mapping_config.outbox_events"[^}]*\} 7$/m);
  assert.match(first, /^crm_bridge_outbox_oldest_pending_age_seconds\{[^}]*table="mapping_config.outbox_events"[^}]*\} 42.5$/m);

  backlog = { pendingEvents: 0, oldestPendingAgeSeconds: 0 };
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  assert.match((await metrics.render()).body, /^crm_bridge_outbox_pending_events\{[^}]*\} 0$/m);

  databaseDown = true;
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  const whileDown = (await metrics.render()).body;
  assert.ok(!/^crm_bridge_outbox_pending_events\{/m.test(whileDown));
  assert.match(whileDown, /^crm_bridge_http_requests_total|^# TYPE crm_bridge_http_requests_total/m, 'the rest of the scrape is intact');

  databaseDown = false;
  remove();
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  assert.ok(!/^crm_bridge_outbox_pending_events\{/m.test((await metrics.render()).body), 'a removed source is no longer measured');
});
