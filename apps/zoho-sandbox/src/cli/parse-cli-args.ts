import { parseCommandLine, parseWholeNumberOption } from '@crm-bridge/command-line';

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

const OPTIONS = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  'access-token-ttl': { type: 'string', default: '3600' },
  snapshot: { type: 'string' },
  'no-demo': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/**
 * Parses the sandbox's flags (`node:util` `parseArgs`, strict); every flag may appear once.
 * Mistakes throw `CommandLineUsageError` naming the flag.
 */
export function parseCliArgs(argv: readonly string[]): SandboxCliCommand {
  // --help answers even when other flags are wrong.
  if (argv.includes('--help')) {
    return { kind: 'help' };
  }
  const { values } = parseCommandLine(argv, OPTIONS);
  return {
    kind: 'run',
    options: {
      port: parseWholeNumberOption('--port', values.port, 0, 65535),
      host: values.host,
      accessTokenTtlSeconds: parseWholeNumberOption('--access-token-ttl', values['access-token-ttl'], 1, 86_400),
      seedDemo: !values['no-demo'],
      snapshotFile: values.snapshot ?? null,
    },
  };
}
