/**
 * Runs the Kafka-protocol development broker in the foreground:
 *
 *   node -r @swc-node/register scripts/kafka-dev-broker.ts --port 9092 [--host 127.0.0.1] [--data-dir .data/kafka] [--partitions 3]
 *
 * Prints one JSON line on stdout once listening, logs JSON to stderr, and stops cleanly on
 * SIGINT/SIGTERM (a second signal forces exit). Dev and tests only: production uses Kafka/Redpanda.
 */
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { CLI_USAGE, KafkaDevBroker, parseCliArgs, type CliCommand } from '@crm-bridge/kafka-dev-broker';

async function main(): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CommandLineUsageError)) {
      throw error;
    }
    process.stderr.write(`kafka-dev-broker: ${error.message}\n\n${CLI_USAGE}\n`);
    process.exit(2);
  }
  if (command.kind === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const { options } = command;
  const broker = new KafkaDevBroker();
  const address = await broker.start({
    port: options.port,
    host: options.host,
    defaultPartitions: options.partitions,
    ...(options.dataDir === null ? {} : { dataDir: options.dataDir }),
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', host: address.host, port: address.port, dataDir: options.dataDir, bootstrap: `${address.host}:${address.port}` })}\n`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`kafka-dev-broker: ${signal} again, exiting without a clean stop\n`);
      process.exit(1);
    }
    stopping = true;
    broker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`kafka-dev-broker: failed to stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka-dev-broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
