import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with it, so secret scanners and people recognise a CRM Bridge key in a leak. */
export const API_KEY_PREFIX = 'crmb_';

const SECRET_BYTES = 32;

/** `crmb_<key id, a UUID>_<64 hex characters>`. */
const API_KEY_PATTERN = /^crmb_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([0-9a-f]{64})$/;

/** A presented key taken apart: the id says which row to check, the secret proves it. */
export interface PresentedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

/** A new random secret: 256 bits, as hex (no characters a shell, URL or header would mangle). */
export function newApiKeySecret(): string {
  return randomBytes(SECRET_BYTES).toString('hex');
}

/** The key a partner is shown once: the prefix, the key's id, its secret. */
export function formatApiKey(keyId: string, secret: string): string {
  return `${API_KEY_PREFIX}${keyId}_${secret}`;
}

/** The id and secret of a presented key, or null if it is not shaped like one of ours. */
export function parseApiKey(presented: string): PresentedApiKey | null {
  const match = API_KEY_PATTERN.exec(presented);
  return match ? { keyId: match[1] as string, secret: match[2] as string } : null;
}

/**
 * What is stored of a secret: its SHA-256, hex. A fast hash suffices here, unlike for passwords:
 * the secret is 256 random bits, so no guess list or brute force gets anywhere near it, and a
 * slow hash (bcrypt, argon2) would only add tens of milliseconds of CPU to every partner request,
 * since every request is verified against the database (nothing is cached).
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
