import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MappingDefinition, StageMapping } from './mapping-definition';
import type { DealMappingContext, PortalField, ZohoFieldSnapshot } from './mapping-context';
import type { MappingProblem } from './mapping-problem';
import { findDefinitionProblems, parseMappingDefinition, validateDealMapping } from './validate-deal-mapping';

function zohoField(apiName: string, overrides: Partial<ZohoFieldSnapshot> = {}): ZohoFieldSnapshot {
  return {
    apiName,
    dataType: 'text',
    length: 255,
    mandatoryOnCreate: false,
    unique: false,
    externalId: false,
    readOnly: false,
    picklistValues: [],
    ...overrides,
  };
}

function portalField(name: string, overrides: Partial<PortalField> = {}): PortalField {
  return { name, type: 'TEXT', maxLength: 255, picklistValues: [], ...overrides };
}

/** A Zoho org with two pipelines and a portal with four phases, against which VALID has no problem. */
const CONTEXT: DealMappingContext = {
  zoho: {
    pipelines: [
      {
        name: 'Standard (Standard)',
        stages: [
          { name: 'Qualification', probability: 10, outcome: 'OPEN' },
          { name: 'Negotiation/Review', probability: 90, outcome: 'OPEN' },
          { name: 'Closed Won', probability: 100, outcome: 'WON' },
          { name: 'Closed Lost', probability: 0, outcome: 'LOST' },
        ],
      },
      {
        name: 'Renewals (Standard)',
        stages: [
          { name: 'Renewal Due', probability: 50, outcome: 'OPEN' },
          { name: 'Renewed', probability: 100, outcome: 'WON' },
          { name: 'Churned', probability: 0, outcome: 'LOST' },
        ],
      },
    ],
    fields: [
      zohoField('Deal_Name', { length: 120, mandatoryOnCreate: true }),
      zohoField('Stage', { dataType: 'picklist', mandatoryOnCreate: true }),
      zohoField('Pipeline', { dataType: 'picklist', mandatoryOnCreate: true }),
      zohoField('Amount', { dataType: 'currency', length: null }),
      zohoField('Closing_Date', { dataType: 'date', length: null }),
      zohoField('Lead_Source', { dataType: 'picklist', length: null, picklistValues: ['Partner', 'Web Site', 'Trade Show'] }),
      zohoField('Type', {
        dataType: 'picklist',
        length: null,
        mandatoryOnCreate: true,
        picklistValues: ['New Business', 'Existing Business'],
      }),
      zohoField('Portal_Deal_Id', { length: 50, unique: true, externalId: true }),
      zohoField('Contract_Number', { length: 50, unique: true }),
      zohoField('Probability', { dataType: 'integer', length: null }),
      zohoField('Deal_Number', { dataType: 'autonumber', readOnly: true }),
    ],
  },
  portal: {
    phases: [
      { name: 'Qualified', outcome: 'OPEN' },
      { name: 'Negotiating', outcome: 'OPEN' },
      { name: 'Won', outcome: 'WON' },
      { name: 'Lost', outcome: 'LOST' },
    ],
    fields: [
      portalField('name', { maxLength: 120 }),
      portalField('amount', { type: 'CURRENCY', maxLength: null }),
      portalField('closingDate', { type: 'DATE', maxLength: null }),
      portalField('source', { type: 'PICKLIST', maxLength: null, picklistValues: ['partner', 'web'] }),
      portalField('contract', { maxLength: 50 }),
      portalField('notes', { type: 'TEXT_AREA', maxLength: null }),
      portalField('won', { type: 'BOOLEAN', maxLength: null }),
    ],
  },
};

const STANDARD: StageMapping = {
  zohoPipeline: 'Standard (Standard)',
  inbound: [
    { zohoStage: 'Qualification', portalPhase: 'Qualified' },
    { zohoStage: 'Negotiation/Review', portalPhase: 'Negotiating' },
    { zohoStage: 'Closed Won', portalPhase: 'Won' },
    { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
  ],
  outbound: [
    { portalPhase: 'Qualified', zohoStage: 'Qualification' },
    { portalPhase: 'Negotiating', zohoStage: 'Negotiation/Review' },
    { portalPhase: 'Won', zohoStage: 'Closed Won' },
    { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
  ],
  onCreate: { strategy: 'INFER' },
};

const RENEWALS: StageMapping = {
  zohoPipeline: 'Renewals (Standard)',
  inbound: [
    { zohoStage: 'Renewed', portalPhase: 'Won' },
    { zohoStage: 'Churned', portalPhase: 'Lost' },
  ],
  outbound: [
    { portalPhase: 'Won', zohoStage: 'Renewed' },
    { portalPhase: 'Lost', zohoStage: 'Churned' },
  ],
  onCreate: { strategy: 'STATIC', zohoStage: 'Renewal Due' },
};

const VALID: MappingDefinition = {
  stageMappings: [STANDARD, RENEWALS],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    { portalField: 'closingDate', zohoField: 'Closing_Date', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'source',
      zohoField: 'Lead_Source',
      direction: 'BOTH',
      valueMap: [
        { portalValue: 'partner', zohoValue: 'Partner' },
        { portalValue: 'web', zohoValue: 'Web Site' },
      ],
    },
  ],
  zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

/** VALID with its first stage mapping replaced. */
function withStandard(overrides: Partial<StageMapping>): MappingDefinition {
  return { ...VALID, stageMappings: [{ ...STANDARD, ...overrides }, RENEWALS] };
}

/** The problems as `path code SEVERITY` lines, which is what each rule is asserted on. */
function summary(problems: readonly MappingProblem[]): string[] {
  return problems.map((problem) => `${problem.path} ${problem.code} ${problem.severity}`);
}

function only(problems: readonly MappingProblem[]): MappingProblem {
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
  return problems[0]!;
}

test('a complete mapping of two pipelines against matching metadata has no problem', () => {
  assert.deepEqual(validateDealMapping(VALID, CONTEXT), []);
  assert.deepEqual(findDefinitionProblems(VALID), []);
});

describe('the shape', () => {
  test('a valid definition parses as itself', () => {
    assert.deepEqual(parseMappingDefinition(VALID), { definition: VALID, problems: [] });
  });

  test('every shape problem is reported with a bracketed path', () => {
    const parsed = parseMappingDefinition({
      stageMappings: [{ zohoPipeline: '', inbound: [{ zohoStage: 'Closed Won' }], outbound: [], onCreate: { strategy: 'STATIC' } }],
      fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'SIDEWAYS', valueMap: [] }],
      zohoDefaults: [],
      matchKey: { kind: 'ZOHO_ID', zohoField: 'Portal_Deal_Id' },
    });
    assert.equal(parsed.definition, null);
    assert.deepEqual(
      parsed.problems.map((problem) => `${problem.path} ${problem.code}: ${problem.message}`),
      [
        'stageMappings[0].zohoPipeline INVALID_VALUE: must be a Zoho pipeline name',
        'stageMappings[0].inbound[0].portalPhase INVALID_VALUE: is required',
        'stageMappings[0].onCreate.zohoStage INVALID_VALUE: is required',
        'fieldMappings[0].direction INVALID_VALUE: must be one of PORTAL_TO_ZOHO, ZOHO_TO_PORTAL, BOTH',
        "matchKey INVALID_VALUE: Unrecognized key(s) in object: 'zohoField'",
      ],
    );
  });

  test('a definition selecting no pipeline, or not an object, is refused', () => {
    assert.deepEqual(summary(parseMappingDefinition({ ...VALID, stageMappings: [] }).problems), ['stageMappings INVALID_VALUE ERROR']);
    assert.deepEqual(parseMappingDefinition('everything').problems, [
      { path: '', code: 'INVALID_VALUE', message: 'must be an object', severity: 'ERROR' },
    ]);
  });
});

describe('rules that need no metadata', () => {
  test('a pipeline selected twice', () => {
    const problem = only(findDefinitionProblems({ ...VALID, stageMappings: [STANDARD, RENEWALS, STANDARD] }));
    assert.deepEqual(summary([problem]), ['stageMappings[2].zohoPipeline DUPLICATE_PIPELINE ERROR']);
    assert.equal(problem.message, "Zoho pipeline 'Standard (Standard)' is selected more than once");
  });

  test('a Zoho stage mapped inbound twice, a portal phase mapped outbound twice or given two first stages', () => {
    const definition = withStandard({
      inbound: [...STANDARD.inbound, { zohoStage: 'Closed Won', portalPhase: 'Lost' }],
      outbound: [...STANDARD.outbound, { portalPhase: 'Won', zohoStage: 'Closed Lost' }],
      onCreate: {
        strategy: 'MANUAL',
        stages: [
          { portalPhase: 'Qualified', zohoStage: 'Qualification' },
          { portalPhase: 'Qualified', zohoStage: 'Negotiation/Review' },
        ],
      },
    });
    assert.deepEqual(summary(findDefinitionProblems(definition)), [
      'stageMappings[0].inbound[4].zohoStage DUPLICATE_STAGE_MAPPING ERROR',
      'stageMappings[0].outbound[4].portalPhase DUPLICATE_PHASE_MAPPING ERROR',
      'stageMappings[0].onCreate.stages[1].portalPhase DUPLICATE_PHASE_MAPPING ERROR',
    ]);
  });

  test('a Zoho field mapped twice, and a portal field written from two Zoho fields', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        ...VALID.fieldMappings,
        { portalField: 'total', zohoField: 'Amount', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
        { portalField: 'amount', zohoField: 'Expected_Revenue', direction: 'ZOHO_TO_PORTAL', valueMap: [] },
        // One portal field feeding a second Zoho field is fine.
        { portalField: 'name', zohoField: 'Description', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
      ],
    };
    const problems = findDefinitionProblems(definition);
    assert.deepEqual(summary(problems), [
      'fieldMappings[4].zohoField DUPLICATE_FIELD_MAPPING ERROR',
      'fieldMappings[5].portalField DUPLICATE_FIELD_MAPPING ERROR',
    ]);
    assert.equal(problems[1]?.message, "portal field 'amount' is written from more than one Zoho field");
  });

  test('a value mapped twice in the direction it is read', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        {
          portalField: 'source',
          zohoField: 'Lead_Source',
          direction: 'BOTH',
          valueMap: [
            { portalValue: 'partner', zohoValue: 'Partner' },
            { portalValue: 'partner', zohoValue: 'Web Site' },
            { portalValue: 'web', zohoValue: 'Partner' },
          ],
        },
        // Many portal values to one Zoho value is fine one way.
        {
          portalField: 'kind',
          zohoField: 'Type',
          direction: 'PORTAL_TO_ZOHO',
          valueMap: [
            { portalValue: 'new', zohoValue: 'New Business' },
            { portalValue: 'fresh', zohoValue: 'New Business' },
          ],
        },
      ],
    };
    assert.deepEqual(summary(findDefinitionProblems(definition)), [
      'fieldMappings[0].valueMap[1].portalValue DUPLICATE_VALUE_MAPPING ERROR',
      'fieldMappings[0].valueMap[2].zohoValue DUPLICATE_VALUE_MAPPING ERROR',
    ]);
  });

  test('a default given twice', () => {
    const definition = { ...VALID, zohoDefaults: [...VALID.zohoDefaults, { zohoField: 'Type', value: 'Existing Business' }] };
    assert.deepEqual(summary(findDefinitionProblems(definition)), ['zohoDefaults[1].zohoField DUPLICATE_DEFAULT ERROR']);
  });

  test('a field mapping that writes the stage or pipeline, or the external-id match key', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        { portalField: 'phase', zohoField: 'Stage', direction: 'BOTH', valueMap: [] },
        { portalField: 'id', zohoField: 'Portal_Deal_Id', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
      ],
    };
    assert.deepEqual(summary(findDefinitionProblems(definition)), [
      'fieldMappings[0].zohoField STAGE_FIELD_MAPPED ERROR',
      'fieldMappings[1].zohoField MATCH_KEY_FIELD_MAPPED ERROR',
    ]);
  });

  test('under INFER, phases sharing a Zoho stage are a warning naming them', () => {
    const definition = withStandard({
      outbound: [
        ...STANDARD.outbound,
        { portalPhase: 'Proposal', zohoStage: 'Qualification' },
        { portalPhase: 'Demo', zohoStage: 'Qualification' },
      ],
    });
    const problem = only(findDefinitionProblems(definition));
    assert.deepEqual(summary([problem]), ['stageMappings[0].onCreate.strategy INFERRED_STAGE_SHARED WARNING']);
    assert.equal(
      problem.message,
      "portal phases 'Qualified', 'Proposal', 'Demo' all infer Zoho stage 'Qualification' for new deals, so Zoho cannot tell them apart",
    );
    // The same outbound mapping under a static stage infers nothing.
    assert.deepEqual(
      findDefinitionProblems({ ...definition, stageMappings: [{ ...definition.stageMappings[0]!, onCreate: RENEWALS.onCreate }] }),
      [],
    );
  });

  test('the Zoho id as match key is a warning recommending an external-id field', () => {
    const problem = only(findDefinitionProblems({ ...VALID, matchKey: { kind: 'ZOHO_ID' } }));
    assert.deepEqual(summary([problem]), ['matchKey.kind MATCH_KEY_NOT_RECOMMENDED WARNING']);
    assert.match(problem.message, /EXTERNAL_ID field holding the portal id is recommended/);
  });
});

describe('rules against Zoho metadata and the portal deal model', () => {
  test('metadata rules add to the ones that need none', () => {
    const definition = { ...VALID, stageMappings: [STANDARD, { ...RENEWALS, zohoPipeline: 'Standard (Standard)' }] };
    assert.deepEqual(summary(validateDealMapping(definition, CONTEXT))[0], 'stageMappings[1].zohoPipeline DUPLICATE_PIPELINE ERROR');
  });

  test('an unknown pipeline names the ones Zoho has, and its stages are not checked further', () => {
    const problem = only(validateDealMapping({ ...VALID, stageMappings: [STANDARD, { ...RENEWALS, zohoPipeline: 'Renewal' }] }, CONTEXT));
    assert.deepEqual(summary([problem]), ['stageMappings[1].zohoPipeline UNKNOWN_PIPELINE ERROR']);
    assert.equal(problem.message, "Zoho has no Deals pipeline 'Renewal' (it has 'Standard (Standard)', 'Renewals (Standard)')");
  });

  test('unknown stages and phases, in every place they are named', () => {
    const definition = withStandard({
      inbound: [
        ...STANDARD.inbound.filter((entry) => entry.portalPhase !== 'Negotiating'),
        { zohoStage: 'Proposal', portalPhase: 'Qualified' },
        { zohoStage: 'Negotiation/Review', portalPhase: 'Demo' },
      ],
      outbound: [...STANDARD.outbound, { portalPhase: 'Demo', zohoStage: 'Renewed' }],
      onCreate: { strategy: 'MANUAL', stages: [...STANDARD.outbound, { portalPhase: 'Trial', zohoStage: 'Trial' }] },
    });
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), [
      'stageMappings[0].inbound[3].zohoStage UNKNOWN_STAGE ERROR',
      'stageMappings[0].inbound[4].portalPhase UNKNOWN_PHASE ERROR',
      'stageMappings[0].outbound[4].portalPhase UNKNOWN_PHASE ERROR',
      'stageMappings[0].outbound[4].zohoStage UNKNOWN_STAGE ERROR',
      'stageMappings[0].onCreate.stages[4].portalPhase UNKNOWN_PHASE ERROR',
      'stageMappings[0].onCreate.stages[4].zohoStage UNKNOWN_STAGE ERROR',
    ]);
    assert.equal(
      problems[0]?.message,
      "Zoho pipeline 'Standard (Standard)' has no stage 'Proposal' (it has 'Qualification', 'Negotiation/Review', 'Closed Won', 'Closed Lost')",
    );
    assert.equal(problems[1]?.message, "the portal has no deal phase 'Demo' (it has 'Qualified', 'Negotiating', 'Won', 'Lost')");
  });

  test('a static first stage outside the pipeline', () => {
    const definition = {
      ...VALID,
      stageMappings: [STANDARD, { ...RENEWALS, onCreate: { strategy: 'STATIC' as const, zohoStage: 'Qualification' } }],
    };
    assert.deepEqual(summary(validateDealMapping(definition, CONTEXT)), ['stageMappings[1].onCreate.zohoStage UNKNOWN_STAGE ERROR']);
  });

  test('Won and Lost must be mapped inbound for every selected pipeline', () => {
    const definition = {
      ...VALID,
      stageMappings: [STANDARD, { ...RENEWALS, inbound: RENEWALS.inbound.filter((entry) => entry.portalPhase !== 'Lost') }],
    };
    const problem = only(validateDealMapping(definition, CONTEXT));
    assert.deepEqual(summary([problem]), ['stageMappings[1].inbound CLOSED_STAGE_UNMAPPED ERROR']);
    assert.equal(
      problem.message,
      "Zoho stage 'Churned' closes deals as LOST in pipeline 'Renewals (Standard)' but is not mapped to a portal phase: deals closed there would stay open in the portal",
    );
  });

  test('Won and Lost must be mapped outbound for every selected pipeline', () => {
    const problems = validateDealMapping(
      withStandard({ outbound: STANDARD.outbound.filter((entry) => entry.portalPhase !== 'Won') }),
      CONTEXT,
    );
    assert.deepEqual(summary(problems), [
      'stageMappings[0].outbound CLOSED_PHASE_UNMAPPED ERROR',
      // Under INFER the phase has no stage for new deals either.
      'stageMappings[0].onCreate.strategy NEW_DEAL_STAGE_UNKNOWN WARNING',
    ]);
    assert.equal(
      problems[0]?.message,
      "portal phase 'Won' closes deals as WON but is not mapped to a stage of Zoho pipeline 'Standard (Standard)': deals closed in the portal would stay open in Zoho",
    );
    assert.deepEqual(summary(validateDealMapping({ ...VALID, stageMappings: [STANDARD, { ...RENEWALS, outbound: [] }] }, CONTEXT)), [
      'stageMappings[1].outbound CLOSED_PHASE_UNMAPPED ERROR',
      'stageMappings[1].outbound CLOSED_PHASE_UNMAPPED ERROR',
    ]);
  });

  test('a closed stage and its phase must agree on the outcome, both ways', () => {
    const definition = withStandard({
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Closed Won', portalPhase: 'Lost' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
      ],
      outbound: [
        ...STANDARD.outbound.filter((entry) => entry.portalPhase !== 'Won'),
        { portalPhase: 'Won', zohoStage: 'Negotiation/Review' },
      ],
      onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
    });
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), [
      'stageMappings[0].inbound[1].portalPhase OUTCOME_MISMATCH ERROR',
      'stageMappings[0].outbound[3].zohoStage OUTCOME_MISMATCH ERROR',
    ]);
    assert.equal(problems[0]?.message, "Zoho stage 'Closed Won' is WON but portal phase 'Lost' is LOST");
  });

  test('a portal phase that gets no first Zoho stage is a warning under INFER and MANUAL', () => {
    const inferred = withStandard({ outbound: STANDARD.outbound.filter((entry) => entry.portalPhase !== 'Negotiating') });
    assert.deepEqual(summary(validateDealMapping(inferred, CONTEXT)), [
      'stageMappings[0].onCreate.strategy NEW_DEAL_STAGE_UNKNOWN WARNING',
    ]);
    const manual = withStandard({
      onCreate: { strategy: 'MANUAL', stages: STANDARD.outbound.filter((entry) => entry.portalPhase !== 'Lost') },
    });
    const problem = only(validateDealMapping(manual, CONTEXT));
    assert.deepEqual(summary([problem]), ['stageMappings[0].onCreate.stages NEW_DEAL_STAGE_UNKNOWN WARNING']);
    assert.equal(problem.message, "portal phase 'Lost' has no first Zoho stage, so a deal created in it is reported as skipped");
  });

  test('unknown Zoho and portal fields, in mappings, defaults and the match key', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [...VALID.fieldMappings, { portalField: 'margin', zohoField: 'Margin__c', direction: 'BOTH', valueMap: [] }],
      zohoDefaults: [...VALID.zohoDefaults, { zohoField: 'Region', value: 'EMEA' }],
      matchKey: { kind: 'DUPLICATE_CHECK', zohoField: 'Contract_No', portalField: 'contractNumber' },
    };
    assert.deepEqual(summary(validateDealMapping(definition, CONTEXT)), [
      'fieldMappings[4].zohoField UNKNOWN_ZOHO_FIELD ERROR',
      'fieldMappings[4].portalField UNKNOWN_PORTAL_FIELD ERROR',
      'zohoDefaults[1].zohoField UNKNOWN_ZOHO_FIELD ERROR',
      'matchKey.zohoField UNKNOWN_ZOHO_FIELD ERROR',
      'matchKey.portalField UNKNOWN_PORTAL_FIELD ERROR',
    ]);
  });

  test("every value-map target must be in Zoho's picklist exactly, and close misses are pointed out", () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        {
          portalField: 'source',
          zohoField: 'Lead_Source',
          direction: 'PORTAL_TO_ZOHO',
          valueMap: [
            { portalValue: 'partner', zohoValue: 'partner' },
            { portalValue: 'web', zohoValue: 'Website' },
          ],
        },
        ...VALID.fieldMappings.filter((mapping) => mapping.zohoField !== 'Lead_Source'),
      ],
    };
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), [
      'fieldMappings[0].valueMap[0].zohoValue UNKNOWN_PICKLIST_VALUE ERROR',
      'fieldMappings[0].valueMap[1].zohoValue UNKNOWN_PICKLIST_VALUE ERROR',
    ]);
    assert.equal(
      problems[0]?.message,
      "Zoho's 'Lead_Source' picklist has no value 'partner' (did you mean 'Partner'? Zoho compares exactly)",
    );
    assert.equal(problems[1]?.message, "Zoho's 'Lead_Source' picklist has no value 'Website' (it has 'Partner', 'Web Site', 'Trade Show')");
  });

  test('a portal picklist value neither mapped nor in Zoho, and a value map into a portal value that does not exist', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: VALID.fieldMappings.map((mapping) =>
        mapping.zohoField === 'Lead_Source'
          ? {
              ...mapping,
              valueMap: [
                { portalValue: 'partners', zohoValue: 'Partner' },
                { portalValue: 'web', zohoValue: 'Web Site' },
              ],
            }
          : mapping,
      ),
    };
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), [
      'fieldMappings[3].valueMap[0].portalValue UNKNOWN_PICKLIST_VALUE ERROR',
      'fieldMappings[3].valueMap UNMAPPED_PICKLIST_VALUE ERROR',
    ]);
    assert.match(
      problems[1]?.message ?? '',
      /^portal values 'partner' of 'source' are neither mapped nor values of Zoho's 'Lead_Source' picklist/,
    );
  });

  test('a value map on a field that is not a picklist is a warning', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        ...VALID.fieldMappings,
        { portalField: 'contract', zohoField: 'Contract_Number', direction: 'BOTH', valueMap: [{ portalValue: 'n/a', zohoValue: '-' }] },
      ],
    };
    assert.deepEqual(summary(validateDealMapping(definition, CONTEXT)), ['fieldMappings[4].valueMap VALUE_MAP_ON_NON_PICKLIST WARNING']);
  });

  test('types that cannot hold each other are an error', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        ...VALID.fieldMappings,
        { portalField: 'won', zohoField: 'Probability', direction: 'BOTH', valueMap: [] },
        { portalField: 'notes', zohoField: 'Deal_Number', direction: 'ZOHO_TO_PORTAL', valueMap: [] },
      ],
    };
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), [
      'fieldMappings[4].zohoField TYPE_MISMATCH ERROR',
      'fieldMappings[5].zohoField TYPE_MISMATCH ERROR',
    ]);
    assert.equal(problems[0]?.message, "portal field 'won' is BOOLEAN but Zoho field 'Probability' is integer");
  });

  test('a target shorter than its source is a warning, each way', () => {
    const context: DealMappingContext = {
      ...CONTEXT,
      portal: {
        ...CONTEXT.portal,
        fields: [...CONTEXT.portal.fields, portalField('title', { maxLength: 255 }), portalField('code', { maxLength: 20 })],
      },
    };
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [
        ...VALID.fieldMappings.filter((mapping) => mapping.zohoField !== 'Deal_Name'),
        { portalField: 'title', zohoField: 'Deal_Name', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
        { portalField: 'code', zohoField: 'Contract_Number', direction: 'ZOHO_TO_PORTAL', valueMap: [] },
        { portalField: 'notes', zohoField: 'Description', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
      ],
    };
    const withDescription: DealMappingContext = {
      ...context,
      zoho: { ...context.zoho, fields: [...context.zoho.fields, zohoField('Description', { dataType: 'textarea', length: 32000 })] },
    };
    const problems = validateDealMapping(definition, withDescription);
    assert.deepEqual(summary(problems), [
      'fieldMappings[3].zohoField LENGTH_EXCEEDED WARNING',
      'fieldMappings[4].portalField LENGTH_EXCEEDED WARNING',
      'fieldMappings[5].zohoField LENGTH_EXCEEDED WARNING',
    ]);
    assert.equal(
      problems[0]?.message,
      "portal field 'title' holds up to 255 characters but Zoho field 'Deal_Name' takes 120: longer values are refused by Zoho and reported per deal",
    );
    assert.match(problems[2]?.message ?? '', /^portal field 'notes' holds no length limit but Zoho field 'Description' takes 32000/);
  });

  test('writing a read-only Zoho field', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: [...VALID.fieldMappings, { portalField: 'contract', zohoField: 'Deal_Number', direction: 'BOTH', valueMap: [] }],
      zohoDefaults: [...VALID.zohoDefaults, { zohoField: 'Deal_Number', value: '1' }],
    };
    assert.deepEqual(summary(validateDealMapping(definition, CONTEXT)), [
      'fieldMappings[4].direction READ_ONLY_FIELD ERROR',
      'zohoDefaults[1].zohoField READ_ONLY_FIELD ERROR',
    ]);
    const readBack = {
      ...definition,
      fieldMappings: [
        ...VALID.fieldMappings,
        { portalField: 'contract', zohoField: 'Deal_Number', direction: 'ZOHO_TO_PORTAL' as const, valueMap: [] },
      ],
      zohoDefaults: VALID.zohoDefaults,
    };
    assert.deepEqual(validateDealMapping(readBack, CONTEXT), []);
  });

  test('every field Zoho requires on create is mapped towards Zoho or given a default', () => {
    const definition: MappingDefinition = {
      ...VALID,
      fieldMappings: VALID.fieldMappings.map((mapping) =>
        mapping.zohoField === 'Deal_Name' ? { ...mapping, direction: 'ZOHO_TO_PORTAL' } : mapping,
      ),
      zohoDefaults: [],
    };
    const problems = validateDealMapping(definition, CONTEXT);
    assert.deepEqual(summary(problems), ['fieldMappings MANDATORY_FIELD_UNSET ERROR', 'fieldMappings MANDATORY_FIELD_UNSET ERROR']);
    assert.equal(
      problems[0]?.message,
      "Zoho requires 'Deal_Name' on every new deal: map a portal field to it (PORTAL_TO_ZOHO or BOTH) or give it a default",
    );
    assert.match(problems[1]?.message ?? '', /'Type'/);
  });

  test('a default must be a value Zoho takes for its field', () => {
    const context: DealMappingContext = {
      ...CONTEXT,
      zoho: {
        ...CONTEXT.zoho,
        fields: [
          ...CONTEXT.zoho.fields,
          zohoField('Follow_Up', { dataType: 'date', length: null }),
          zohoField('Priority', { dataType: 'boolean', length: null }),
        ],
      },
    };
    const definition: MappingDefinition = {
      ...VALID,
      zohoDefaults: [
        { zohoField: 'Type', value: 'new business' },
        { zohoField: 'Probability', value: '12.5' },
        { zohoField: 'Follow_Up', value: '31/12/2026' },
        { zohoField: 'Priority', value: 'yes' },
        { zohoField: 'Amount', value: '1000.50' },
      ],
    };
    const problems = validateDealMapping(definition, context);
    assert.deepEqual(summary(problems), [
      'zohoDefaults[0].value UNKNOWN_PICKLIST_VALUE ERROR',
      'zohoDefaults[1].value INVALID_DEFAULT ERROR',
      'zohoDefaults[2].value INVALID_DEFAULT ERROR',
      'zohoDefaults[3].value INVALID_DEFAULT ERROR',
    ]);
    assert.equal(problems[1]?.message, "'12.5' is not a whole number (Zoho field 'Probability' is integer)");
  });

  test('the match key field must be an external-id field, or unique for a duplicate check', () => {
    const notExternal = only(validateDealMapping({ ...VALID, matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Contract_Number' } }, CONTEXT));
    assert.deepEqual(summary([notExternal]), ['matchKey.zohoField MATCH_KEY_NOT_EXTERNAL_ID ERROR']);
    assert.match(notExternal.message, /Zoho field 'Contract_Number' is not an external-id field/);
    const notUnique = only(
      validateDealMapping({ ...VALID, matchKey: { kind: 'DUPLICATE_CHECK', zohoField: 'Deal_Name', portalField: 'name' } }, CONTEXT),
    );
    assert.deepEqual(summary([notUnique]), ['matchKey.zohoField MATCH_KEY_NOT_UNIQUE ERROR']);
    assert.deepEqual(
      validateDealMapping(
        { ...VALID, matchKey: { kind: 'DUPLICATE_CHECK', zohoField: 'Contract_Number', portalField: 'contract' } },
        CONTEXT,
      ),
      [],
    );
  });
});
