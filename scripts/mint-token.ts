// Mints a user JWT for local mode: npm run token:mint -- --tenant <id> --user <id> [--roles a,b] [--expires 12h]
// Signs with JWT_HS256_SECRET if set, else with local mode's secret in .data/local-secrets.json.
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { localSecrets } from './local-secrets';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const tenantId = option('tenant');
  const userId = option('user');
  if (!tenantId || !userId) {
    throw new Error('usage: npm run token:mint -- --tenant <tenant id> --user <user id> [--roles admin,viewer] [--expires 12h]');
  }
  const roles = (option('roles') ?? 'admin').split(',').filter((role) => role.length > 0);
  const secret = process.env['JWT_HS256_SECRET'] ?? localSecrets('.data').jwtSecret;
  console.log(await issueUserToken({ tenantId, userId, roles }, secret, { expiresIn: option('expires') ?? '12h' }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
