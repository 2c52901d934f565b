/** Options of `npm run sandbox` (`scripts/zoho-sandbox.ts`). */
export interface SandboxCliOptions {
  port: number;
  host: string;
  accessTokenTtlSeconds: number;
  seedDemo: boolean;
  snapshotFile: string | null;
}

export type SandboxCliCommand = { kind: 'run'; options: SandboxCliOptions } | { kind: 'help' };

export const SANDBOX_CLI_USAGE = `Usage: zoho-sandbox [--port <port>] [--host <host>] [--access-token-ttl <seconds>] [--snapshot <file>] [--no-demo]

Runs the Zoho CRM sandbox in the foreground: every Zoho data centre's accounts server and API
under /dc/{location}/..., the admin API under /__admin/. State lives in memory.

  --port <port>                TCP port, 0-65535 (0 picks a free port)           default 4010
  --host <host>                interface to listen on                            default 127.0.0.1
  --access-token-ttl <seconds> access-token lifetime, 1-86400                    default 3600 (Zoho's)
  --snapshot <file>            restore state from <file> if it exists, save it there on stop
                               (a restored sandbox is not seeded again)
  --no-demo                    start empty instead of seeding the demo org
  --help                       show this help

Prints one JSON line {"event":"listening",...} with the URLs and the demo org's credentials.
Stops on SIGINT or SIGTERM.`;

export class CliUsageError extends Error {}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new CliUsageError(`${flag} must be from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function parseCliArgs(argv: readonly string[]): SandboxCliCommand {
  if (argv.includes('--help')) {
    return { kind: 'help' };
  }
  const options: SandboxCliOptions = { port: 4010, host: '127.0.0.1', accessTokenTtlSeconds: 3600, seedDemo: true, snapshotFile: null };
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (!argument.startsWith('--')) {
      throw new CliUsageError(`unexpected argument "${argument}"`);
    }
    const [flag, inlineValue] = argument.includes('=')
      ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
      : [argument, undefined];
    if (seen.has(flag)) {
      throw new CliUsageError(`${flag} was given more than once`);
    }
    seen.add(flag);
    if (flag === '--no-demo') {
      if (inlineValue !== undefined) {
        throw new CliUsageError('--no-demo takes no value');
      }
      options.seedDemo = false;
      continue;
    }
    if (!['--port', '--host', '--access-token-ttl', '--snapshot'].includes(flag)) {
      throw new CliUsageError(`unknown flag ${flag}`);
    }
    let value = inlineValue;
    if (value === undefined) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new CliUsageError(`${flag} needs a value`);
      }
      value = next;
      index += 1;
    }
    if (flag === '--port') {
      options.port = wholeNumber('--port', value, 0, 65535);
    } else if (flag === '--access-token-ttl') {
      options.accessTokenTtlSeconds = wholeNumber('--access-token-ttl', value, 1, 86_400);
    } else if (value.trim() === '') {
      throw new CliUsageError(`${flag} needs a value`);
    } else if (flag === '--snapshot') {
      options.snapshotFile = value;
    } else {
      options.host = value;
    }
  }
  return { kind: 'run', options };
}
