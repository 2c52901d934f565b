import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { readableBatchFailure, readableZohoRefusal } from './zoho-refusal';

const definition: Pick<MappingDefinition, 'fieldMappings' | 'zohoDefaults'> = {
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'tier', zohoField: 'Lead_Source', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
    { portalField: 'notes', zohoField: 'Description', direction: 'BOTH', valueMap: [] },
    { portalField: 'ref', zohoField: 'Reference', direction: 'BOTH', valueMap: [] },
  ],
  zohoDefaults: [],
};

describe('readableZohoRefusal', () => {
  test('a mandatory Zoho field nothing maps to says so and how to fix it', () => {
    assert.deepEqual(
      readableZohoRefusal(
        { code: 'MANDATORY_NOT_FOUND', zohoField: 'Region__c', message: 'required field not found', details: {} },
        definition,
        {
          Deal_Name: 'Acme',
        },
      ),
      { field: null, reason: 'Zoho requires Region__c and no portal field maps to it: map one to it or give it a default in the mapping' },
    );
  });

  test('a mandatory Zoho field a portal field maps to names the empty portal field', () => {
    assert.deepEqual(
      readableZohoRefusal(
        { code: 'MANDATORY_NOT_FOUND', zohoField: 'Deal_Name', message: 'required field not found', details: {} },
        definition,
        {},
      ),
      { field: 'name', reason: 'Zoho requires Deal_Name and portal field name has no value' },
    );
  });

  test('a picklist value Zoho refuses names the value, the Zoho field and the portal field', () => {
    assert.deepEqual(
      readableZohoRefusal(
        { code: 'INVALID_DATA', zohoField: 'Lead_Source', message: 'invalid data', details: { expected_data_type: 'picklist' } },
        definition,
        { Lead_Source: 'Platinum' },
      ),
      { field: 'tier', reason: 'Zoho refused "Platinum" for Lead_Source (portal field tier): not one of its picklist values' },
    );
  });

  test("a stage outside the deal's pipeline is the portal phase's problem, naming stage and pipeline", () => {
    assert.deepEqual(
      readableZohoRefusal(
        { code: 'INVALID_DATA', zohoField: 'Stage', message: "Pipeline doesn't contain the Stage", details: {} },
        definition,
        { Stage: 'Negotiation', Pipeline: 'Partner Channel' },
      ),
      {
        field: 'phase',
        reason: 'Zoho refused stage "Negotiation": it is not a stage of pipeline "Partner Channel" (check the stage mapping)',
      },
    );
  });

  test('too long and wrong type say what Zoho takes', () => {
    assert.equal(
      readableZohoRefusal(
        { code: 'INVALID_DATA', zohoField: 'Description', message: 'invalid data', details: { maximum_length: 10 } },
        definition,
        { Description: 'far too long a text' },
      ).reason,
      'Zoho refused "far too long a text" for Description (portal field notes): longer than the 10 characters it takes',
    );
    assert.equal(
      readableZohoRefusal(
        { code: 'INVALID_DATA', zohoField: 'Amount', message: 'invalid data', details: { expected_data_type: 'double' } },
        definition,
        {
          Amount: 'lots',
        },
      ).reason,
      'Zoho refused "lots" for Amount: it takes a double value',
    );
  });

  test('a duplicate on a unique field names the other Zoho deal', () => {
    assert.deepEqual(
      readableZohoRefusal(
        {
          code: 'DUPLICATE_DATA',
          zohoField: 'Reference',
          message: 'duplicate data',
          details: { duplicate_record: { id: '4150868000000002175' } },
        },
        definition,
        { Reference: 'R-1' },
      ),
      {
        field: 'ref',
        reason:
          'Zoho refused "R-1" for Reference (portal field ref): another Zoho deal (Zoho deal 4150868000000002175) already has it and the field must be unique',
      },
    );
  });

  test("an unknown code keeps Zoho's code and words", () => {
    assert.deepEqual(
      readableZohoRefusal({ code: 'NOT_APPROVED', zohoField: null, message: 'record not approved', details: {} }, definition, null),
      {
        field: null,
        reason: 'Zoho refused the deal (NOT_APPROVED): record not approved',
      },
    );
  });
});

describe('readableBatchFailure', () => {
  test('a connection that is not connected says to reconnect', () => {
    const error = Object.assign(new Error('connection is NEEDS_REAUTH'), {
      name: 'ConnectionTokenError',
      code: 'CONNECTION_NOT_CONNECTED',
    });
    assert.equal(
      readableBatchFailure(error),
      'the Zoho connection is not usable (CONNECTION_NOT_CONNECTED): reconnect Zoho; the changes stay queued until then',
    );
  });

  test("Zoho's 429s and 5xx after retries are retried later", () => {
    const limited = Object.assign(new Error('too many'), { name: 'ZohoRateLimitError', code: 'TOO_MANY_REQUESTS' });
    assert.match(readableBatchFailure(limited), /429 Too Many Requests/);
    const down = Object.assign(new Error('internal'), { name: 'ZohoServerError', code: 'INTERNAL_ERROR' });
    assert.equal(
      readableBatchFailure(down),
      'Zoho could not be reached or failed after retries (INTERNAL_ERROR); the changes are retried later',
    );
  });
});
