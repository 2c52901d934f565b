import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoIdGenerator } from '../ids/zoho-id.generator';
import { ModuleCatalog } from '../metadata/module-catalog';
import type { StoredRecord } from './record.model';
import { matchesCriteria, parseSearchCriteria, SearchCriteriaError } from './search-criteria';

const deals = new ModuleCatalog(new ZohoIdGenerator()).find('Deals')!;
const record = (values: Record<string, unknown>): StoredRecord => ({ id: '5725767000000000001', values });
const matches = (criteria: string, values: Record<string, unknown>): boolean =>
  matchesCriteria(parseSearchCriteria(criteria, deals), record(values));

describe('search criteria', () => {
  test('equals on text behaves like a case-insensitive contains; starts_with and in compare whole values', () => {
    assert.equal(matches('(Deal_Name:equals:big)', { Deal_Name: 'The BIG deal' }), true);
    assert.equal(matches('(Deal_Name:starts_with:the)', { Deal_Name: 'The BIG deal' }), true);
    assert.equal(matches('(Deal_Name:starts_with:big)', { Deal_Name: 'The BIG deal' }), false);
    assert.equal(matches('(Stage:in:Closed Won,Closed Lost)', { Stage: 'Closed Lost' }), true);
    assert.equal(matches('(Stage:not_equal:Closed Won)', { Stage: 'Closed Won' }), false);
  });

  test('numbers, dates and date-times compare by value; between is inclusive', () => {
    assert.equal(matches('(Amount:greater_than:100)', { Amount: 100.5 }), true);
    assert.equal(matches('(Amount:between:10,20)', { Amount: 20 }), true);
    assert.equal(matches('(Closing_Date:less_equal:2024-06-30)', { Closing_Date: '2024-06-30' }), true);
    assert.equal(matches('(Modified_Time:greater_equal:2024-01-01T05:30:00+05:30)', { Modified_Time: Date.UTC(2024, 0, 1) }), true);
    assert.equal(matches('(Modified_Time:greater_than:2024-01-01T05:30:00+05:30)', { Modified_Time: Date.UTC(2024, 0, 1) }), false);
  });

  test('groups nest with and/or; escaped parentheses and commas stay in values', () => {
    const criteria = '((Stage:equals:Qualification)and((Amount:greater_than:5)or(Deal_Name:equals:a\\(b\\)\\,c)))';
    assert.equal(matches(criteria, { Stage: 'Qualification', Amount: 1, Deal_Name: 'x a(b),c' }), true);
    assert.equal(matches(criteria, { Stage: 'Qualification', Amount: 1, Deal_Name: 'x' }), false);
    assert.equal(matches(criteria, { Stage: 'Qualification', Amount: 6, Deal_Name: 'x' }), true);
  });

  test('rejects unknown fields and operators, mixed and/or without parentheses, and more than 10 criteria', () => {
    const rejects = (criteria: string, pattern: RegExp): void =>
      assert.throws(
        () => parseSearchCriteria(criteria, deals),
        (error: unknown) => error instanceof SearchCriteriaError && pattern.test(error.message),
      );
    rejects('(Nope:equals:x)', /invalid field/);
    rejects('(Stage:like:x)', /invalid operator/);
    rejects('(Stage:equals:x)and(Stage:equals:y)or(Stage:equals:z)', /parentheses/);
    rejects('(Stage:equals:x', /unbalanced/);
    rejects('(Stage)', /field:operator:value/);
    rejects(`(${Array.from({ length: 11 }, () => '(Stage:equals:x)').join('and')})`, /too many criteria/);
  });
});
