import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PortalFieldType } from '@crm-bridge/vocabulary';
import { canonicalDecimal, decimalOfNumber } from './decimal';
import { fromZohoValue, normalisePortalValue, toZohoValue } from './normalise-value';

const field = (type: PortalFieldType) => ({ name: 'someField', type });

describe('decimals', () => {
  test('are spelled one way: no leading zeros, trailing zeros down to the scale, no negative zero', () => {
    assert.equal(canonicalDecimal('01200.5', 2), '1200.50');
    assert.equal(canonicalDecimal('1200.500', 2), '1200.50');
    assert.equal(canonicalDecimal('3.1400', 0), '3.14');
    assert.equal(canonicalDecimal('7.000', 0), '7');
    assert.equal(canonicalDecimal('-0.00', 2), '0.00');
    assert.equal(canonicalDecimal('+1.005', 2), '1.005');
    assert.equal(canonicalDecimal('1e3', 0), undefined);
    assert.equal(canonicalDecimal('12,5', 0), undefined);
  });

  test('numbers read as the decimal they print as, exponents expanded', () => {
    assert.equal(decimalOfNumber(1200.5), '1200.5');
    assert.equal(decimalOfNumber(1e-7), '0.0000001');
    assert.equal(decimalOfNumber(1.5e21), '1500000000000000000000');
    assert.equal(decimalOfNumber(-2.5e-8), '-0.000000025');
    assert.equal(decimalOfNumber(Number.NaN), undefined);
  });

  test('a portal amount keeps its cents as a string and reaches Zoho as the same number', () => {
    assert.deepEqual(normalisePortalValue(field('CURRENCY'), '1200.5'), { ok: true, value: '1200.50' });
    assert.deepEqual(normalisePortalValue(field('DECIMAL'), 0.1), { ok: true, value: '0.1' });
    assert.deepEqual(toZohoValue(field('CURRENCY'), '1200.50', 'UTC'), { ok: true, value: 1200.5 });
    assert.deepEqual(fromZohoValue(field('CURRENCY'), 1200.5, 'UTC'), { ok: true, value: '1200.50' });
  });

  test('a decimal a float cannot hold is refused, not rounded', () => {
    const result = toZohoValue(field('DECIMAL'), '12345678901234567.89', 'UTC');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem.field, 'someField');
  });
});

describe('date-times', () => {
  test('the portal sends instants: kept in UTC to the second', () => {
    assert.deepEqual(normalisePortalValue(field('DATE_TIME'), '2026-03-01T09:00:00.750+01:00'), {
      ok: true,
      value: '2026-03-01T08:00:00Z',
    });
  });

  test('an instant is written to Zoho with the offset of the integration time zone, winter and summer', () => {
    assert.deepEqual(toZohoValue(field('DATE_TIME'), '2026-03-01T08:00:00Z', 'Europe/Berlin'), {
      ok: true,
      value: '2026-03-01T09:00:00+01:00',
    });
    assert.deepEqual(toZohoValue(field('DATE_TIME'), '2026-07-01T08:00:00Z', 'Europe/Berlin'), {
      ok: true,
      value: '2026-07-01T10:00:00+02:00',
    });
    assert.deepEqual(toZohoValue(field('DATE_TIME'), '2026-07-01T08:00:00Z', 'America/St_Johns'), {
      ok: true,
      value: '2026-07-01T05:30:00-02:30',
    });
    assert.deepEqual(toZohoValue(field('DATE_TIME'), '2026-07-01T08:00:00Z', 'Asia/Kolkata'), {
      ok: true,
      value: '2026-07-01T13:30:00+05:30',
    });
  });

  test('Zoho date-times are read by their offset, or in the integration time zone without one', () => {
    assert.deepEqual(fromZohoValue(field('DATE_TIME'), '2026-03-01T09:00:00+01:00', 'America/New_York'), {
      ok: true,
      value: '2026-03-01T08:00:00Z',
    });
    assert.deepEqual(fromZohoValue(field('DATE_TIME'), '2026-07-01T10:00:00', 'Europe/Berlin'), {
      ok: true,
      value: '2026-07-01T08:00:00Z',
    });
  });

  test('clock changes: a skipped local time is refused, a repeated one is its earlier instant', () => {
    const skipped = fromZohoValue(field('DATE_TIME'), '2026-03-29T02:30:00', 'Europe/Berlin');
    assert.equal(skipped.ok, false);
    assert.match(!skipped.ok ? skipped.problem.reason : '', /does not exist in Europe\/Berlin/);
    assert.deepEqual(fromZohoValue(field('DATE_TIME'), '2026-10-25T02:30:00', 'Europe/Berlin'), {
      ok: true,
      value: '2026-10-25T00:30:00Z',
    });
  });

  test('an unknown time zone, a missing offset from the portal and impossible dates are reported', () => {
    const unknownZone = toZohoValue(field('DATE_TIME'), '2026-03-01T08:00:00Z', 'Europe/Atlantis');
    assert.deepEqual(unknownZone, {
      ok: false,
      problem: { field: 'someField', code: 'INVALID_VALUE', reason: 'cannot be written in the unknown time zone Europe/Atlantis' },
    });
    assert.equal(normalisePortalValue(field('DATE_TIME'), '2026-03-01T09:00:00').ok, false);
    assert.equal(normalisePortalValue(field('DATE_TIME'), '2026-02-30T09:00:00Z').ok, false);
    assert.equal(normalisePortalValue(field('DATE_TIME'), '2026-03-01T24:00:00Z').ok, false);
    assert.equal(normalisePortalValue(field('DATE_TIME'), 1_772_352_000_000).ok, false);
  });
});

describe('other types', () => {
  test('dates are calendar dates YYYY-MM-DD', () => {
    assert.deepEqual(normalisePortalValue(field('DATE'), '2028-02-29'), { ok: true, value: '2028-02-29' });
    assert.equal(normalisePortalValue(field('DATE'), '2026-02-29').ok, false);
    assert.equal(normalisePortalValue(field('DATE'), '2026-3-1').ok, false);
  });

  test('lookups are ids: Zoho writes { id }, reads { name, id }', () => {
    assert.deepEqual(toZohoValue(field('LOOKUP'), '4150868000000224005', 'UTC'), { ok: true, value: { id: '4150868000000224005' } });
    assert.deepEqual(fromZohoValue(field('LOOKUP'), { name: 'Acme', id: '4150868000000224005' }, 'UTC'), {
      ok: true,
      value: '4150868000000224005',
    });
    assert.equal(fromZohoValue(field('LOOKUP'), { name: 'Acme' }, 'UTC').ok, false);
  });

  test('booleans, integers, text, picklists and multi-selects', () => {
    assert.deepEqual(normalisePortalValue(field('BOOLEAN'), 'true'), { ok: true, value: true });
    assert.equal(normalisePortalValue(field('BOOLEAN'), 'yes').ok, false);
    assert.deepEqual(normalisePortalValue(field('INTEGER'), '42'), { ok: true, value: 42 });
    assert.equal(normalisePortalValue(field('INTEGER'), 4.2).ok, false);
    assert.deepEqual(fromZohoValue(field('TEXT'), '', 'UTC'), { ok: true, value: null });
    assert.equal(normalisePortalValue(field('PICKLIST'), '').ok, false);
    assert.deepEqual(fromZohoValue(field('MULTI_PICKLIST'), ['b', 'a', 'b'], 'UTC'), { ok: true, value: ['a', 'b'] });
    assert.deepEqual(normalisePortalValue(field('EMAIL'), null), { ok: true, value: null });
  });

  test('bad data is a result naming the field, never a throw', () => {
    assert.deepEqual(normalisePortalValue({ name: 'amount', type: 'CURRENCY' }, 'twelve'), {
      ok: false,
      problem: { field: 'amount', code: 'INVALID_VALUE', reason: 'must be a decimal number, e.g. 1200.50' },
    });
    assert.equal(fromZohoValue(field('TEXT'), { unexpected: true }, 'UTC').ok, false);
  });
});
