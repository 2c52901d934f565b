import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';

const SCRIPT = resolve(__dirname, '../../../../scripts/kafka-dev-broker.ts');

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, ['--require', '@swc-node/register', SCRIPT, ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the first stdout line; rejects if the process exits first. */
function firstLine(cli: RunningCli): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const check = (): void => {
      const newline = cli.stdout().indexOf('\n');
      if (newline >= 0) {
        cli.child.stdout.off('data', check);
        resolveLine(cli.stdout().slice(0, newline));
      }
    };
    cli.child.stdout.on('data', check);
    void cli.exited.then(({ code }) => reject(new Error(`CLI exited (${code}) before listening: ${cli.stderr()}`)));
  });
}

describe('scripts/kafka-dev-broker.ts', () => {
  const started: RunningCli[] = [];
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
    const announcement = JSON.parse(await firstLine(cli)) as { event: string; host: string; port: number; dataDir: string };
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
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.match(cli.stderr(), /"msg":"kafka dev broker stopped"/);
  });

  test('rejects bad arguments with exit code 2 and a message naming the flag', async () => {
    const cli = runCli(['--port', '0', '--partitions', 'many']);
    started.push(cli);
    assert.deepEqual(await cli.exited, { code: 2, signal: null });
    assert.match(cli.stderr(), /--partitions must be a whole number from 1 to 10000, got "many"/);
    assert.match(cli.stderr(), /Usage: kafka-dev-broker --port <port>/);
    assert.equal(cli.stdout(), '');
  });
});
