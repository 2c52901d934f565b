import { isIP } from 'node:net';
import type { WebhookUrlPolicy } from './partner-webhooks.config';

const MAX_URL_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `raw` may not be a webhook URL under `policy`, or null if it may. Only https, except that
 * `DEVELOPMENT` allows http to the local machine; never credentials in the URL, and never an
 * internal address literal (loopback outside DEVELOPMENT, private, link-local — e.g. the cloud
 * metadata address 169.254.169.254 — or unspecified). Host names are not resolved here: DNS may
 * change after registration, so the worker checks every address a name resolves to when it
 * connects ({@link addressRefusal}).
 */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | null {
  if (raw.length > MAX_URL_LENGTH) {
    return `must be at most ${MAX_URL_LENGTH} characters`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, e.g. https://partner.example.com/webhooks';
  }
  if (url.username || url.password) {
    return 'must not carry credentials; the signature authenticates the request';
  }
  const host = url.hostname.toLowerCase();
  const local = LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost');
  if (local) {
    return policy === 'DEVELOPMENT' && (url.protocol === 'http:' || url.protocol === 'https:')
      ? null
      : 'must not point at this machine (localhost); only allowed when WEBHOOK_URL_POLICY is DEVELOPMENT';
  }
  if (url.protocol !== 'https:') {
    return 'must use https';
  }
  const address = unbracketed(host);
  if (isIP(address) !== 0 && internalAddressClass(address) !== null) {
    return `must not point at an internal network address (${address})`;
  }
  return null;
}

/**
 * Why a webhook to `host` may not go to `address` (what `host` resolved to, or `host` itself when it
 * is an address literal) under `policy`, naming the address and its class — e.g. `partner.example.com
 * resolves to 169.254.169.254, a link-local address (cloud metadata)` — or null if it may.
 * `STRICT` refuses every internal address; `DEVELOPMENT` allows loopback (the developer's
 * receiver, the tests') and refuses the rest.
 */
export function addressRefusal(host: string, address: string, policy: WebhookUrlPolicy): string | null {
  const internal = internalAddressClass(address);
  if (internal === null || (policy === 'DEVELOPMENT' && internal === 'loopback')) {
    return null;
  }
  const described = `${/^[aeiou]/.test(internal) ? 'an' : 'a'} ${internal} address`;
  return host === address ? `${address} is ${described}` : `${host} resolves to ${address}, ${described}`;
}

/** A URL's host as an address literal or name, without IPv6 brackets. */
export function unbracketed(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * The URL as it may be shown in logs and events: scheme, host, port and path only — credentials,
 * the query and the fragment may carry a partner's tokens.
 */
export function redactedWebhookUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '[unparsable URL]';
  }
}

/** Which kind of internal address `address` is, or null for a public one (or not an address). */
function internalAddressClass(address: string): string | null {
  if (isIP(address) === 4) {
    const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
    if (a === 0) {
      return 'unspecified ("this network")';
    }
    if (a === 127) {
      return 'loopback';
    }
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
      return 'private';
    }
    if (a === 100 && b >= 64 && b <= 127) {
      return 'carrier-grade NAT (shared)';
    }
    if (a === 169 && b === 254) {
      return c === 169 && d === 254 ? 'link-local (cloud metadata)' : 'link-local';
    }
    return a >= 224 ? 'multicast or reserved' : null;
  }
  if (isIP(address) !== 6) {
    return null;
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) {
    // `[::ffff:10.0.0.1]` reaches 10.0.0.1; URL parsing writes it as `::ffff:a00:1`.
    const mapped = lower.slice('::ffff:'.length);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(mapped);
    const ipv4 = hex ? [...hexWordBytes(hex[1] ?? ''), ...hexWordBytes(hex[2] ?? '')].join('.') : mapped;
    return isIP(ipv4) === 4 ? internalAddressClass(ipv4) : 'IPv4-mapped';
  }
  if (lower === '::') {
    return 'unspecified';
  }
  if (lower === '::1') {
    return 'loopback';
  }
  if (/^f[cd]/.test(lower)) {
    return 'private (unique local)';
  }
  if (/^fe[89ab]/.test(lower)) {
    return 'link-local';
  }
  return lower.startsWith('ff') ? 'multicast' : null;
}

function hexWordBytes(word: string): [number, number] {
  const value = parseInt(word, 16);
  return [value >> 8, value & 0xff];
}
