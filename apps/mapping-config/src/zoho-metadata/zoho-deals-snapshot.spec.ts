import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ZohoFieldMeta, ZohoPipelineMeta } from '@crm-bridge/zoho-client';
import { dealOutcomeOfForecastType, toZohoDealsSnapshot, toZohoFieldSnapshot, UnreadableZohoMetadataError } from './zoho-deals-snapshot';

/** A field as Zoho's `/settings/fields` sends it (reference §3), trimmed to the keys that matter here. */
function field(apiName: string, dataType: string, extra: Record<string, unknown> = {}): ZohoFieldMeta {
  return {
    api_name: apiName,
    id: `id-${apiName}`,
    data_type: dataType,
    system_mandatory: false,
    read_only: false,
    field_read_only: false,
    length: 255,
    unique: {},
    external: null,
    pick_list_values: [],
    ...extra,
  };
}

const stage = (actual: string, forecastType: string, sequence: number, extra: Record<string, unknown> = {}) => ({
  display_value: actual,
  actual_value: actual,
  sequence_number: sequence,
  id: `stage-${actual}`,
  forecast_type: forecastType,
  forecast_category: { name: forecastType === 'Open' ? 'Pipeline' : 'Closed', id: '1' },
  ...extra,
});

const pipeline = (display: string, maps: ZohoPipelineMeta['maps']): ZohoPipelineMeta => ({
  id: `pipeline-${display}`,
  display_value: display,
  actual_value: display.replace(/ \(.*\)$/, ''),
  default: false,
  maps,
});

describe('Zoho Deals metadata as the mapping validator reads it', () => {
  test("stages keep Zoho's order, take their outcome from forecast_type and their probability from the Stage picklist", () => {
    const snapshot = toZohoDealsSnapshot({
      pipelines: [
        pipeline('Standard (Standard)', [
          stage('Closed Lost', 'Closed Lost', 3),
          stage('Qualification', 'Open', 1),
          stage('Closed Won', 'Closed Won', 2),
        ]),
      ],
      fields: [
        field('Stage', 'picklist', {
          pick_list_values: [
            { display_value: 'Qualification', actual_value: 'Qualification', probability: 10 },
            { display_value: 'Closed Won', actual_value: 'Closed Won', probability: 100 },
            { display_value: 'Closed Lost', actual_value: 'Closed Lost', probability: 0 },
          ],
        }),
      ],
    });
    assert.deepEqual(snapshot.pipelines, [
      {
        name: 'Standard (Standard)',
        stages: [
          { name: 'Qualification', probability: 10, outcome: 'OPEN' },
          { name: 'Closed Won', probability: 100, outcome: 'WON' },
          { name: 'Closed Lost', probability: 0, outcome: 'LOST' },
        ],
      },
    ]);
  });

  test("a stage's own probability wins; without one a closed stage counts as 100 (won) or 0 (lost)", () => {
    const snapshot = toZohoDealsSnapshot({
      pipelines: [
        pipeline('Renewals', [
          stage('Due', 'Open', 1, { probability: 60 }),
          stage('Renewed', 'Closed Won', 2),
          stage('Churned', 'Closed Lost', 3),
        ]),
      ],
      fields: [],
    });
    assert.deepEqual(
      snapshot.pipelines[0]?.stages.map((entry) => [entry.name, entry.probability]),
      [
        ['Due', 60],
        ['Renewed', 100],
        ['Churned', 0],
      ],
    );
  });

  test('a pipeline offered in several layouts appears once, as the first layout has it', () => {
    const snapshot = toZohoDealsSnapshot({
      pipelines: [
        pipeline('Standard (Standard)', [stage('Qualification', 'Open', 1)]),
        pipeline('Partner', [stage('Registered', 'Open', 1)]),
        pipeline('Standard (Standard)', [stage('Other', 'Open', 1)]),
      ],
      fields: [],
    });
    assert.deepEqual(
      snapshot.pipelines.map((entry) => [entry.name, entry.stages.map((one) => one.name)]),
      [
        ['Standard (Standard)', ['Qualification']],
        ['Partner', ['Registered']],
      ],
    );
  });

  test('a forecast type Zoho does not document is refused, naming the pipeline and stage', () => {
    assert.equal(dealOutcomeOfForecastType('Closed Won', 'x'), 'WON');
    assert.throws(
      () => toZohoDealsSnapshot({ pipelines: [pipeline('Standard', [stage('Maybe', 'Omitted', 1)])], fields: [] }),
      (error: unknown) =>
        error instanceof UnreadableZohoMetadataError &&
        error.where === "pipeline 'Standard' stage 'Maybe'" &&
        /forecast_type "Omitted"/.test(error.message),
    );
  });

  test('fields: type, length, mandatory, unique, external id, read-only and picklist values without -None-', () => {
    assert.deepEqual(toZohoFieldSnapshot(field('Deal_Name', 'text', { length: 120, system_mandatory: true })), {
      apiName: 'Deal_Name',
      dataType: 'text',
      length: 120,
      mandatoryOnCreate: true,
      unique: false,
      externalId: false,
      readOnly: false,
      picklistValues: [],
    });
    const portalId = toZohoFieldSnapshot(
      field('Portal_Deal_Id', 'text', {
        unique: { casesensitive: 'false' },
        external: { show: true, type: 'user', allow_multiple_config: false },
      }),
    );
    assert.deepEqual([portalId.unique, portalId.externalId], [true, true]);
    const leadSource = toZohoFieldSnapshot(
      field('Lead_Source', 'picklist', {
        pick_list_values: [
          { display_value: '-None-', actual_value: '-None-' },
          { display_value: 'Web', actual_value: 'Web Download' },
          { display_value: 'Partner', actual_value: 'Partner' },
        ],
      }),
    );
    assert.deepEqual(leadSource.picklistValues, ['Web Download', 'Partner']);
    assert.equal(toZohoFieldSnapshot(field('Expected_Revenue', 'currency', { read_only: true })).readOnly, true);
    assert.equal(toZohoFieldSnapshot(field('Locked', 'boolean', { field_read_only: true })).readOnly, true);
    assert.equal(toZohoFieldSnapshot(field('Deal_Number', 'autonumber')).readOnly, true);
    assert.equal(toZohoFieldSnapshot(field('Amount', 'currency', { length: undefined })).length, null);
    // Zoho marks an external field the system owns with another type; only a user's external field can be upserted on.
    assert.equal(toZohoFieldSnapshot(field('Zia_Id', 'text', { external: { type: 'system' } })).externalId, false);
  });
});
