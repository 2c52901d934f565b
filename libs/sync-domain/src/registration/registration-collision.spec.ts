import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dealNameSimilarity, normaliseDealName } from './name-similarity';
import { registrationCollision, type RegisteredDeal } from './registration-collision';

const RULES = { windowDays: 30, threshold: 0.8 };
const NOW = new Date('2026-05-20T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

function deal(overrides: Partial<RegisteredDeal> & Pick<RegisteredDeal, 'id'>): RegisteredDeal {
  return { name: 'Acme Corp – Turbine retrofit', accountId: 'account-x', partnerId: 'partner-a', createdAt: daysBefore(2), ...overrides };
}

const newDeal = deal({ id: 'new', name: 'ACME corp turbine retro-fit', partnerId: 'partner-b', createdAt: NOW });

test('names are compared without case, accents, punctuation, spacing inside words or company legal forms', () => {
  assert.equal(normaliseDealName('Acme Corp – Turbine retrofit'), 'acmeturbineretrofit');
  assert.equal(normaliseDealName('ACME corp turbine retro-fit'), 'acmeturbineretrofit');
  assert.equal(normaliseDealName('Sørensen GmbH: Ærø Straße'), 'sorensenaerostrasse');
  assert.equal(normaliseDealName('Café Ltd.'), 'cafe');
  assert.equal(dealNameSimilarity('Acme Corp – Turbine retrofit', 'ACME corp turbine retro-fit'), 1);
});

test('similarity is the Dice coefficient over character bigrams', () => {
  // night: ni ig gh ht; nacht: na ac ch ht — one shared of eight.
  assert.equal(dealNameSimilarity('night', 'nacht'), 0.25);
  assert.equal(
    dealNameSimilarity('Acme turbine retrofit', 'Globex payroll migration'),
    dealNameSimilarity('Globex payroll migration', 'Acme turbine retrofit'),
  );
  assert.ok(dealNameSimilarity('Acme turbine retrofit', 'Globex payroll migration') < 0.2);
  assert.ok(dealNameSimilarity('Acme turbine retrofit', 'Acme turbine retrofits') > 0.9);
  assert.equal(dealNameSimilarity('Inc.', 'Acme'), 0, 'a name of only a legal form shares nothing');
  assert.equal(dealNameSimilarity('A', 'a'), 1);
});

test('a similar earlier registration of the same account by another partner within the window collides', () => {
  const first = deal({ id: 'first' });
  const collision = registrationCollision(newDeal, [first], RULES);
  assert.deepEqual(collision, { firstDeal: first, similarity: 1 });
});

test('the same partner, another account, no partner or account, outside the window, later, or too different: no collision', () => {
  const cases: [string, RegisteredDeal][] = [
    ['same partner', deal({ id: 'a', partnerId: 'partner-b' })],
    ['other account', deal({ id: 'b', accountId: 'account-y' })],
    ['no partner', deal({ id: 'c', partnerId: null })],
    ['outside the window', deal({ id: 'd', createdAt: daysBefore(30.01) })],
    ['created after the new deal', deal({ id: 'e', createdAt: new Date(NOW.getTime() + 1) })],
    ['different name', deal({ id: 'f', name: 'Acme Corp – Payroll migration' })],
    ['the deal itself', deal({ id: 'new' })],
  ];
  for (const [why, candidate] of cases) {
    assert.equal(registrationCollision(newDeal, [candidate], RULES), null, why);
  }
  assert.ok(registrationCollision(newDeal, [deal({ id: 'g', createdAt: daysBefore(30) })], RULES), 'exactly 30 days is inside');
  assert.equal(registrationCollision({ ...newDeal, accountId: null }, [deal({ id: 'h', accountId: null })], RULES), null);
});

test('of several candidates the most alike wins, then the earliest, whatever their order', () => {
  const alike = deal({ id: 'alike', name: 'Acme turbine retrofit phase', createdAt: daysBefore(20) });
  const same = deal({ id: 'same', createdAt: daysBefore(1) });
  const sameEarlier = deal({ id: 'same-earlier', partnerId: 'partner-c', createdAt: daysBefore(3) });
  for (const candidates of [
    [alike, same, sameEarlier],
    [sameEarlier, same, alike],
  ]) {
    assert.equal(registrationCollision(newDeal, candidates, RULES)?.firstDeal.id, 'same-earlier');
  }
  assert.equal(registrationCollision(newDeal, [alike], RULES)?.firstDeal.id, 'alike');
  assert.equal(registrationCollision(newDeal, [alike], { ...RULES, threshold: 0.95 }), null);
});
