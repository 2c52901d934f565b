import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { runNodeProcess, type RunningNodeProcess } from '@crm-bridge/testing';
import { Kafka, logLevel } from 'kafkajs';

const SCRIPT = resolve(__dirname, '../../../../scripts/kafka-dev-broker.ts');

function runCli(args: string[]): RunningNodeProcess {
  return runNodeProcess([SCRIPT, ...args], { typescript: true });
}

describe('scripts/kafka-dev-broker.ts', () => {
  const started: RunningNodeProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-dev-broker-cli-'));

  after(() => {
    for (const cli of started) {
      cli.child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('listens, announces itself as one JSON line, serves kafkajs and stops on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--partitions', '3', '--data-dir', dataDir]);
    started.push(cli);
    const announcement = JSON.parse(await cli.firstLine()) as { event: string; host: string; port: number; dataDir: string };
    assert.equal(announcement.event, 'listening');
    assert.equal(announcement.host, '127.0.0.1');
    assert.equal(announcement.dataDir, dataDir);
    assert.ok(announcement.port > 0);

    const kafka = new Kafka({ clientId: 'cli-test', brokers: [`${announcement.host}:${announcement.port}`], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'cli-auto-created', messages: [{ value: 'hello' }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: ['cli-auto-created'] });
    assert.equal(metadata.topics[0]?.partitions.length, 3, '--partitions sets the auto-create default');
    await admin.disconnect();

    cli.child.kill('SIGTERM');
    const { code, signal } = await cli.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.match(cli.stderr(), /"msg":"kafka dev broker stopped"/);
  });

  test('rejects bad arguments with exit code 2 and a message naming the flag', async () => {
    const cli = runCli(['--port', '0', '--partitions', 'many']);
    started.push(cli);
    const { code, signal } = await cli.exited;
    assert.deepEqual({ code, signal }, { code: 2, signal: null });
    assert.match(cli.stderr(), /--partitions must be a whole number from 1 to 10000, got "many"/);
    assert.match(cli.stderr(), /Usage: kafka-dev-broker --port <port>/);
    assert.equal(cli.stdout(), '');
  });
});
