import { CommandLineUsageError, parseCommandLine, parseWholeNumberOption } from '@crm-bridge/command-line';

/** Options of the `kafka-dev-broker` command line (see `scripts/kafka-dev-broker.ts`). */
export interface CliOptions {
  port: number;
  host: string;
  dataDir: string | null;
  partitions: number;
}

export type CliCommand = { kind: 'run'; options: CliOptions } | { kind: 'help' };

export const CLI_USAGE = `Usage: kafka-dev-broker --port <port> [--host <host>] [--data-dir <dir>] [--partitions <n>]

Runs a single-node Kafka-protocol development broker in the foreground (dev and tests only).

  --port <port>        TCP port to listen on, 0-65535 (0 picks a free port)      required
  --host <host>        interface to listen on                                    default 127.0.0.1
  --data-dir <dir>     keep topics and committed offsets in this directory       default: in memory
  --partitions <n>     partitions of auto-created topics, 1-10000                default 1
  --help               show this help

Prints one JSON line {"event":"listening",...} on stdout when ready; logs go to stderr.
Stops cleanly on SIGINT or SIGTERM.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'data-dir': { type: 'string' },
  partitions: { type: 'string', default: '1' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Parses `--flag value` and `--flag=value` forms (`node:util` `parseArgs`, strict); every flag may
 * appear once. Mistakes throw {@link CommandLineUsageError} naming the flag.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    return { kind: 'help' };
  }
  if (values.port === undefined) {
    throw new CommandLineUsageError('--port is required (0-65535; 0 picks a free port)');
  }
  return {
    kind: 'run',
    options: {
      port: parseWholeNumberOption('--port', values.port, 0, 65535),
      host: values.host,
      dataDir: values['data-dir'] ?? null,
      partitions: parseWholeNumberOption('--partitions', values.partitions, 1, 10_000),
    },
  };
}
