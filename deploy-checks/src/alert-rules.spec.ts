import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { METRIC_NAMES, PLANNED_METRIC_NAMES, SYNC_METRIC_NAMES } from '@crm-bridge/observability';

const rules = readFileSync(join(resolve(__dirname, '../..'), 'k8s/monitoring/prometheus-rules.yaml'), 'utf8');

test('every CRM Bridge metric an alert rule reads is one a service exposes (a misspelt name would never fire)', () => {
  const known = new Set([...Object.values(METRIC_NAMES), ...Object.values(SYNC_METRIC_NAMES), ...Object.values(PLANNED_METRIC_NAMES)]);
  const referenced = [
    ...new Set([...rules.matchAll(/\b(crm_bridge_[a-z0-9_]+?)(?:_bucket|_count|_sum)?\b/g)].map((match) => match[1] as string)),
  ];
  assert.ok(referenced.includes(SYNC_METRIC_NAMES.workOverdue), 'the rules were read');
  assert.deepEqual(
    referenced.filter((name) => !known.has(name as never)),
    [],
  );
});

test('every alert links to its runbook entry in docs/operations.md', () => {
  const operations = readFileSync(join(resolve(__dirname, '../..'), 'docs/operations.md'), 'utf8');
  const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((match) => match[1] as string);
  assert.ok(alerts.length > 10);
  for (const alert of alerts) {
    assert.match(rules, new RegExp(`runbook: docs/operations.md#${alert.toLowerCase()}\\b`), alert);
    assert.match(operations, new RegExp(`^#### ${alert}$`, 'm'), alert);
  }
});
