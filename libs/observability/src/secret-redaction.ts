/** What replaces a redacted value in logs. */
export const REDACTED = '[REDACTED]';

// Keys whose values are secrets whatever they look like. Matched case-insensitively against the
// whole key with separators removed, so `refresh_token`, `refreshToken` and `Refresh-Token` match.
const SECRET_KEY_PATTERN = /(password|passwd|secret|token|authorization|apikey|cookie|privatekey|credential|signature|grantcode|^code$)/i;

// Values that are secrets wherever they appear inside a string.
const SECRET_VALUE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // JSON Web Tokens (three base64url segments, header starting with `{"`).
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Zoho OAuth access/refresh tokens and grant codes: `1000.<32 hex>.<32 hex>`.
  [/\b1000\.[0-9a-f]{32}\.[0-9a-f]{32}\b/g, REDACTED],
  // `Bearer <token>` / `Zoho-oauthtoken <token>` authorization values.
  [/\b(Bearer|Zoho-oauthtoken)\s+[^\s",]+/gi, `$1 ${REDACTED}`],
  // Passwords inside connection URLs: `postgres://user:secret@host`.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
];

// Keys whose values are personal data (GDPR): e-mail addresses and phone numbers, however they
// look (`Email`, `Secondary_Email`, `Phone`, `Home_Phone`, `Mobile`, `Fax`). Separators removed first.
const PERSONAL_KEY_PATTERN = /(e?mail|phone|mobile|fax)/i;

// Personal data inside any string. Phone numbers are matched only in shapes that cannot be dates,
// amounts or Zoho record ids: international (`+49 30 1234567`) and grouped 3-3-4 (`(555) 123-4567`).
const PERSONAL_VALUE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, REDACTED],
  [/\+\d[\d\s().-]{5,}\d/g, REDACTED],
  [/(\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g, REDACTED],
];

// A `code` key holds an OAuth grant code in token exchanges but an error code in every Zoho answer
// (`"code": "INVALID_DATA"`); a word in capitals is the latter, and is what a reader needs.
const ERROR_CODE_VALUE = /^[A-Z][A-Z0-9_]*$/;

function isSecretEntry(key: string, value: unknown): boolean {
  if (value === undefined || value === null || !SECRET_KEY_PATTERN.test(key.replace(/[-_\s]/g, ''))) {
    return false;
  }
  return !(key.toLowerCase() === 'code' && typeof value === 'string' && ERROR_CODE_VALUE.test(value));
}

function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY_PATTERN.test(key.replace(/[-_\s]/g, ''));
}

/** Replaces secret-looking substrings (tokens, JWTs, URL passwords) inside free text. */
export function redactSecretText(text: string): string {
  return replaceAll(text, SECRET_VALUE_PATTERNS);
}

/** Replaces secret-looking substrings and personal data (e-mail addresses, phone numbers) inside free text. */
export function redactSecretAndPersonalText(text: string): string {
  return replaceAll(replaceAll(text, SECRET_VALUE_PATTERNS), PERSONAL_VALUE_PATTERNS);
}

function replaceAll(text: string, patterns: ReadonlyArray<[RegExp, string]>): string {
  let result = text;
  for (const [pattern, replacement] of patterns) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/**
 * Returns a deep copy of `value` that is safe to log: values under secret-named keys become
 * `[REDACTED]`, and secret-looking substrings inside every string are masked. Cycles are cut.
 *
 * @example
 *   redactSecrets({ refresh_token: '1000.abc…', url: 'postgres://app:pw@db/x' })
 *   // → { refresh_token: '[REDACTED]', url: 'postgres://app:[REDACTED]@db/x' }
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, false, new WeakSet());
}

/**
 * {@link redactSecrets}, and personal data too: string and number values under e-mail, phone,
 * mobile and fax keys, and e-mail addresses and phone numbers inside every string — for copies of
 * customer records kept for diagnosis (e.g. sync-engine's debug mode), where a secret is not the
 * only thing that must not be kept.
 *
 * @example
 *   redactSecretsAndPersonalData({ Email: 'ann@example.com', Description: 'call +49 30 1234567', Amount: 5 })
 *   // → { Email: '[REDACTED]', Description: 'call [REDACTED]', Amount: 5 }
 */
export function redactSecretsAndPersonalData(value: unknown): unknown {
  return redact(value, true, new WeakSet());
}

function redact(value: unknown, personal: boolean, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    return personal ? redactSecretAndPersonalText(value) : redactSecretText(value);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (seen.has(value)) {
    return '[Circular]';
  }
  seen.add(value);
  const text = personal ? redactSecretAndPersonalText : redactSecretText;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: text(value.message),
      ...(value.stack ? { stack: text(value.stack) } : {}),
      ...(redact({ ...value }, personal, seen) as object),
    };
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, personal, seen));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (isSecretEntry(key, entry)) {
      copy[key] = REDACTED;
    } else if (personal && isPersonalKey(key) && (typeof entry === 'string' || typeof entry === 'number')) {
      copy[key] = REDACTED;
    } else {
      copy[key] = redact(entry, personal, seen);
    }
  }
  return copy;
}
