import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A streaming RFC 4180 CSV parser: bytes in, arrays of rows out (one array per input chunk, so
 * 200,000 rows are not 200,000 stream events). Quoted fields may hold delimiters, doubled quotes
 * and line breaks, and may straddle chunk boundaries; a UTF-8 BOM is dropped. Only the current
 * row is buffered, so memory does not grow with the file.
 */
export class CsvRowStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** Inside quotes, a quote was seen: either the closing quote or the first of a doubled one. */
  private quotePending = false;
  /** A `\r` ended the last chunk; a `\n` starting the next one belongs to it. */
  private skipLineFeed = false;
  private started = false;

  constructor(private readonly delimiter = ',') {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const rows = this.consume(this.decoder.write(chunk));
    if (rows.length > 0) {
      this.push(rows);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const rows = this.consume(this.decoder.end());
    if (this.quoted && !this.quotePending) {
      callback(new Error('CSV ends inside a quoted field'));
      return;
    }
    if (this.field !== '' || this.row.length > 0 || this.quotePending) {
      this.row.push(this.field);
      rows.push(this.row);
    }
    if (rows.length > 0) {
      this.push(rows);
    }
    callback();
  }

  private consume(text: string): string[][] {
    const rows: string[][] = [];
    let index = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        index = 1;
      }
    }
    for (; index < text.length; index += 1) {
      const character = text[index] as string;
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (character === '\n') {
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (character === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
          // Fall through: this character follows the closing quote.
        } else if (character === '"') {
          this.quotePending = true;
          continue;
        } else {
          // Copy a run of plain characters at once; per-character concatenation is the hot path.
          const next = text.indexOf('"', index);
          const stop = next < 0 ? text.length : next;
          this.field += text.slice(index, stop);
          index = stop - 1;
          continue;
        }
      }
      if (character === '"' && this.field === '') {
        this.quoted = true;
      } else if (character === this.delimiter) {
        this.row.push(this.field);
        this.field = '';
      } else if (character === '\n' || character === '\r') {
        if (character === '\r') {
          this.skipLineFeed = true;
        }
        this.row.push(this.field);
        rows.push(this.row);
        this.row = [];
        this.field = '';
      } else {
        this.field += character;
      }
    }
    return rows;
  }
}

/** One CSV line: fields with a quote, delimiter or line break are quoted, quotes doubled. */
export function toCsvLine(values: readonly string[], delimiter = ','): string {
  return values
    .map((value) => (/["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value))
    .join(delimiter);
}
