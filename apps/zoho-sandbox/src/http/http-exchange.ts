import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request bodies above this are refused before parsing; Zoho's own JSON calls are far smaller. */
const MAX_BODY_BYTES = 30 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** A form body that does not parse, e.g. multipart without its boundary or cut short. */
export class MalformedFormError extends Error {}

const FORM_CONTENT_TYPE = /^\s*(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/** One HTTP request and its response, with the body read at most once. */
export class HttpExchange {
  readonly url: URL;
  readonly responseHeaders: Record<string, string> = {};
  private bodyPromise: Promise<Buffer> | undefined;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly params: Record<string, string> = {},
  ) {
    this.url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  }

  get method(): string {
    return (this.request.method ?? 'GET').toUpperCase();
  }

  get query(): URLSearchParams {
    return this.url.searchParams;
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  withParams(params: Record<string, string>): HttpExchange {
    const exchange = new HttpExchange(this.request, this.response, params);
    exchange.bodyPromise = this.bodyPromise;
    Object.assign(exchange.responseHeaders, this.responseHeaders);
    return exchange;
  }

  rawBody(): Promise<Buffer> {
    this.bodyPromise ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new BodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`));
          this.request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      this.request.on('end', () => resolve(Buffer.concat(chunks)));
      this.request.on('error', reject);
    });
    return this.bodyPromise;
  }

  /** The body as JSON; `undefined` for an empty body, `JSON_PARSE_FAILED` symbol for bad JSON. */
  async jsonBody(): Promise<unknown> {
    const raw = await this.rawBody();
    if (raw.length === 0) {
      return undefined;
    }
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      return UNPARSEABLE_JSON;
    }
  }

  /**
   * The body's fields when it is a form, `application/x-www-form-urlencoded` or
   * `multipart/form-data` (parsed by the platform's Fetch `Response`); `null` for any other body.
   * A form body that does not parse throws {@link MalformedFormError}.
   */
  async formBody(): Promise<FormData | null> {
    const raw = await this.rawBody();
    const contentType = this.header('content-type') ?? '';
    if (!FORM_CONTENT_TYPE.test(contentType)) {
      return null;
    }
    try {
      return await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    } catch (error) {
      throw new MalformedFormError(`the form body does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Text form fields merged over query parameters, as Zoho Accounts reads them: either form
   * encoding (Zoho's docs say form-data, its SDKs send multipart) or the query string alone.
   * Throws {@link MalformedFormError} like {@link formBody}.
   */
  async formAndQuery(): Promise<URLSearchParams> {
    const merged = new URLSearchParams(this.query);
    (await this.formBody())?.forEach((value, key) => {
      if (typeof value === 'string') {
        merged.set(key, value);
      }
    });
    return merged;
  }

  setHeader(name: string, value: string): void {
    this.responseHeaders[name] = value;
  }

  sendJson(status: number, body: unknown): void {
    const payload = JSON.stringify(body);
    this.response.writeHead(status, {
      ...this.responseHeaders,
      'content-type': 'application/json;charset=UTF-8',
      'content-length': Buffer.byteLength(payload).toString(),
    });
    this.response.end(payload);
  }

  sendBinary(status: number, body: Buffer): void {
    this.response.writeHead(status, { ...this.responseHeaders, 'content-length': body.length.toString() });
    this.response.end(body);
  }

  sendEmpty(status: number): void {
    this.response.writeHead(status, this.responseHeaders);
    this.response.end();
  }

  sendHtml(status: number, html: string): void {
    this.response.writeHead(status, {
      ...this.responseHeaders,
      'content-type': 'text/html;charset=UTF-8',
      'content-length': Buffer.byteLength(html).toString(),
    });
    this.response.end(html);
  }

  redirect(location: string): void {
    this.response.writeHead(302, { ...this.responseHeaders, location });
    this.response.end();
  }
}

export const UNPARSEABLE_JSON = Symbol('unparseable JSON');
