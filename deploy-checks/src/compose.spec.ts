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
    [
      "auth-connector's callback port not published",
      (d) => delete d['services']['auth-connector']['ports'],
      'auth-connector',
      /ZOHO_REDIRECT_URL http:\/\/127.0.0.1:4001\/oauth\/zoho\/callback is unreachable: no published port takes 127.0.0.1:4001 to the container's PORT 4001/,
    ],
    [
      'the callback published on another host port than ZOHO_REDIRECT_URL names',
      (d) => (d['services']['auth-connector']['ports'] = ['127.0.0.1:4011:4001']),
      'auth-connector',
      /is unreachable: no published port takes 127.0.0.1:4001/,
    ],
    [
      'the callback published onto another container port than PORT',
      (d) => (d['services']['auth-connector']['environment'] = { PORT: '4005' }),
      'auth-connector',
      /to the container's PORT 4005/,
    ],
    [
      'a ZOHO_REDIRECT_URL host the loopback-only port does not answer',
      (d) => (d['services']['auth-connector']['environment'] = { ZOHO_REDIRECT_URL: 'http://auth.example.com:4001/oauth/zoho/callback' }),
      'auth-connector',
      /is unreachable: no published port takes auth.example.com:4001/,
    ],
    [
      'a ZOHO_REDIRECT_URL on another path',
      (d) => (d['services']['auth-connector']['environment'] = ['ZOHO_REDIRECT_URL=http://127.0.0.1:4001/oauth/callback']),
      'auth-connector',
      /must end in \/oauth\/zoho\/callback, the route auth-connector serves/,
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

  // Equivalent spellings the callback rule accepts, so its failures above are not a string match on today's file.
  const callbackEquivalents: [string, (document: Record<string, any>) => void][] = [
    [
      'the long port syntax',
      (d) => (d['services']['auth-connector']['ports'] = [{ target: 4001, published: '4001', host_ip: '127.0.0.1', protocol: 'tcp' }]),
    ],
    [
      'localhost for 127.0.0.1',
      (d) => (d['services']['auth-connector']['environment'] = { ZOHO_REDIRECT_URL: 'http://localhost:4001/oauth/zoho/callback' }),
    ],
    [
      'another host port named by both',
      (d) => {
        d['services']['auth-connector']['ports'] = ['127.0.0.1:8443:4001'];
        d['services']['auth-connector']['environment'] = { ZOHO_REDIRECT_URL: 'http://127.0.0.1:8443/oauth/zoho/callback' };
      },
    ],
  ];
  for (const [description, change] of callbackEquivalents) {
    test(`the callback rule accepts ${description}`, () => {
      const document = compose();
      change(document);
      assert.deepEqual(checkComposeRules(document, ruleOptions), []);
    });
  }
});
