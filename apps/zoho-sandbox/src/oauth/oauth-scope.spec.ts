import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anyScopeGrants, parseScopeList, requiredScope } from './oauth-scope';

describe('OAuth scopes', () => {
  const dealsRead = requiredScope('ZohoCRM', 'modules', 'Deals', 'READ');
  const dealsCreate = requiredScope('ZohoCRM', 'modules', 'Deals', 'CREATE');

  test('ALL grants everything in its group; WRITE grants create, update and delete; names are case-insensitive', () => {
    assert.equal(anyScopeGrants(['ZohoCRM.modules.ALL'], dealsCreate), true);
    assert.equal(anyScopeGrants(['zohocrm.modules.deals.WRITE'], dealsCreate), true);
    assert.equal(anyScopeGrants(['ZohoCRM.modules.deals.WRITE'], dealsRead), false);
    assert.equal(anyScopeGrants(['ZohoCRM.modules.leads.ALL'], dealsRead), false);
    assert.equal(anyScopeGrants(['ZohoCRM.settings.ALL'], dealsRead), false);
  });

  test('custom covers custom modules only', () => {
    assert.equal(anyScopeGrants(['ZohoCRM.modules.custom.READ'], requiredScope('ZohoCRM', 'modules', 'Projects', 'READ', true)), true);
    assert.equal(anyScopeGrants(['ZohoCRM.modules.custom.READ'], dealsRead), false);
  });

  test('scope lists are comma-separated and every entry must look like a Zoho scope', () => {
    assert.deepEqual(parseScopeList('ZohoCRM.modules.ALL, ZohoCRM.org.READ'), {
      scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
      invalid: null,
    });
    assert.equal(parseScopeList('ZohoCRM.modules.ALL,everything').invalid, 'everything');
    assert.equal(parseScopeList('ZohoCRM.modules.deals.FLY').invalid, 'ZohoCRM.modules.deals.FLY');
  });
});
