import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redactSecrets, redactSecretsAndPersonalData } from './secret-redaction';

const ZOHO_ACCESS_TOKEN = `1000.${'a1'.repeat(16)}.${'b2'.repeat(16)}`;

test('personal data: values under e-mail, phone, mobile and fax keys, however they are spelled', () => {
  const record = {
    Email: 'ann@example.com',
    Secondary_Email: 'ann.private@example.org',
    Phone: 5551234567,
    Home_Phone: '030 1234567',
    mobile: '0171 2345678',
    Fax: '+49 30 7654321',
    Email_Opt_Out: false,
    Deal_Name: 'Acme rollout',
  };
  assert.deepEqual(redactSecretsAndPersonalData(record), {
    Email: REDACTED,
    Secondary_Email: REDACTED,
    Phone: REDACTED,
    Home_Phone: REDACTED,
    mobile: REDACTED,
    Fax: REDACTED,
    // Not personal: a flag about the address says nothing about it.
    Email_Opt_Out: false,
    Deal_Name: 'Acme rollout',
  });
});

test('personal data inside free text: e-mail addresses, international and grouped phone numbers', () => {
  const redacted = redactSecretsAndPersonalData({
    Description: 'Ask ann.o-brien+deals@mail.example.co.uk or call +49 (30) 123-4567, else (555) 123-4567 or 555.987.6543',
  });
  assert.deepEqual(redacted, { Description: `Ask ${REDACTED} or call ${REDACTED}, else ${REDACTED} or ${REDACTED}` });
});

test('dates, amounts, times and Zoho record ids are not taken for phone numbers', () => {
  const values = {
    Closing_Date: '2027-03-31',
    Modified_Time: '2026-03-01T10:02:30+01:00',
    Amount: '1250000.50',
    id: '5725767000000412001',
    Note: 'order 2026-03-01 of 125000.50 EUR for record 5725767000000412001',
  };
  assert.deepEqual(redactSecretsAndPersonalData(values), values);
});

test('secrets are still redacted, under keys and inside text, and arrays and nesting are walked', () => {
  const redacted = redactSecretsAndPersonalData({
    data: [{ access_token: 'opaque', Contact: { Email: 'x@y.io' } }],
    note: `Zoho-oauthtoken ${ZOHO_ACCESS_TOKEN}`,
    headers: { Authorization: 'whatever' },
  });
  assert.deepEqual(redacted, {
    data: [{ access_token: REDACTED, Contact: { Email: REDACTED } }],
    note: `Zoho-oauthtoken ${REDACTED}`,
    headers: { Authorization: REDACTED },
  });
});

test('redactSecrets alone leaves personal data as it is (logs keep addresses an operator needs)', () => {
  assert.deepEqual(redactSecrets({ Email: 'ann@example.com', token: 'x' }), { Email: 'ann@example.com', token: REDACTED });
});

test("a `code` that is an error code (Zoho's `INVALID_DATA`) is kept; any other code is a grant code and redacted", () => {
  assert.deepEqual(redactSecrets({ data: [{ code: 'INVALID_DATA', status: 'error' }], code: '1000.abc' }), {
    data: [{ code: 'INVALID_DATA', status: 'error' }],
    code: REDACTED,
  });
  assert.deepEqual(redactSecretsAndPersonalData({ code: 'a1b2c3' }), { code: REDACTED });
});
