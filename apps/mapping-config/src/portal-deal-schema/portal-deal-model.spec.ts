import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPortalDealModel } from './portal-deal-model';

test("the portal deal model names fields by API name and keeps picklist options and the phases' order", () => {
  const model = toPortalDealModel({
    phases: [
      { name: 'Registered', outcome: 'OPEN' },
      { name: 'Won', outcome: 'WON' },
      { name: 'Lost', outcome: 'LOST' },
    ],
    fields: [
      { apiName: 'phase', label: 'Phase', type: 'PICKLIST', standard: true, options: ['Registered', 'Won', 'Lost'] },
      { apiName: 'seats', label: 'Seats', type: 'INTEGER', standard: false, options: [] },
    ],
  });
  assert.deepEqual(model, {
    phases: [
      { name: 'Registered', outcome: 'OPEN' },
      { name: 'Won', outcome: 'WON' },
      { name: 'Lost', outcome: 'LOST' },
    ],
    fields: [
      { name: 'phase', type: 'PICKLIST', maxLength: null, picklistValues: ['Registered', 'Won', 'Lost'] },
      { name: 'seats', type: 'INTEGER', maxLength: null, picklistValues: [] },
    ],
  });
});
