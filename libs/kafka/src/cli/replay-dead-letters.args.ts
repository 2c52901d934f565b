import { CommandLineUsageError, parseCommandLine } from '@crm-bridge/command-line';
import { deadLetterTopicOf } from '@crm-bridge/contracts';

export const REPLAY_USAGE = `usage: node -r @swc-node/register libs/kafka/src/cli/replay-dead-letters.cli.ts --topic <topic or topic.dlq> [--brokers host:port,…] [--group <id>] [--timeout-ms <ms>]

Re-publishes the dead letters of <topic>.dlq not replayed before to <topic>, with their original
key, value and headers. --brokers defaults to KAFKA_BROKERS.`;

export interface ReplayArguments {
  readonly deadLetterTopic: string;
  readonly brokers: string[] | undefined;
  readonly groupId: string | undefined;
  readonly timeoutMs: number | undefined;
}

const OPTIONS = {
  topic: { type: 'string' },
  brokers: { type: 'string' },
  group: { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/**
 * Parses the replay command line (`node:util` `parseArgs`, strict); a bad flag throws
 * {@link CommandLineUsageError} naming it.
 */
export function parseReplayArgs(argv: readonly string[]): ReplayArguments {
  const { values } = parseCommandLine(argv, OPTIONS);
  const topic = values.topic;
  if (topic === undefined) {
    throw new CommandLineUsageError('--topic is required');
  }
  const timeout = values['timeout-ms'];
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
    throw new CommandLineUsageError('--timeout-ms must be a positive whole number of milliseconds');
  }
  const brokers = values.brokers;
  return {
    deadLetterTopic: topic.endsWith('.dlq') ? topic : deadLetterTopicOf(topic),
    brokers:
      brokers === undefined
        ? undefined
        : brokers
            .split(',')
            .map((broker) => broker.trim())
            .filter((broker) => broker.length > 0),
    groupId: values.group,
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  };
}
