import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { backoffDelayMs } from '@crm-bridge/backoff';
import { inClientSpan, SpanAttributes, traceContextHeaders } from '@crm-bridge/observability';
import type { ZohoAccessToken, ZohoTokenProvider } from '../auth/zoho-token-provider';
import {
  isZohoErrorBody,
  ZohoAuthenticationError,
  ZohoDeadlineError,
  ZohoError,
  zohoErrorFromBody,
  ZohoNetworkError,
  ZohoRateLimitError,
  ZohoResponseError,
  ZohoServerError,
} from '../errors/zoho-errors';
import { abortableSleep, type ZohoRateLimiter } from '../limits/zoho-rate-limiter';
import type { ZohoClientMetrics } from '../metrics/zoho-client-metrics';

/**
 * The access token Zoho refused, per authentication error, so the retry invalidates exactly that
 * token (another call may have refreshed it already). Kept beside the error, never in its
 * details, so a token cannot leak through a logged or rethrown error.
 */
const rejectedTokens = new WeakMap<ZohoError, string>();

/**
 * Errors of the token provider's own (e.g. auth-connector's "this connection needs a new
 * consent"): they reach the caller unchanged instead of being retried as network errors.
 */
const tokenProviderFailures = new WeakSet<object>();

export type ZohoHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ZohoCall {
  orgRef: string;
  /** Metrics label, e.g. `records.list`. */
  operation: string;
  method: ZohoHttpMethod;
  /** Path under the org's API domain (`/crm/v8/Leads`), or a function of it for other hosts (bulk upload). */
  path: string | ((apiDomain: string) => string);
  query?: Record<string, string | number | boolean | undefined | null>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Credits Zoho charges for this call (its cost table, §8). */
  credits: number;
  /** Goes through the heavy sub-concurrency pool too. */
  heavy?: boolean;
  /**
   * May be repeated after a 5xx, a network error or a time-out without changing the outcome.
   * Defaults to true for GET, PUT and DELETE, false for POST and PATCH.
   */
  idempotent?: boolean;
  /** The whole call's deadline, retries and waits included (default: the client's). */
  deadlineMs?: number;
  /** A caller's signal that also cancels the call. */
  signal?: AbortSignal;
  /**
   * A batch write: a 4xx whose body is `{"data": [...]}` is returned, not thrown, because its
   * elements are per-record outcomes (an all-failed batch is HTTP 400, §2.2).
   */
  batchEnvelope?: boolean;
  /** `stream` hands back the body unread (bulk downloads); default parses JSON. */
  responseType?: 'json' | 'stream';
}

export interface ZohoResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON; null for 204/304 and empty bodies. */
  body: T | null;
}

export interface ZohoStreamResponse {
  status: number;
  headers: Headers;
  body: Readable;
}

export interface ZohoRetryPolicy {
  /** Attempts after the first for 5xx, network errors and time-outs (idempotent calls only). Default 3. */
  maxRetries: number;
  /** Attempts after the first for 429 (any call: Zoho refused it before doing anything). Default 5. */
  maxRateLimitRetries: number;
  /** First backoff; doubles per attempt, with equal jitter (half to all of it). Default 250 ms. */
  baseDelayMs: number;
  /** Ceiling of one backoff. Default 10 s. */
  maxDelayMs: number;
  /** Deadline of one attempt (the call's deadline still bounds the total). Default 30 s. */
  attemptTimeoutMs: number;
}

export interface ZohoHttpClientOptions {
  tokens: ZohoTokenProvider;
  limiter: ZohoRateLimiter;
  metrics?: ZohoClientMetrics;
  retry?: Partial<ZohoRetryPolicy>;
  /** Default deadline of a call, retries included. Default 60 s. */
  deadlineMs?: number;
  random?: () => number;
  /** Told the credits of every call Zoho charged, per org (e.g. to keep a per-integration credit budget). */
  onCharged?: (orgRef: string, credits: number) => void;
  /**
   * Told every attempt sent to Zoho once it ends (retries are separate exchanges), e.g. to keep a
   * debug record. Called synchronously: keep it cheap. An error it throws is swallowed, never the call's.
   */
  onExchange?: (exchange: ZohoExchange) => void;
}

/**
 * One attempt of a call as Zoho saw it. Never carries the access token, the headers or the API
 * host; bodies are the parsed JSON as sent and received (the same objects: a listener that keeps
 * them must copy and redact them — they hold customer data).
 */
export interface ZohoExchange {
  readonly orgRef: string;
  /** The call's metrics label, e.g. `records.upsert`. */
  readonly operation: string;
  readonly method: ZohoHttpMethod;
  /** The path under the API domain, e.g. `/crm/v8/Deals/upsert` (for another host, its URL's path). */
  readonly path: string;
  /** The query parameters sent. */
  readonly query: Readonly<Record<string, string>>;
  /** Zoho's HTTP status; null when no answer came (network error, time-out). */
  readonly status: number | null;
  readonly durationMs: number;
  /** The code of the error the attempt ended in (Zoho's, e.g. `INVALID_DATA`, or the client's, e.g. `NETWORK_ERROR`); null on success. */
  readonly errorCode: string | null;
  /** Credits Zoho charged for the attempt (0 when it refused or failed it). */
  readonly credits: number;
  /** The JSON body sent; `'[form data]'` for an upload; undefined without a body. */
  readonly requestBody: unknown;
  /** The parsed answer; `'[stream]'` for a streamed download; null when empty or none came. */
  readonly responseBody: unknown;
}

const DEFAULT_RETRY: ZohoRetryPolicy = {
  maxRetries: 3,
  maxRateLimitRetries: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  attemptTimeoutMs: 30_000,
};

/**
 * The only code that talks HTTP to Zoho's CRM API (CONVENTIONS 2). Every call: waits for the
 * org's limiter (concurrency, heavy pool, credit budget), gets a token for the org and uses the
 * token's `api_domain`, runs under a deadline, retries once with a refreshed token on
 * INVALID_TOKEN / AUTHENTICATION_FAILURE, backs off on 429 (Retry-After when sent; Zoho CRM
 * documents none, so exponential with jitter), retries 5xx / network / time-outs with jitter for
 * idempotent calls only, turns Zoho's error bodies into typed errors, and records metrics.
 */
export class ZohoHttpClient {
  private readonly retry: ZohoRetryPolicy;
  private readonly random: () => number;

  constructor(private readonly options: ZohoHttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  get limiter(): ZohoRateLimiter {
    return this.options.limiter;
  }

  /** A call whose body is JSON (or empty). Throws a typed {@link ZohoError} for a top-level error. */
  async call<T = unknown>(call: ZohoCall): Promise<ZohoResponse<T>> {
    const response = await this.execute({ ...call, responseType: 'json' });
    return response as ZohoResponse<T>;
  }

  /** A call whose body is streamed to the caller (bulk result files). */
  async stream(call: ZohoCall): Promise<ZohoStreamResponse> {
    const response = await this.execute({ ...call, responseType: 'stream' });
    return response as ZohoStreamResponse;
  }

  private async execute(call: ZohoCall): Promise<ZohoResponse | ZohoStreamResponse> {
    const deadlineMs = call.deadlineMs ?? this.options.deadlineMs ?? 60_000;
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = call.signal ? AbortSignal.any([deadline, call.signal]) : deadline;
    const idempotent = call.idempotent ?? (call.method === 'GET' || call.method === 'PUT' || call.method === 'DELETE');
    let tokenRetried = false;
    let serverRetries = 0;
    let rateLimitRetries = 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(call, signal, deadlineMs);
      } catch (error) {
        if (tokenProviderFailures.has(error as object)) {
          throw error;
        }
        const failure = this.classify(error, signal, deadlineMs);
        this.options.metrics?.errors.inc({ operation: call.operation, code: failure.code });
        const rejectedToken = rejectedTokens.get(failure);
        if (failure instanceof ZohoAuthenticationError && rejectedToken !== undefined && !tokenRetried) {
          tokenRetried = true;
          this.options.tokens.invalidate(call.orgRef, rejectedToken);
          this.options.metrics?.retries.inc({ operation: call.operation, reason: 'token' });
          continue;
        }
        if (failure instanceof ZohoRateLimitError && rateLimitRetries < this.retry.maxRateLimitRetries) {
          rateLimitRetries += 1;
          const delay = failure.retryAfterMs ?? this.backoff(rateLimitRetries);
          // Every call of the org waits: a 429 means the org is over a limit, not just this call.
          this.options.limiter.pause(call.orgRef, Date.now() + delay);
          this.options.metrics?.retries.inc({ operation: call.operation, reason: 'rate-limit' });
          continue;
        }
        if (idempotent && isTransient(failure) && serverRetries < this.retry.maxRetries && !signal.aborted) {
          serverRetries += 1;
          this.options.metrics?.retries.inc({
            operation: call.operation,
            reason: failure instanceof ZohoServerError ? 'server' : 'network',
          });
          await abortableSleep(this.backoff(serverRetries), signal).catch(() => undefined);
          if (signal.aborted) {
            throw this.deadlineFailure(call, deadlineMs, failure);
          }
          continue;
        }
        throw failure;
      }
    }
  }

  private async attempt(call: ZohoCall, signal: AbortSignal, deadlineMs: number): Promise<ZohoResponse | ZohoStreamResponse> {
    const permit = await this.options.limiter.acquire(call.orgRef, { credits: call.credits, heavy: call.heavy ?? false, signal });
    let charged = false;
    const markCharged = (): void => {
      charged = true;
      this.options.onCharged?.(call.orgRef, call.credits);
    };
    let streamHoldsPermit = false;
    let token: ZohoAccessToken | null = null;
    const started = process.hrtime.bigint();
    // What the exchange listener is told; `sent` stays null until a request is actually made.
    let sent: { path: string; query: Record<string, string> } | null = null;
    let status: number | null = null;
    let responseBody: unknown = null;
    let errorCode: string | null = null;
    try {
      token = await this.options.tokens.accessToken(call.orgRef).catch((error: unknown) => {
        // Zoho's own errors (a refused or unreachable token endpoint) keep their retry rules.
        if (error !== null && typeof error === 'object' && !(error instanceof ZohoError)) {
          tokenProviderFailures.add(error);
        }
        throw error;
      });
      const url = new URL(typeof call.path === 'function' ? call.path(token.apiDomain) : `${token.apiDomain}${call.path}`);
      for (const [key, value] of Object.entries(call.query ?? {})) {
        if (value !== undefined && value !== null) {
          url.searchParams.set(key, String(value));
        }
      }
      const headers: Record<string, string> = { ...call.headers, authorization: `Zoho-oauthtoken ${token.token}` };
      let body: string | FormData | undefined;
      if (call.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(call.json);
      } else if (call.form !== undefined) {
        body = call.form;
      }
      const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(this.retry.attemptTimeoutMs)]);
      // The call's own path: the API domain (and any path it carries) is the host's business, not the call's.
      sent = { path: typeof call.path === 'string' ? call.path : url.pathname, query: Object.fromEntries(url.searchParams) };
      // One CLIENT span per attempt, so retries show up as siblings in the trace; the query string
      // stays out of the span (it may hold criteria with customer data).
      const response = await inClientSpan(
        `zoho ${call.operation}`,
        {
          [SpanAttributes.zohoOperation]: call.operation,
          [SpanAttributes.httpRequestMethod]: call.method,
          [SpanAttributes.urlFull]: `${url.origin}${url.pathname}`,
        },
        async (span) => {
          const answer = await fetch(url, {
            method: call.method,
            headers: { ...headers, ...traceContextHeaders() },
            body,
            signal: attemptSignal,
          });
          span.setAttribute(SpanAttributes.httpResponseStatusCode, answer.status);
          return answer;
        },
      );
      status = response.status;
      const remaining = response.headers.get('x-api-credits-remaining');
      if (remaining !== null && /^\d+$/.test(remaining)) {
        this.options.limiter.observeRemaining(call.orgRef, Number(remaining));
      }

      if (call.responseType === 'stream' && response.ok && response.body !== null) {
        markCharged();
        this.recordSuccess(call, started);
        const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
        // Zoho counts a download as an active call until its last byte: the slot goes back when
        // the body is read, fails or is abandoned, not when the headers arrive.
        streamHoldsPermit = true;
        responseBody = '[stream]';
        body.once('close', () => permit.release());
        return { status: response.status, headers: response.headers, body };
      }
      const text = await response.text();
      let parsed: unknown = null;
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
          responseBody = parsed;
        } catch {
          responseBody = text.slice(0, 200);
          if (response.ok) {
            throw new ZohoResponseError({
              code: 'UNEXPECTED_RESPONSE',
              httpStatus: response.status,
              message: `non-JSON body: ${text.slice(0, 200)}`,
            });
          }
        }
      }
      if (call.batchEnvelope && isBatchEnvelope(response.status, parsed)) {
        markCharged();
        this.recordSuccess(call, started);
        return { status: response.status, headers: response.headers, body: parsed };
      }
      if (response.status >= 400) {
        const failure = this.errorFor(response, parsed, text);
        // Zoho did not charge a refused or failed call; keep the ledger honest.
        if (failure instanceof ZohoRateLimitError || failure instanceof ZohoAuthenticationError || failure instanceof ZohoServerError) {
          permit.refund();
        } else {
          markCharged();
        }
        if (failure instanceof ZohoAuthenticationError) {
          rejectedTokens.set(failure, token.token);
        }
        throw failure;
      }
      markCharged();
      this.recordSuccess(call, started);
      return { status: response.status, headers: response.headers, body: parsed };
    } catch (error) {
      if (!charged) {
        permit.refund();
      }
      this.options.metrics?.calls.inc({ operation: call.operation, outcome: 'error' });
      this.options.metrics?.latencySeconds.observe({ operation: call.operation }, elapsedSeconds(started));
      if (error instanceof ZohoError || tokenProviderFailures.has(error as object)) {
        errorCode = error instanceof ZohoError ? error.code : null;
        throw error;
      }
      const failure = this.classify(error, signal, deadlineMs);
      errorCode = failure.code;
      throw failure;
    } finally {
      if (!streamHoldsPermit) {
        permit.release();
      }
      if (sent !== null) {
        this.reportExchange(call, sent, { status, errorCode, responseBody, credits: charged ? call.credits : 0, started });
      }
    }
  }

  private reportExchange(
    call: ZohoCall,
    sent: { path: string; query: Record<string, string> },
    outcome: { status: number | null; errorCode: string | null; responseBody: unknown; credits: number; started: bigint },
  ): void {
    if (!this.options.onExchange) {
      return;
    }
    try {
      this.options.onExchange({
        orgRef: call.orgRef,
        operation: call.operation,
        method: call.method,
        path: sent.path,
        query: sent.query,
        status: outcome.status,
        durationMs: Math.round(elapsedSeconds(outcome.started) * 1000),
        errorCode: outcome.errorCode,
        credits: outcome.credits,
        requestBody: call.json !== undefined ? call.json : call.form !== undefined ? '[form data]' : undefined,
        responseBody: outcome.responseBody,
      });
    } catch {
      // A listener's failure is its own: the call's outcome must not change because of it.
    }
  }

  private recordSuccess(call: ZohoCall, started: bigint): void {
    this.options.metrics?.calls.inc({ operation: call.operation, outcome: 'ok' });
    this.options.metrics?.credits.inc({ operation: call.operation }, call.credits);
    this.options.metrics?.latencySeconds.observe({ operation: call.operation }, elapsedSeconds(started));
  }

  private errorFor(response: Response, parsed: unknown, text: string): ZohoError {
    // Write calls put a request-level error (e.g. INVALID_MODULE on POST) as the only element of data[] (§2.2).
    const data = parsed !== null && typeof parsed === 'object' ? (parsed as { data?: unknown }).data : undefined;
    const single = Array.isArray(data) && data.length === 1 && isZohoErrorBody(data[0]) ? data[0] : null;
    const body = isZohoErrorBody(parsed) ? parsed : single;
    const failure =
      body !== null
        ? zohoErrorFromBody(body, response.status)
        : response.status === 429
          ? new ZohoRateLimitError({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, message: text.slice(0, 200) || 'too many requests' })
          : response.status >= 500
            ? new ZohoServerError({
                code: 'INTERNAL_ERROR',
                httpStatus: response.status,
                message: text.slice(0, 200) || response.statusText,
              })
            : new ZohoResponseError({
                code: 'UNEXPECTED_RESPONSE',
                httpStatus: response.status,
                message: text.slice(0, 200) || response.statusText,
              });
    if (failure instanceof ZohoRateLimitError) {
      failure.retryAfterMs = retryAfterMs(response.headers);
    }
    // 5xx with a Zoho code outside the server kind (never seen, but possible) is still transient.
    if (response.status >= 500 && !(failure instanceof ZohoServerError)) {
      return new ZohoServerError({
        code: 'INTERNAL_ERROR',
        httpStatus: response.status,
        message: failure.zohoMessage,
        details: failure.details,
      });
    }
    return failure;
  }

  private classify(error: unknown, signal: AbortSignal, deadlineMs: number): ZohoError {
    if (error instanceof ZohoError) {
      return error;
    }
    if (signal.aborted) {
      return this.deadlineFailure(null, deadlineMs, error);
    }
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new ZohoDeadlineError({
        code: 'DEADLINE_EXCEEDED',
        httpStatus: null,
        message: `attempt timed out after ${this.retry.attemptTimeoutMs} ms`,
        cause: error,
        details: { attempt: true },
      });
    }
    return new ZohoNetworkError({
      code: 'NETWORK_ERROR',
      httpStatus: null,
      message: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }

  private deadlineFailure(call: ZohoCall | null, deadlineMs: number, cause: unknown): ZohoDeadlineError {
    return new ZohoDeadlineError({
      code: 'DEADLINE_EXCEEDED',
      httpStatus: null,
      message: `${call?.operation ?? 'Zoho call'} did not complete within its ${deadlineMs} ms deadline`,
      cause,
    });
  }

  /**
   * Exponential backoff with equal jitter, so a storm of clients does not retry in lockstep while
   * each retry still waits at least half its delay.
   */
  private backoff(retry: number): number {
    return backoffDelayMs(
      retry,
      { initialDelayMs: this.retry.baseDelayMs, maxDelayMs: this.retry.maxDelayMs, jitter: 'equal' },
      this.random,
    );
  }
}

/** A 4xx other than 401/429 whose body holds per-element results: `data[]` for records, `watch[]` for notification channels. */
function isBatchEnvelope(status: number, parsed: unknown): boolean {
  if (status < 400 || status >= 500 || status === 401 || status === 429) {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object') {
    return false;
  }
  const { data, watch } = parsed as { data?: unknown; watch?: unknown };
  return (Array.isArray(data) && data.length > 0) || (Array.isArray(watch) && watch.length > 0);
}

/** 5xx, network errors and attempt time-outs may succeed on a second try. */
function isTransient(error: ZohoError): boolean {
  if (error instanceof ZohoServerError || error instanceof ZohoNetworkError) {
    return true;
  }
  return error instanceof ZohoDeadlineError && error.details['attempt'] === true;
}

/**
 * Zoho CRM documents no Retry-After or X-RATELIMIT-* header (§8), but honour them if they come:
 * Retry-After in seconds or as an HTTP date, X-Rate-Limit-Reset in seconds (Zoho Books' shape).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    if (/^\d+$/.test(retryAfter.trim())) {
      return Number(retryAfter.trim()) * 1000;
    }
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) {
      return Math.max(0, at - now);
    }
  }
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) {
    return Number(reset.trim()) * 1000;
  }
  return null;
}

function elapsedSeconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
