import { SignJWT } from 'jose';
import type { CallerContext } from '@crm-bridge/caller-context';

/**
 * Mints HS256 user tokens: for local mode's demo user (`npm start`), `npm run token:mint`, tests
 * and benchmarks. Production tokens come from the identity provider.
 */
export async function issueUserToken(caller: CallerContext, secret: string, options: { expiresIn?: string } = {}): Promise<string> {
  return new SignJWT({ tenant_id: caller.tenantId, roles: [...caller.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
