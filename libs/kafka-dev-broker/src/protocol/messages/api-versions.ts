import type { WireWriter } from '../wire-writer';

/**
 * ApiVersions v0–2. All three share an empty request body; v1+ responses add
 * throttle_time_ms. kafkajs asks for v2 first and steps down only on UNSUPPORTED_VERSION.
 */
export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiVersions: readonly ApiVersionRange[];
}

export function encodeApiVersionsResponse(writer: WireWriter, response: ApiVersionsResponse, version: number): void {
  writer.int16(response.errorCode).array(response.apiVersions, (w, range) => {
    w.int16(range.apiKey).int16(range.minVersion).int16(range.maxVersion);
  });
  if (version >= 1) {
    writer.int32(0);
  }
}
