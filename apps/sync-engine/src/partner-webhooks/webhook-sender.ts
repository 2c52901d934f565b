import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookUrlPolicy } from './partner-webhooks.config';
import { addressRefusal, unbracketed } from './webhook-url';

/** How much of a response body an attempt keeps: enough to read an error page's message. */
const RESPONSE_BODY_LIMIT = 1024;

/** Every address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The operating system's resolver (what `http.request` would use itself). */
const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/** How one POST ended. `refused`: not sent, because the host is or resolves to an address the policy forbids. */
export type WebhookPostOutcome =
  | { readonly kind: 'answered'; readonly statusCode: number; readonly responseBody: string | null }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'failed'; readonly reason: string };

/** One signed webhook request. */
export interface WebhookPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Thrown by the checked lookup so the sender can tell a refusal from a network failure. */
class WebhookAddressRefusedError extends Error {}

/**
 * Sends webhook POSTs with node:http(s), connecting only to addresses the URL policy allows. The
 * host name is resolved once per connection by a `lookup` of our own, which refuses the
 * connection when ANY address the name has is internal under the policy and otherwise hands the
 * socket exactly the addresses it checked — so no second resolution (DNS rebinding: a name that
 * answered a public address at registration, or a moment ago, and 127.0.0.1 or
 * 169.254.169.254 now) can swap the target after the check. TLS still verifies the certificate
 * against the host name. Address literals are not looked up by node:net, so they are checked
 * before the request. Redirects are never followed (node:http does not): a 3xx is an answer like
 * any other.
 *
 * Keep-alive agents of its own reuse connections to the same host (each was checked when made);
 * {@link close} ends them.
 */
export class WebhookSender {
  private readonly lookup: LookupFunction;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  /** `resolve` is the system resolver in production; a spec may pass one that changes its answers. */
  constructor(
    private readonly policy: WebhookUrlPolicy,
    private readonly timeoutMs: number,
    resolve: HostResolver = systemResolver,
  ) {
    this.lookup = checkedLookup(policy, resolve);
  }

  post({ url, headers, body }: WebhookPost): Promise<WebhookPostOutcome> {
    const target = new URL(url);
    const host = unbracketed(target.hostname);
    if (isIP(host) !== 0) {
      const refusal = addressRefusal(host, host, this.policy);
      if (refusal !== null) {
        return Promise.resolve({ kind: 'refused', reason: `not sent: ${refusal}` });
      }
    }
    const secure = target.protocol === 'https:';
    return new Promise<WebhookPostOutcome>((resolve) => {
      let request: ClientRequest | null = null;
      let settled = false;
      const settle = (outcome: WebhookPostOutcome) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        }
      };
      const timer = setTimeout(() => {
        settle({ kind: 'timed-out' });
        request?.destroy();
      }, this.timeoutMs);
      request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup,
        },
        (response) =>
          void readLimited(response).then(
            (responseBody) => settle({ kind: 'answered', statusCode: response.statusCode ?? 0, responseBody }),
            (error: unknown) => settle({ kind: 'failed', reason: messageOf(error) }),
          ),
      );
      request.on('error', (error) =>
        settle(
          error instanceof WebhookAddressRefusedError
            ? { kind: 'refused', reason: error.message }
            : { kind: 'failed', reason: messageOf(error) },
        ),
      );
      request.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/**
 * A node:net `lookup` that resolves `hostname` once with `resolve`, fails with a
 * {@link WebhookAddressRefusedError} when any of its addresses is refused under `policy`, and
 * otherwise answers with the addresses it checked (all of them when net asks for all, for
 * happy-eyeballs connection attempts; the first otherwise).
 */
function checkedLookup(policy: WebhookUrlPolicy, resolve: HostResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const addresses =
          options.family === 4 || options.family === 6 ? resolved.filter((entry) => entry.family === options.family) : resolved;
        const refusal = addresses.map((entry) => addressRefusal(hostname, entry.address, policy)).find((reason) => reason !== null);
        const [first] = addresses;
        if (refusal) {
          callback(new WebhookAddressRefusedError(`not sent: ${refusal}`), '', 0);
        } else if (!first) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, [...addresses]);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** The start of a response body (at most {@link RESPONSE_BODY_LIMIT} characters), or null if empty; the rest is not read. */
async function readLimited(response: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  // 4 bytes per character at most: enough bytes for the limit in characters.
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= RESPONSE_BODY_LIMIT * 4) {
      response.destroy();
      break;
    }
  }
  const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_LIMIT);
  return text || null;
}

/** A network failure's own words, e.g. `connect ECONNREFUSED 127.0.0.1:9` or a TLS certificate error. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
