/**
 * Runs the Zoho CRM sandbox in the foreground (`npm run sandbox -- --port 4010`):
 *
 *   node -r @swc-node/register scripts/zoho-sandbox.ts [--port 4010] [--host 127.0.0.1] [--access-token-ttl 3600] [--snapshot file] [--no-demo]
 *
 * Prints one JSON line on stdout once listening (URLs of every DC, the admin API and the demo
 * org's client credentials with a self-client grant code), logs JSON to stderr, and stops on
 * SIGINT/SIGTERM. Development and tests only: it emulates Zoho, it is not Zoho.
 */
import { CommandLineUsageError } from '@crm-bridge/command-line';
import { StructuredLogger } from '@crm-bridge/observability';
import {
  DATA_CENTRE_LOCATIONS,
  parseCliArgs,
  SANDBOX_CLI_USAGE,
  seedDemoOrg,
  ZohoSandbox,
  type SandboxCliCommand,
} from '../apps/zoho-sandbox/src';

async function main(): Promise<void> {
  let command: SandboxCliCommand;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CommandLineUsageError)) {
      throw error;
    }
    process.stderr.write(`zoho-sandbox: ${error.message}\n\n${SANDBOX_CLI_USAGE}\n`);
    process.exit(2);
  }
  if (command.kind === 'help') {
    process.stdout.write(`${SANDBOX_CLI_USAGE}\n`);
    return;
  }
  const { options } = command;
  const logger = new StructuredLogger('zoho-sandbox', 'info', (line) => process.stderr.write(`${line}\n`));
  const sandbox = await ZohoSandbox.start({
    port: options.port,
    host: options.host,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    logger,
    ...(options.snapshotFile === null ? {} : { snapshotFile: options.snapshotFile }),
  });
  // A sandbox restored from its snapshot already holds the demo org and its connection.
  const demoOrg = options.seedDemo && !sandbox.restored ? seedDemoOrg(sandbox) : null;
  process.stdout.write(
    `${JSON.stringify({
      event: 'listening',
      origin: sandbox.origin,
      port: sandbox.port,
      admin: `${sandbox.origin}/__admin`,
      dataCentres: Object.fromEntries(DATA_CENTRE_LOCATIONS.map((location) => [location, sandbox.urls(location)])),
      demoOrg,
      restoredFrom: sandbox.restored ? options.snapshotFile : null,
    })}\n`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`zoho-sandbox: ${signal} again, exiting without a clean stop\n`);
      process.exit(1);
    }
    stopping = true;
    sandbox.stop().then(
      () => {
        logger.info('zoho sandbox stopped', { signal });
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`zoho-sandbox: failed to stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`zoho-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
