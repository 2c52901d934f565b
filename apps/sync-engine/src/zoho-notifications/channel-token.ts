import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A channel's secret: what Zoho echoes in every notification, and the hash we keep of it. */
export interface ChannelToken {
  /** 43 URL-safe characters (256 random bits); Zoho takes up to 50 (reference §7). Never stored or logged. */
  readonly token: string;
  readonly hash: string;
}

/** A fresh random token and its SHA-256 hash (hex). */
export function newChannelToken(): ChannelToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashChannelToken(token) };
}

export function hashChannelToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether `presented` is the token of one of `acceptedHashes`, comparing hashes in constant time
 * (both are 32 bytes whatever was presented, so neither length nor content leaks through timing).
 */
export function tokenMatches(presented: string, acceptedHashes: readonly (string | null)[]): boolean {
  const presentedHash = Buffer.from(hashChannelToken(presented), 'hex');
  let matched = false;
  for (const hash of acceptedHashes) {
    if (hash !== null && /^[0-9a-f]{64}$/.test(hash)) {
      // No early exit: every accepted hash is compared.
      matched = timingSafeEqual(presentedHash, Buffer.from(hash, 'hex')) || matched;
    }
  }
  return matched;
}

/** A new channel id: Zoho wants a long we choose; 18 random digits fit and never start with 0. */
export function newChannelId(): string {
  return `${randomInt(1, 10)}${Array.from({ length: 17 }, () => randomInt(0, 10)).join('')}`;
}
