import type { BrokerLogger } from '../logger';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { encodeApiVersionsResponse, type ApiVersionRange } from '../protocol/messages/api-versions';
import type { RequestHeader } from '../protocol/request-header';
import type { WireReader } from '../protocol/wire-reader';
import { WireWriter } from '../protocol/wire-writer';
import type { ApiHandler, RequestContext } from './api-handler';

const API_VERSIONS_MAX_VERSION = 2;

/**
 * Dispatches requests by API key and version, answers ApiVersions from the registered
 * handlers, and turns anything unsupported into an error response instead of a dropped socket.
 *
 * There is no universal error body in Kafka, so for an unknown key or version the body is a
 * bare int16 error_code UNSUPPORTED_VERSION (35): the first field of most v0 responses, and the
 * only thing a client can read from a version it asked for but that does not exist. For
 * ApiVersions itself the answer is the full v0 body with error 35 and the supported table, which
 * is what Kafka sends so clients can retry at a lower version.
 */
export class RequestRouter {
  private readonly handlers = new Map<number, ApiHandler>();
  private readonly answered = new Map<string, number>();

  constructor(
    handlers: readonly ApiHandler[],
    private readonly logger: BrokerLogger,
  ) {
    for (const handler of handlers) {
      this.handlers.set(handler.apiKey, handler);
    }
  }

  supportedVersions(): ApiVersionRange[] {
    const ranges: ApiVersionRange[] = [{ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: API_VERSIONS_MAX_VERSION }];
    for (const handler of this.handlers.values()) {
      ranges.push({ apiKey: handler.apiKey, minVersion: handler.minVersion, maxVersion: handler.maxVersion });
    }
    return ranges.sort((a, b) => a.apiKey - b.apiKey);
  }

  /** Requests answered (or, for acks=0 produce, processed) per API name since start. */
  answeredCounts(): Record<string, number> {
    return Object.fromEntries(this.answered);
  }

  /** Returns the response body, or null when no response must be sent. */
  async route(header: RequestHeader, body: WireReader, context: RequestContext): Promise<Buffer | null> {
    if (header.apiKey === ApiKey.ApiVersions) {
      return this.apiVersions(header);
    }
    const handler = this.handlers.get(header.apiKey);
    if (handler === undefined || header.apiVersion < handler.minVersion || header.apiVersion > handler.maxVersion) {
      this.logger.warn(handler === undefined ? 'unknown API key' : 'unsupported API version', {
        apiKey: header.apiKey,
        apiVersion: header.apiVersion,
        api: handler?.name,
        supported: handler === undefined ? undefined : `${handler.minVersion}-${handler.maxVersion}`,
        clientId: header.clientId,
        correlationId: header.correlationId,
      });
      return new WireWriter(2).int16(ErrorCode.UNSUPPORTED_VERSION).toBuffer();
    }
    const response = await handler.process(body, context);
    this.count(handler.name);
    return response;
  }

  private apiVersions(header: RequestHeader): Buffer {
    const writer = new WireWriter();
    if (header.apiVersion > API_VERSIONS_MAX_VERSION || header.apiVersion < 0) {
      this.logger.warn('unsupported API version', {
        apiKey: header.apiKey,
        apiVersion: header.apiVersion,
        api: 'ApiVersions',
        supported: `0-${API_VERSIONS_MAX_VERSION}`,
        clientId: header.clientId,
      });
      encodeApiVersionsResponse(writer, { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiVersions: this.supportedVersions() }, 0);
    } else {
      encodeApiVersionsResponse(writer, { errorCode: ErrorCode.NONE, apiVersions: this.supportedVersions() }, header.apiVersion);
    }
    this.count('ApiVersions');
    return writer.toBuffer();
  }

  private count(name: string): void {
    this.answered.set(name, (this.answered.get(name) ?? 0) + 1);
  }
}
