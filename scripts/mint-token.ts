// Mints a user JWT for local mode: npm run token:mint -- --tenant <id> --user <id> [--roles a,b] [--expires 12h]
// Signs with JWT_HS256_SECRET if set, else with local mode's secret in .data/local-secrets.json.
import { CommandLineUsageError, parseCommandLine } from '@crm-bridge/command-line';
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { localSecrets } from './local-secrets';

const USAGE = 'usage: npm run token:mint -- --tenant <tenant id> --user <user id> [--roles admin,viewer] [--expires 12h]';

const OPTIONS = {
  tenant: { type: 'string' },
  user: { type: 'string' },
  roles: { type: 'string', default: 'admin' },
  expires: { type: 'string', default: '12h' },
} as const;

async function main(): Promise<void> {
  const { values } = parseCommandLine(process.argv.slice(2), OPTIONS);
  const { tenant: tenantId, user: userId } = values;
  if (tenantId === undefined || userId === undefined) {
    throw new CommandLineUsageError(`${tenantId === undefined ? '--tenant' : '--user'} is required`);
  }
  const roles = values.roles.split(',').filter((role) => role.length > 0);
  const secret = process.env['JWT_HS256_SECRET'] ?? localSecrets('.data').jwtSecret;
  console.log(await issueUserToken({ tenantId, userId, roles }, secret, { expiresIn: values.expires }));
}

main().catch((error: unknown) => {
  if (error instanceof CommandLineUsageError) {
    console.error(`mint-token: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
