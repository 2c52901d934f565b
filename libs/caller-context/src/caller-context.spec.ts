import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallerContextErrorCode, signCallerContext, verifyCallerContext } from './index';

const SECRET = 'a'.repeat(40);
const caller = { tenantId: 'tenant-a', userId: 'user-1', roles: ['admin'] };

function rejectsWith(code: CallerContextErrorCode, action: () => unknown) {
  assert.throws(action, (error: unknown) => (error as { code?: string }).code === code);
}

test('a signed context verifies back to the same caller', () => {
  assert.deepEqual(verifyCallerContext(signCallerContext(caller, SECRET), SECRET), caller);
});

test('missing, malformed and wrong-key contexts are refused', () => {
  rejectsWith(CallerContextErrorCode.Missing, () => verifyCallerContext(undefined, SECRET));
  rejectsWith(CallerContextErrorCode.Malformed, () => verifyCallerContext('not-a-context', SECRET));
  rejectsWith(CallerContextErrorCode.BadSignature, () => verifyCallerContext(signCallerContext(caller, 'b'.repeat(40)), SECRET));
});

test('a payload edited to another tenant no longer verifies', () => {
  const [version, payload, signature] = signCallerContext(caller, SECRET).split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...decoded, tid: 'tenant-b' })).toString('base64url');
  rejectsWith(CallerContextErrorCode.BadSignature, () => verifyCallerContext(`${version}.${forged}.${signature}`, SECRET));
});

test('an expired context is refused', () => {
  const header = signCallerContext(caller, SECRET, { nowSeconds: 1_000, ttlSeconds: 60 });
  assert.deepEqual(verifyCallerContext(header, SECRET, { nowSeconds: 1_060 }), caller);
  rejectsWith(CallerContextErrorCode.Expired, () => verifyCallerContext(header, SECRET, { nowSeconds: 1_061 }));
});
