import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideByPolicy } from './conflict-decision';

const sides = (portalChangedAt: string, zohoChangedAt: string) => ({
  portalValue: 'portal',
  zohoValue: 'zoho',
  portalChangedAt: new Date(portalChangedAt),
  zohoChangedAt: new Date(zohoChangedAt),
});

describe('decideByPolicy', () => {
  const portalLater = sides('2026-03-01T10:00:01Z', '2026-03-01T10:00:00Z');

  test('ZOHO_WINS and PORTAL_WINS keep their side whatever changed last', () => {
    assert.deepEqual(decideByPolicy('ZOHO_WINS', portalLater), {
      resolution: 'ZOHO_VALUE',
      resolvedValue: 'zoho',
      policy: 'ZOHO_WINS',
      resolvedBy: 'policy:ZOHO_WINS',
    });
    assert.deepEqual(decideByPolicy('PORTAL_WINS', sides('2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z')), {
      resolution: 'PORTAL_VALUE',
      resolvedValue: 'portal',
      policy: 'PORTAL_WINS',
      resolvedBy: 'policy:PORTAL_WINS',
    });
  });

  test('LATEST_CHANGE_WINS keeps the later side; a tie keeps Zoho', () => {
    assert.equal(decideByPolicy('LATEST_CHANGE_WINS', portalLater)?.resolvedValue, 'portal');
    assert.equal(decideByPolicy('LATEST_CHANGE_WINS', sides('2026-03-01T10:00:00Z', '2026-03-01T10:00:00.001Z'))?.resolvedValue, 'zoho');
    assert.equal(decideByPolicy('LATEST_CHANGE_WINS', sides('2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'))?.resolvedValue, 'zoho');
  });

  test('MANUAL_REVIEW decides nothing', () => {
    assert.equal(decideByPolicy('MANUAL_REVIEW', portalLater), null);
  });
});
