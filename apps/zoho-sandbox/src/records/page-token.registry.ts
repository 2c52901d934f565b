import { createHmac, randomBytes } from 'node:crypto';

const TOKEN_LIFETIME_MS = 24 * 3600_000;
const TOKEN_PATTERN = /^([0-9a-z]{1,8})\.([0-9a-z]{1,10})\.([0-9a-f]{8})([0-9a-f]{24})$/;

export interface PageTokenEntry {
  offset: number;
  expiresAt: number;
}

export type PageTokenLookup = { kind: 'ok'; entry: PageTokenEntry } | { kind: 'unknown' } | { kind: 'expired' } | { kind: 'mismatch' };

/**
 * Page tokens of the list API, which reach records past the first 2,000 (reference §2.1): per
 * user, bound to the request's parameters, valid for 24 hours, at most 96 characters.
 *
 * Every list page hands out a token, so storing them would grow without bound under load; a
 * token instead carries its offset and expiry and two HMACs — one over the user, one over the
 * bound parameters — so each failure gets Zoho's distinct error without any state.
 */
export class PageTokenRegistry {
  private readonly secret = randomBytes(32);

  issue(userId: string, boundTo: string, offset: number, now: number): { token: string; expiresAt: number } {
    const expiresAt = now + TOKEN_LIFETIME_MS;
    const body = `${offset.toString(36)}.${expiresAt.toString(36)}`;
    return { token: `${body}.${this.mac(`user:${userId}:${body}`, 8)}${this.mac(`bound:${userId}:${boundTo}:${body}`, 24)}`, expiresAt };
  }

  lookup(token: string, userId: string, boundTo: string, now: number): PageTokenLookup {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) {
      return { kind: 'unknown' };
    }
    const [, offsetText = '', expiryText = '', userMac = '', boundMac = ''] = match;
    const body = `${offsetText}.${expiryText}`;
    if (this.mac(`user:${userId}:${body}`, 8) !== userMac) {
      return { kind: 'unknown' };
    }
    const expiresAt = parseInt(expiryText, 36);
    if (expiresAt <= now) {
      return { kind: 'expired' };
    }
    if (this.mac(`bound:${userId}:${boundTo}:${body}`, 24) !== boundMac) {
      return { kind: 'mismatch' };
    }
    return { kind: 'ok', entry: { offset: parseInt(offsetText, 36), expiresAt } };
  }

  private mac(text: string, length: number): string {
    return createHmac('sha256', this.secret).update(text).digest('hex').slice(0, length);
  }
}
