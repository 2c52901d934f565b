import type { WireReader } from '../protocol/wire-reader';
import { WireWriter } from '../protocol/wire-writer';

export interface RequestContext {
  readonly apiVersion: number;
  /** The request header's client id ('' when the client sent null). */
  readonly clientId: string;
  /** Kafka's format for a member's host in DescribeGroups: `/` plus the peer address. */
  readonly clientHost: string;
  /** Aborted when the connection closes, so long-polls stop waiting for a client that left. */
  readonly signal: AbortSignal;
}

/** Returned by a handler when the protocol says no response is sent (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no response');
export type NoResponse = typeof NO_RESPONSE;

/** One Kafka API at the versions this broker implements. */
export interface ApiHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Decodes the body, handles it and encodes the response body; null means "send nothing". */
  process(body: WireReader, context: RequestContext): Promise<Buffer | null>;
}

/**
 * Declares an API from its three typed parts. Keeping decode, handle and encode separate keeps
 * the wire formats (in `protocol/messages`) free of broker logic and testable on their own.
 */
export function defineApi<Request, Response>(spec: {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  decode(reader: WireReader, version: number): Request;
  handle(request: Request, context: RequestContext): Response | NoResponse | Promise<Response | NoResponse>;
  encode(writer: WireWriter, response: Response, version: number): void;
}): ApiHandler {
  return {
    apiKey: spec.apiKey,
    name: spec.name,
    minVersion: spec.minVersion,
    maxVersion: spec.maxVersion,
    async process(body, context) {
      const request = spec.decode(body, context.apiVersion);
      body.expectEnd();
      const response = await spec.handle(request, context);
      if (response === NO_RESPONSE) {
        return null;
      }
      const writer = new WireWriter();
      spec.encode(writer, response, context.apiVersion);
      return writer.toBuffer();
    },
  };
}
