import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import {
  CALLER_CONTEXT_ISSUER,
  CallerContextErrorCode,
  CallerContextSigner,
  signCallerContext,
  verifyCallerContext,
  type CallerContext,
} from './index';

const SECRET = 'a'.repeat(40);
const SUBGRAPH = 'sync-engine';
const caller: CallerContext = { tenantId: 'tenant-a', userId: 'user-1', roles: ['admin'] };
const NOW = 1_000;

async function rejectsWith(code: CallerContextErrorCode, verification: Promise<unknown>): Promise<void> {
  await assert.rejects(verification, (error: unknown) => {
    assert.equal((error as { code?: string }).code, code);
    return true;
  });
}

/** The claims {@link signCallerContext} puts in, for tokens a test builds by hand. */
function validClaims(): JWTPayload {
  return {
    sub: caller.userId,
    tenant_id: caller.tenantId,
    roles: [...caller.roles],
    iss: CALLER_CONTEXT_ISSUER,
    aud: SUBGRAPH,
    iat: NOW,
    exp: NOW + 60,
  };
}

const verifyAtNow = (header: string | undefined) => verifyCallerContext(header, SECRET, { audience: SUBGRAPH, nowSeconds: NOW });

test('a signed context is an HS256 JWT that verifies back to the same caller', async () => {
  const header = await signCallerContext(caller, SECRET, { audience: SUBGRAPH, nowSeconds: NOW });
  assert.deepEqual(decodeProtectedHeader(header), { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(decodeJwt(header), validClaims());
  assert.deepEqual(await verifyAtNow(header), caller);
});

test('an expired context is refused, after the clock tolerance', async () => {
  const header = await signCallerContext(caller, SECRET, { audience: SUBGRAPH, nowSeconds: NOW, ttlSeconds: 60 });
  assert.deepEqual(await verifyCallerContext(header, SECRET, { audience: SUBGRAPH, nowSeconds: NOW + 64 }), caller);
  await rejectsWith(CallerContextErrorCode.Expired, verifyCallerContext(header, SECRET, { audience: SUBGRAPH, nowSeconds: NOW + 65 }));
});

test('a context issued in the future is refused, beyond the clock tolerance', async () => {
  const header = await signCallerContext(caller, SECRET, { audience: SUBGRAPH, nowSeconds: NOW + 6 });
  await rejectsWith(CallerContextErrorCode.NotYetValid, verifyAtNow(header));
  const withinTolerance = await signCallerContext(caller, SECRET, { audience: SUBGRAPH, nowSeconds: NOW + 5 });
  assert.deepEqual(await verifyAtNow(withinTolerance), caller);
});

test('a context issued for another subgraph is refused', async () => {
  const forConflictResolver = await signCallerContext(caller, SECRET, { audience: 'conflict-resolver', nowSeconds: NOW });
  await rejectsWith(CallerContextErrorCode.WrongAudience, verifyAtNow(forConflictResolver));
});

test('a context from another issuer is refused, even signed with the right key', async () => {
  const header = await new SignJWT({ ...validClaims(), iss: 'somebody-else' })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
  await rejectsWith(CallerContextErrorCode.WrongIssuer, verifyAtNow(header));
});

test('forged contexts are refused: payload edited to another tenant, or signed with another key', async () => {
  const [protectedHeader, , signature] = (await signCallerContext(caller, SECRET, { audience: SUBGRAPH, nowSeconds: NOW })).split('.');
  const otherTenant = Buffer.from(JSON.stringify({ ...validClaims(), tenant_id: 'tenant-b' })).toString('base64url');
  await rejectsWith(CallerContextErrorCode.BadSignature, verifyAtNow(`${protectedHeader}.${otherTenant}.${signature}`));
  const otherKey = await signCallerContext(caller, 'b'.repeat(40), { audience: SUBGRAPH, nowSeconds: NOW });
  await rejectsWith(CallerContextErrorCode.BadSignature, verifyAtNow(otherKey));
});

test('only HS256 is accepted: unsigned (alg none), RS256 and HS512 with the right key are refused', async () => {
  const unsigned = new UnsecuredJWT(validClaims()).encode();
  await rejectsWith(CallerContextErrorCode.BadSignature, verifyAtNow(unsigned));
  const { privateKey } = await generateKeyPair('RS256');
  const rs256 = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
  await rejectsWith(CallerContextErrorCode.BadSignature, verifyAtNow(rs256));
  const hs512 = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET));
  await rejectsWith(CallerContextErrorCode.BadSignature, verifyAtNow(hs512));
});

test('malformed contexts are refused: not a JWT, a required claim or a caller claim missing', async () => {
  await rejectsWith(CallerContextErrorCode.Malformed, verifyAtNow('not-a-context'));
  await rejectsWith(CallerContextErrorCode.Malformed, verifyAtNow('v1.e30.c2ln'));
  const key = new TextEncoder().encode(SECRET);
  const withoutExpiry = validClaims();
  delete withoutExpiry.exp;
  const noExpiry = await new SignJWT(withoutExpiry).setProtectedHeader({ alg: 'HS256' }).sign(key);
  await rejectsWith(CallerContextErrorCode.Malformed, verifyAtNow(noExpiry));
  const withoutTenant = validClaims();
  delete withoutTenant['tenant_id'];
  const noTenant = await new SignJWT(withoutTenant).setProtectedHeader({ alg: 'HS256' }).sign(key);
  await assert.rejects(verifyAtNow(noTenant), (error: unknown) => {
    assert.equal((error as { code?: string }).code, CallerContextErrorCode.Malformed);
    assert.match((error as Error).message, /"tenant_id"/);
    return true;
  });
});

test('a missing context is refused', async () => {
  await rejectsWith(CallerContextErrorCode.Missing, verifyAtNow(undefined));
  await rejectsWith(CallerContextErrorCode.Missing, verifyAtNow(''));
});

test('the signer reuses one token per caller and subgraph for three quarters of its lifetime', async () => {
  let now = NOW;
  const signer = new CallerContextSigner(SECRET, { nowSeconds: () => now });
  const first = await signer.sign(caller, SUBGRAPH);
  now = NOW + 44;
  assert.equal(await signer.sign({ ...caller, roles: ['admin'] }, SUBGRAPH), first, 'an equal caller gets the same token');
  assert.notEqual(await signer.sign(caller, 'conflict-resolver'), first);
  assert.notEqual(await signer.sign({ ...caller, tenantId: 'tenant-b' }, SUBGRAPH), first);
  assert.notEqual(await signer.sign({ ...caller, roles: ['viewer'] }, SUBGRAPH), first);
  now = NOW + 45;
  const renewed = await signer.sign(caller, SUBGRAPH);
  assert.notEqual(renewed, first);
  assert.deepEqual(await verifyCallerContext(renewed, SECRET, { audience: SUBGRAPH, nowSeconds: now }), caller);
  assert.equal(decodeJwt(renewed).iat, NOW + 45);
});
