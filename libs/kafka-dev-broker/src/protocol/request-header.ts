import type { WireReader } from './wire-reader';

/**
 * Request header v1 (every non-flexible request): api_key, api_version, correlation_id,
 * client_id. Flexible versions (header v2) append tagged fields after client_id, but those
 * versions are never parsed here: the broker answers them with UNSUPPORTED_VERSION first.
 */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export function readRequestHeader(reader: WireReader): RequestHeader {
  return {
    apiKey: reader.readInt16(),
    apiVersion: reader.readInt16(),
    correlationId: reader.readInt32(),
    clientId: reader.readNullableString(),
  };
}

/** Response header v0 (correlation id only) plus the size prefix, followed by the body. */
export function frameResponse(correlationId: number, body: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(8 + body.length);
  frame.writeInt32BE(4 + body.length, 0);
  frame.writeInt32BE(correlationId, 4);
  body.copy(frame, 8);
  return frame;
}
