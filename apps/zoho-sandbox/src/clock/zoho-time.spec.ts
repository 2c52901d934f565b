import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatZohoDateTime, isZohoDate, parseZohoDateTime } from './zoho-time';

describe('Zoho time formats', () => {
  test('renders an instant in the user time zone with its offset and no milliseconds', () => {
    const instant = Date.UTC(2023, 4, 10, 8, 10, 47, 999);
    assert.equal(formatZohoDateTime(instant, 'America/Los_Angeles'), '2023-05-10T01:10:47-07:00');
    assert.equal(formatZohoDateTime(instant, 'Asia/Kolkata'), '2023-05-10T13:40:47+05:30');
    assert.equal(formatZohoDateTime(instant, 'UTC'), '2023-05-10T08:10:47+00:00');
    assert.equal(formatZohoDateTime(Date.UTC(2023, 0, 10, 8), 'America/Los_Angeles'), '2023-01-10T00:00:00-08:00');
  });

  test('parses any offset back to the same instant and rejects other shapes', () => {
    assert.equal(parseZohoDateTime('2023-05-10T01:10:47-07:00'), Date.UTC(2023, 4, 10, 8, 10, 47));
    assert.equal(parseZohoDateTime('2023-05-10T13:40:47+05:30'), Date.UTC(2023, 4, 10, 8, 10, 47));
    for (const bad of [
      '2023-05-10T08:10:47Z',
      '2023-05-10T08:10:47.000+00:00',
      '2023-05-10 08:10:47+00:00',
      '2023-02-30T00:00:00+00:00',
      '2023-05-10T24:00:00+00:00',
    ]) {
      assert.equal(parseZohoDateTime(bad), null, bad);
    }
  });

  test('accepts only real calendar dates in yyyy-MM-dd', () => {
    assert.equal(isZohoDate('2024-02-29'), true);
    assert.equal(isZohoDate('2023-02-29'), false);
    assert.equal(isZohoDate('2023-5-1'), false);
    assert.equal(isZohoDate('05/01/2023'), false);
  });
});
