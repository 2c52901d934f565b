/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment -- these tests break one field deep inside parsed YAML */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkComposeRules, validateComposeSchema } from './compose-checks';
import { readKafkaTopicPlan } from './kafka-topic-plan';
import { parseYamlDocuments } from './manifest-documents';

const repositoryRoot = resolve(__dirname, '../..');
const composeDirectory = join(repositoryRoot, 'docker');
const composeText = readFileSync(join(composeDirectory, 'compose.yaml'), 'utf8');
const ruleOptions = {
  composeDirectory,
  topicPlan: readKafkaTopicPlan(repositoryRoot),
  migratingServices: ['auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver'],
};

/** A fresh parse of docker/compose.yaml (merge keys applied) to break in one test. */
function compose(): Record<string, any> {
  return parseYamlDocuments(composeText, 'docker/compose.yaml')[0] as Record<string, any>;
}

describe('docker/compose.yaml', () => {
  test('validates against the Compose Specification schema', () => {
    assert.deepEqual(validateComposeSchema(compose()), []);
  });

  test('passes our rules: hardened, healthy, ordered, migrated first, documented, topics as planned', () => {
    assert.deepEqual(checkComposeRules(compose(), ruleOptions), []);
  });

  test('runs PostgreSQL, Kafka, every service and the gateway; the sandbox only under its profile', () => {
    const services = compose()['services'] as Record<string, { profiles?: string[] }>;
    for (const name of ['postgres', 'kafka', 'gateway', 'auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver']) {
      assert.ok(name in services, `${name} is missing`);
    }
    assert.deepEqual(services['zoho-sandbox']?.profiles, ['sandbox']);
  });

  test('the schema check fails on an unknown key and on a bad depends_on condition', () => {
    const unknownKey = compose();
    unknownKey['services']['gateway']['helthcheck'] = {};
    assert.ok(
      validateComposeSchema(unknownKey).some((violation) => violation.service === 'gateway' && /helthcheck/.test(violation.message)),
    );
    const badCondition = compose();
    badCondition['services']['gateway']['depends_on']['sync-engine'] = { condition: 'service_ready' };
    assert.ok(validateComposeSchema(badCondition).some((violation) => violation.service === 'gateway'));
    const badDuration = compose();
    badDuration['services']['kafka']['healthcheck']['interval'] = 'ten seconds';
    assert.ok(validateComposeSchema(badDuration).some((violation) => violation.service === 'kafka' && /format/.test(violation.message)));
  });

  const ruleCases: [string, (document: Record<string, any>) => void, string, RegExp][] = [
    ['a service without health check', (d) => delete d['services']['sync-engine']['healthcheck'], 'sync-engine', /has no healthcheck/],
    ['a writable root file system', (d) => (d['services']['gateway']['read_only'] = false), 'gateway', /read_only must be true/],
    ['running as root', (d) => (d['services']['gateway']['user'] = '0:0'), 'gateway', /user must be a non-root uid/],
    [
      'serving before migrations',
      (d) => delete d['services']['sync-engine']['depends_on']['sync-engine-migrate'],
      'sync-engine',
      /must depend on sync-engine-migrate with condition service_completed_successfully/,
    ],
    [
      'waiting only for a start',
      (d) => (d['services']['gateway']['depends_on']['sync-engine'] = { condition: 'service_started' }),
      'gateway',
      /waits only for a start/,
    ],
    [
      'the sandbox without its profile',
      (d) => delete d['services']['zoho-sandbox']['profiles'],
      'zoho-sandbox',
      /only under the `sandbox` profile/,
    ],
    [
      'an env file without an example',
      (d) => d['services']['gateway']['env_file'].push('env/secret.env'),
      'gateway',
      /env\/secret.env has no documented/,
    ],
    [
      'a topic with other partitions than planned',
      (d) =>
        (d['services']['kafka-topics']['command'][0] = d['services']['kafka-topics']['command'][0].replace(
          'crm-bridge.connections.v1 6',
          'crm-bridge.connections.v1 3',
        )),
      'kafka-topics',
      /crm-bridge.connections.v1 is created with 3 partitions, planned 6/,
    ],
  ];
  for (const [description, breakIt, service, message] of ruleCases) {
    test(`the rules catch ${description}`, () => {
      const document = compose();
      breakIt(document);
      const violations = checkComposeRules(document, ruleOptions);
      assert.ok(
        violations.some((violation) => violation.service === service && message.test(violation.message)),
        `expected ${String(message)} for ${service}, got ${JSON.stringify(violations)}`,
      );
    });
  }
});
