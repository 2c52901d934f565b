import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoArgumentError } from '../errors/zoho-errors';
import {
  calendarDateIn,
  compareZohoDates,
  compareZohoDateTimes,
  formatZohoDate,
  formatZohoDateTime,
  parseZohoDate,
  parseZohoDateTime,
  zohoDateTimeToEpochMs,
} from './zoho-time';

describe('Zoho time', () => {
  test('a Zoho date-time is an instant: its offset is applied', () => {
    assert.deepEqual(parseZohoDateTime('2024-05-01T10:00:00+05:30'), { epochMs: Date.UTC(2024, 4, 1, 4, 30), offsetMinutes: 330 });
    assert.equal(parseZohoDateTime('2023-05-10T01:10:47-07:00').epochMs, Date.UTC(2023, 4, 10, 8, 10, 47));
    assert.equal(zohoDateTimeToEpochMs(null), null);
  });

  test('instants are compared as instants, where string order would be wrong', () => {
    const india = '2024-05-01T10:00:00+05:30'; // 04:30 UTC
    const utc = '2024-05-01T05:00:00+00:00'; // later, but sorts first as a string
    assert.ok(utc < india, 'as strings the order is reversed');
    assert.ok(compareZohoDateTimes(india, utc) < 0);
    assert.equal(compareZohoDateTimes('2024-05-01T10:00:00+05:30', '2024-05-01T04:30:00+00:00'), 0);
  });

  test('outgoing date-times are written in the org time zone, seconds precision, with daylight saving', () => {
    const instant = Date.UTC(2024, 4, 1, 4, 30, 15, 999);
    assert.equal(formatZohoDateTime(instant, 'Asia/Kolkata'), '2024-05-01T10:00:15+05:30');
    assert.equal(formatZohoDateTime(instant, 'America/Los_Angeles'), '2024-04-30T21:30:15-07:00');
    assert.equal(formatZohoDateTime(Date.UTC(2024, 0, 15, 12), 'America/Los_Angeles'), '2024-01-15T04:00:00-08:00');
    assert.equal(formatZohoDateTime(instant), '2024-05-01T04:30:15+00:00');
    for (const zone of ['Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Chatham', 'UTC']) {
      assert.equal(parseZohoDateTime(formatZohoDateTime(instant, zone)).epochMs, Math.floor(instant / 1000) * 1000, zone);
    }
  });

  test('dates stay calendar dates; "today" depends on the zone', () => {
    assert.deepEqual(parseZohoDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
    assert.equal(formatZohoDate(parseZohoDate('2024-02-29')), '2024-02-29');
    assert.ok(compareZohoDates(parseZohoDate('2024-03-01'), parseZohoDate('2024-02-29')) > 0);
    const instant = Date.UTC(2024, 4, 1, 20, 0);
    assert.deepEqual(calendarDateIn(instant, 'Asia/Tokyo'), { year: 2024, month: 5, day: 2 });
    assert.deepEqual(calendarDateIn(instant, 'America/Los_Angeles'), { year: 2024, month: 5, day: 1 });
  });

  test('malformed values are refused naming the field', () => {
    for (const bad of ['2024-05-01 10:00:00', '2024-05-01T10:00:00', '2024-13-01T10:00:00+00:00', '2023-02-29T00:00:00+00:00']) {
      assert.throws(
        () => parseZohoDateTime(bad, 'Modified_Time'),
        (error: unknown) => error instanceof ZohoArgumentError && error.field === 'Modified_Time',
        bad,
      );
    }
    assert.throws(
      () => parseZohoDate('2023-02-29', 'Closing_Date'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'Closing_Date',
    );
    assert.throws(
      () => formatZohoDateTime(0, 'Mars/Olympus'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'timeZone',
    );
  });
});
