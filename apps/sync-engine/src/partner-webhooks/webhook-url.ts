import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WebhookUrlPolicy } from './partner-webhooks.config';

const MAX_URL_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `raw` may not be a webhook URL under `policy`, or null if it may. Only https, except that
 * `DEVELOPMENT` allows http to the local machine; never credentials in the URL, and never an
 * internal address literal (loopback outside DEVELOPMENT, private, link-local — e.g. the cloud
 * metadata address 169.254.169.254 — or unspecified). Host names are not resolved here; the
 * worker checks what they resolve to before each POST ({@link internalAddressOf}).
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
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(address) !== 0 && isInternalAddress(address)) {
    return `must not point at an internal network address (${address})`;
  }
  return null;
}

/** How a host name is resolved; `dns.lookup` unless a test gives another. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * The first internal address `url`'s host name resolves to, or null: under `STRICT` a name that
 * points into our network (whether by mistake or to reach it) is refused before each POST, not only
 * at registration, since DNS may change. Address literals were checked at registration, and
 * `DEVELOPMENT` allows this machine, so neither is resolved. (The POST resolves the name again, so a
 * record changed in between — DNS rebinding — is not caught; an egress policy must back this up.)
 */
export async function internalAddressOf(
  url: string,
  policy: WebhookUrlPolicy,
  resolve: HostResolver = systemResolver,
): Promise<string | null> {
  const host = new URL(url).hostname;
  if (policy !== 'STRICT' || host.startsWith('[') || isIP(host) !== 0) {
    return null;
  }
  return (await resolve(host)).find(isInternalAddress) ?? null;
}

function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) {
    const mapped = lower.slice('::ffff:'.length);
    return isIP(mapped) === 4 ? isInternalAddress(mapped) : true;
  }
  return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff');
}
