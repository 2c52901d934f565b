import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoArgumentError } from '../errors/zoho-errors';
import { coql, coqlLiteral, renderCoqlCondition, renderCoqlSelect } from './coql-query';

describe('COQL rendering', () => {
  test('literals: quotes doubled, numbers finite, booleans as words', () => {
    assert.equal(coqlLiteral("O'Brien"), "'O''Brien'");
    assert.equal(coqlLiteral("' or 1=1 --"), "''' or 1=1 --'");
    assert.equal(coqlLiteral(42.5), '42.5');
    assert.equal(coqlLiteral(false), 'false');
    assert.throws(() => coqlLiteral(Number.NaN), ZohoArgumentError);
    assert.throws(() => coqlLiteral('line\nbreak'), ZohoArgumentError);
  });

  test('an injection attempt stays inside one literal', () => {
    const hostile = "x') or (Last_Name is not null";
    const text = renderCoqlCondition({ field: 'Last_Name', op: '=', value: hostile });
    assert.equal(text, "Last_Name = 'x'') or (Last_Name is not null'");
    // Removing the one literal leaves nothing executable behind.
    assert.equal(text.replace(/'(?:[^']|'')*'/g, '?'), 'Last_Name = ?');
  });

  test('columns and modules must be API names', () => {
    assert.throws(
      () => renderCoqlCondition({ field: 'Name; drop', op: '=', value: 1 }),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'where.field',
    );
    assert.throws(
      () => renderCoqlSelect({ select: ['id'], from: 'Leads where 1=1', where: { field: 'id', op: 'is not null' } }),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'from',
    );
  });

  test('and/or lists are nested in pairs, as Zoho requires', () => {
    const text = renderCoqlSelect({
      select: ['Deal_Name', 'Account_Name.Account_Name'],
      from: 'Deals',
      where: {
        and: [
          { field: 'Stage', op: 'in', values: ['Qualification', "Won't close"] },
          { field: 'Amount', op: 'between', from: 10, to: 20 },
          {
            or: [
              { field: 'Modified_Time', op: '>=', value: '2024-01-01T00:00:00+00:00' },
              { field: 'Owner', op: 'is null' },
            ],
          },
        ],
      },
      orderBy: [{ field: 'Modified_Time', direction: 'asc' }],
    });
    assert.equal(
      text,
      "select Deal_Name, Account_Name.Account_Name from Deals where ((Stage in ('Qualification', 'Won''t close') and Amount between 10 and 20) and (Modified_Time >= '2024-01-01T00:00:00+00:00' or Owner is null)) order by Modified_Time asc",
    );
  });

  test('at most 25 criteria and 50 values in "in"', () => {
    const many = Array.from({ length: 26 }, (_, index) => ({ field: 'Amount', op: '=' as const, value: index }));
    assert.throws(() => renderCoqlCondition({ and: many }), ZohoArgumentError);
    assert.throws(
      () => renderCoqlCondition({ field: 'id', op: 'in', values: Array.from({ length: 51 }, (_, index) => index) }),
      ZohoArgumentError,
    );
  });

  test('the coql tag renders interpolations as literals', () => {
    const email = "a'b@example.com";
    assert.equal(
      coql`select id from Leads where Email = ${email} and Annual_Revenue > ${1000}`,
      "select id from Leads where Email = 'a''b@example.com' and Annual_Revenue > 1000",
    );
  });
});
