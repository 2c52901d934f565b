import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signCallerContext } from './caller-context';
import { ANY_TENANT, ServiceTokenError, ServiceTokenErrorCode, signServiceToken, verifyServiceToken } from './service-token';

const secret = randomBytes(32).toString('hex');
const audience = { audience: 'auth-connector' };

async function refusal(token: string | null, options: Parameters<typeof verifyServiceToken>[2] = audience, key = secret) {
  try {
    await verifyServiceToken(token, key, options);
  } catch (error) {
    assert.ok(error instanceof ServiceTokenError, String(error));
    return error.code;
  }
  return 'accepted';
}

describe('service tokens', () => {
  test('carry the calling service and its one tenant to the audience', async () => {
    const token = await signServiceToken({ service: 'sync-engine', tenantId: 'tenant-1' }, secret, audience);
    assert.deepEqual(await verifyServiceToken(token, secret, audience), { service: 'sync-engine', tenantId: 'tenant-1' });
  });

  test('forged, expired, other-audience, missing and caller-context tokens are refused with a code', async () => {
    const token = await signServiceToken({ service: 'sync-engine', tenantId: 'tenant-1' }, secret, audience);
    assert.equal(await refusal(token, audience, randomBytes(32).toString('hex')), ServiceTokenErrorCode.BadSignature);
    const [header, payload] = token.split('.');
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), tenant_id: 'tenant-2' }),
    ).toString('base64url');
    assert.equal(await refusal(`${header}.${widened}.${token.split('.')[2]}`), ServiceTokenErrorCode.BadSignature);
    assert.equal(await refusal(token, { ...audience, nowSeconds: Math.floor(Date.now() / 1000) + 120 }), ServiceTokenErrorCode.Expired);
    assert.equal(await refusal(token, { audience: 'mapping-config' }), ServiceTokenErrorCode.WrongAudience);
    assert.equal(await refusal(null), ServiceTokenErrorCode.Missing);
    const callerContext = await signCallerContext({ tenantId: 'tenant-1', userId: 'u', roles: ['admin'] }, secret, audience);
    assert.equal(await refusal(callerContext), ServiceTokenErrorCode.Malformed);
    assert.equal(await refusal('not.a.jwt'), ServiceTokenErrorCode.Malformed);
  });

  test('a service cannot sign as the gateway nor without a tenant', async () => {
    await assert.rejects(signServiceToken({ service: 'crm-bridge-gateway', tenantId: 't' }, secret, audience), /caller contexts only/);
    await assert.rejects(signServiceToken({ service: 'sync-engine', tenantId: '' }, secret, audience), /tenantId is required/);
  });

  test('a token for any tenant is accepted only where the endpoint asks for it', async () => {
    const token = await signServiceToken({ service: 'gateway', tenantId: ANY_TENANT }, secret, audience);
    assert.equal(await refusal(token), ServiceTokenErrorCode.Malformed);
    assert.deepEqual(await verifyServiceToken(token, secret, { ...audience, anyTenant: true }), {
      service: 'gateway',
      tenantId: ANY_TENANT,
    });
    const oneTenant = await signServiceToken({ service: 'gateway', tenantId: 'tenant-1' }, secret, audience);
    assert.equal((await verifyServiceToken(oneTenant, secret, { ...audience, anyTenant: true })).tenantId, 'tenant-1');
  });
});
