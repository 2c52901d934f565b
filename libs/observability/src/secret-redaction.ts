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

function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key.replace(/[-_\s]/g, ''));
}

/** Replaces secret-looking substrings (tokens, JWTs, URL passwords) inside free text. */
export function redactSecretText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_VALUE_PATTERNS) {
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
export function redactSecrets(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') {
    return redactSecretText(value);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (seen.has(value)) {
    return '[Circular]';
  }
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactSecretText(value.message),
      ...(value.stack ? { stack: redactSecretText(value.stack) } : {}),
      ...(redactSecrets({ ...value }, seen) as object),
    };
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactSecrets(item, seen));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && entry !== undefined && entry !== null ? REDACTED : redactSecrets(entry, seen);
  }
  return copy;
}
