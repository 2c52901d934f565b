/** One part of a `multipart/form-data` body. */
export interface FormPart {
  name: string;
  filename: string | null;
  data: Buffer;
}

/**
 * Splits a `multipart/form-data` body into its parts (RFC 7578), enough for the bulk-write
 * upload's `file` field. Returns `null` when the content type or body is not multipart.
 */
export function parseMultipartForm(contentType: string | undefined, body: Buffer): FormPart[] | null {
  const match = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match) {
    return null;
  }
  const delimiter = Buffer.from(`--${match[1] ?? match[2] ?? ''}`);
  const parts: FormPart[] = [];
  let cursor = body.indexOf(delimiter);
  if (cursor < 0) {
    return null;
  }
  for (;;) {
    const start = cursor + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') {
      return parts;
    }
    const next = body.indexOf(delimiter, start);
    if (next < 0) {
      return null;
    }
    // Each part is CRLF, headers, CRLF CRLF, data, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) {
      return null;
    }
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.push({
        name,
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
        data: Buffer.from(part.subarray(headerEnd + 4)),
      });
    }
    cursor = next;
  }
}
