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

/** A command-line mistake; the message names the flag and what it expects. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

const FLAGS = new Set(['--port', '--host', '--data-dir', '--partitions']);

/** Parses `--flag value` and `--flag=value` forms; every flag may appear once. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--help' || argument === '-h') {
      return { kind: 'help' };
    }
    const equals = argument.indexOf('=');
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    if (!FLAGS.has(flag)) {
      throw new CliUsageError(
        argument.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument "${argument}" (flags take the form --name value)`,
      );
    }
    let value: string | undefined;
    if (equals > 0) {
      value = argument.slice(equals + 1);
    } else {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined || value === '' || FLAGS.has(value)) {
      throw new CliUsageError(`${flag} needs a value`);
    }
    if (values.has(flag)) {
      throw new CliUsageError(`${flag} was given more than once`);
    }
    values.set(flag, value);
  }

  const port = values.get('--port');
  if (port === undefined) {
    throw new CliUsageError('--port is required (0-65535; 0 picks a free port)');
  }
  return {
    kind: 'run',
    options: {
      port: parseInteger('--port', port, 0, 65535),
      host: values.get('--host') ?? '127.0.0.1',
      dataDir: values.get('--data-dir') ?? null,
      partitions: parseInteger('--partitions', values.get('--partitions') ?? '1', 1, 10_000),
    },
  };
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw new CliUsageError(`${flag} must be from ${min} to ${max}, got ${value}`);
  }
  return value;
}
