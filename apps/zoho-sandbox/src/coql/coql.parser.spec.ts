import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoqlError, parseCoql } from './coql.parser';

describe('COQL parser', () => {
  test('parses columns, lookup columns, grouped conditions, order by and limit/offset', () => {
    const query = parseCoql(
      "SELECT Deal_Name, Account_Name.Account_Name, Stage FROM Deals WHERE ((Stage in ('Closed Won', 'Closed Lost')) and (Amount >= 10.5)) ORDER BY Modified_Time desc, id LIMIT 50 OFFSET 100",
    );
    assert.deepEqual(query.columns, ['Deal_Name', 'Account_Name.Account_Name', 'Stage']);
    assert.equal(query.module, 'Deals');
    assert.deepEqual(query.where, {
      kind: 'group',
      operator: 'and',
      left: { kind: 'in', column: 'Stage', negated: false, values: ['Closed Won', 'Closed Lost'] },
      right: { kind: 'compare', column: 'Amount', operator: '>=', value: 10.5 },
    });
    assert.deepEqual(query.orderBy, [
      { column: 'Modified_Time', direction: 'desc' },
      { column: 'id', direction: 'asc' },
    ]);
    assert.equal(query.limit, 50);
    assert.equal(query.offset, 100);
  });

  test("`limit offset, count`, '' escapes, is not null, not like and between", () => {
    const query = parseCoql(
      "select Last_Name from Contacts where (Last_Name = 'O''Brien' or (Email is not null and Title not like '%intern%')) limit 20, 10",
    );
    assert.deepEqual({ limit: query.limit, offset: query.offset }, { limit: 10, offset: 20 });
    assert.equal(query.where?.kind, 'group');
    const between = parseCoql('select id from Deals where Amount not between 1 and 5');
    assert.deepEqual(between.where, { kind: 'between', column: 'Amount', negated: true, low: 1, high: 5 });
  });

  test('refuses what Zoho refuses: no WHERE, three criteria without parentheses, bad limit, stray tokens', () => {
    const rejects = (query: string, code: string, details: Record<string, unknown> | RegExp): void =>
      assert.throws(
        () => parseCoql(query),
        (error: unknown) =>
          error instanceof CoqlError &&
          error.code === code &&
          (details instanceof RegExp
            ? details.test(JSON.stringify(error.details))
            : JSON.stringify(error.details) === JSON.stringify(details)),
      );
    rejects('select Deal_Name from Deals', 'SYNTAX_ERROR', { clause: 'where' });
    rejects("select id from Deals where Stage = 'a' and Stage = 'b' and Stage = 'c'", 'SYNTAX_ERROR', { clause: 'where' });
    rejects("select id from Deals where Stage = 'a' limit s", 'INVALID_QUERY', { limit: 's' });
    rejects("select id from Deals where Stage = 'a' group by Stage", 'SYNTAX_ERROR', /"near":"group"/);
    rejects("select id from Deals where Stage = 'open", 'SYNTAX_ERROR', /"line":1/);
    rejects("delete from Deals where Stage = 'a'", 'SYNTAX_ERROR', /"near":"delete"/);
  });
});
