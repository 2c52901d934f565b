import { randomBytes, randomUUID } from 'node:crypto';
import { CALLER_CONTEXT_HEADER, signCallerContext, type CallerContext } from '@crm-bridge/caller-context';

/** A signing secret made fresh for each test process. */
export const TEST_SIGNING_SECRET = randomBytes(32).toString('hex');

/**
 * Headers the subgraph named `subgraph` accepts: a caller context signed with
 * {@link TEST_SIGNING_SECRET} for that subgraph.
 */
export async function signedCallerHeaders(
  subgraph: string,
  caller: Partial<CallerContext> & { tenantId: string },
): Promise<Record<string, string>> {
  return {
    [CALLER_CONTEXT_HEADER]: await signCallerContext({ userId: 'test-user', roles: ['admin'], ...caller }, TEST_SIGNING_SECRET, {
      audience: subgraph,
    }),
  };
}

/** A tenant no other test uses, so each test sees only its own rows. */
export function newTenantId(): string {
  return `tenant-${randomUUID()}`;
}

/**
 * auth-connector's token encryption variables with a key made fresh for each test process, for
 * every test that starts auth-connector (it refuses to start without them).
 */
export const TEST_TOKEN_ENCRYPTION_ENVIRONMENT: Readonly<Record<'TOKEN_ENCRYPTION_KEYS' | 'TOKEN_ENCRYPTION_KEY_ID', string>> = {
  TOKEN_ENCRYPTION_KEYS: `test-key-1:${randomBytes(32).toString('base64')}`,
  TOKEN_ENCRYPTION_KEY_ID: 'test-key-1',
};
