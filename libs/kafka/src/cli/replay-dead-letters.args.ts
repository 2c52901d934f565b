import { deadLetterTopicOf } from '@crm-bridge/contracts';

export const REPLAY_USAGE = `usage: node -r @swc-node/register libs/kafka/src/cli/replay-dead-letters.cli.ts --topic <topic or topic.dlq> [--brokers host:port,…] [--group <id>] [--timeout-ms <ms>]

Re-publishes the dead letters of <topic>.dlq not replayed before to <topic>, with their original
key, value and headers. --brokers defaults to KAFKA_BROKERS.`;

export class ReplayUsageError extends Error {}

export interface ReplayArguments {
  readonly deadLetterTopic: string;
  readonly brokers: string[] | undefined;
  readonly groupId: string | undefined;
  readonly timeoutMs: number | undefined;
}

/** Parses the replay command line; a bad flag throws {@link ReplayUsageError} naming it. */
export function parseReplayArgs(argv: readonly string[]): ReplayArguments {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? '';
    const value = argv[index + 1];
    if (!['--topic', '--brokers', '--group', '--timeout-ms'].includes(flag)) {
      throw new ReplayUsageError(`unknown argument ${flag}`);
    }
    if (value === undefined || value.startsWith('--')) {
      throw new ReplayUsageError(`${flag} needs a value`);
    }
    values.set(flag, value);
  }
  const topic = values.get('--topic');
  if (!topic) {
    throw new ReplayUsageError('--topic is required');
  }
  const timeout = values.get('--timeout-ms');
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
    throw new ReplayUsageError('--timeout-ms must be a positive whole number of milliseconds');
  }
  const brokers = values.get('--brokers');
  return {
    deadLetterTopic: topic.endsWith('.dlq') ? topic : deadLetterTopicOf(topic),
    brokers:
      brokers === undefined
        ? undefined
        : brokers
            .split(',')
            .map((broker) => broker.trim())
            .filter((broker) => broker.length > 0),
    groupId: values.get('--group'),
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  };
}
