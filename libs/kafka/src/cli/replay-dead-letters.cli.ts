/**
 * Replays a dead-letter topic into its source topic:
 *
 *   node -r @swc-node/register libs/kafka/src/cli/replay-dead-letters.cli.ts --topic crm-bridge.mappings.v1 [--brokers 127.0.0.1:9092]
 *
 * Prints one JSON line with what was replayed. Exit codes: 0 done, 1 failed, 2 bad arguments,
 * 78 no brokers configured.
 */
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { ConfigValidationError, loadConfig } from '@crm-bridge/config';
import { createKafkaClient, kafkaConfigSchema } from '../kafka-client';
import { EventPublisher } from '../event-publisher';
import { replayDeadLetters } from '../dead-letter-replay';
import { parseReplayArgs, REPLAY_USAGE, type ReplayArguments } from './replay-dead-letters.args';

async function main(): Promise<void> {
  let args: ReplayArguments;
  try {
    args = parseReplayArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CommandLineUsageError)) {
      throw error;
    }
    process.stderr.write(`replay-dead-letters: ${error.message}\n\n${REPLAY_USAGE}\n`);
    process.exit(2);
  }
  const brokers = args.brokers ?? loadConfig('replay-dead-letters', kafkaConfigSchema, process.env).KAFKA_BROKERS;
  const kafka = createKafkaClient({ clientId: 'crm-bridge-dlq-replay', brokers });
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  try {
    const report = await replayDeadLetters(kafka, {
      deadLetterTopic: args.deadLetterTopic,
      publisher,
      ...(args.groupId === undefined ? {} : { groupId: args.groupId }),
      ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    });
    process.stdout.write(`${JSON.stringify({ deadLetterTopic: args.deadLetterTopic, ...report })}\n`);
  } finally {
    await publisher.disconnect();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`replay-dead-letters: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
