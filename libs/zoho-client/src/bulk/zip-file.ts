import { Transform, type TransformCallback } from 'node:stream';
import { Unzip, UnzipInflate, UnzipPassThrough, zipSync, type UnzipFile } from 'fflate';
import { ZohoResponseError } from '../errors/zoho-errors';

function formatError(message: string): ZohoResponseError {
  return new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: null, field: 'zip', message });
}

/**
 * Zip bytes in, the bytes of the archive's first `.csv` entry out (Zoho's bulk files are a zip
 * holding one CSV, §6). fflate's streaming `Unzip` reads the local headers as the bytes arrive,
 * so nothing but the current chunk is held however large the file is. Stored and deflated
 * entries are read; other entries are inflated and dropped (an unstarted fflate entry would
 * buffer its data instead).
 *
 * fflate does not check CRC-32s. A damaged archive still fails: as a deflate stream that does
 * not decode, an archive that ends inside the entry, or an entry whose size differs from its
 * header's.
 */
export class ZipCsvEntryStream extends Transform {
  private readonly unzip = new Unzip((file) => this.onFile(file));
  private entry: { name: string; expectedSize: number | undefined; size: number; ended: boolean } | null = null;
  private failure: ZohoResponseError | null = null;

  constructor() {
    super();
    this.unzip.register(UnzipInflate);
    this.unzip.register(UnzipPassThrough);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(this.pushToUnzip(chunk, false));
  }

  override _flush(callback: TransformCallback): void {
    const failure = this.pushToUnzip(new Uint8Array(0), true);
    if (failure) {
      callback(failure);
    } else if (this.entry === null) {
      callback(formatError('not a zip archive holding a CSV'));
    } else if (!this.entry.ended) {
      callback(formatError(`the archive ends inside ${this.entry.name}`));
    } else {
      callback();
    }
  }

  private pushToUnzip(chunk: Uint8Array, final: boolean): ZohoResponseError | null {
    try {
      this.unzip.push(chunk, final);
    } catch (error) {
      // fflate throws plain errors (e.g. "invalid zip data" for an archive cut short).
      this.failure ??= formatError(`unreadable zip archive: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.failure;
  }

  private onFile(file: UnzipFile): void {
    if (this.entry !== null || !file.name.toLowerCase().endsWith('.csv')) {
      file.ondata = () => undefined;
      file.start();
      return;
    }
    const entry = { name: file.name, expectedSize: file.originalSize, size: 0, ended: false };
    this.entry = entry;
    file.ondata = (error, data, final) => {
      if (error) {
        this.failure ??= formatError(`${entry.name} does not decompress: ${error.message}`);
        return;
      }
      entry.size += data.length;
      if (data.length > 0) {
        this.push(data);
      }
      if (final) {
        entry.ended = true;
        // Archives written with data descriptors carry no size up front; there is nothing to compare.
        if (entry.expectedSize !== undefined && entry.size !== entry.expectedSize) {
          this.failure ??= formatError(`${entry.name} is corrupt (${entry.size} bytes, its header says ${entry.expectedSize})`);
        }
      }
    };
    file.start();
  }
}

/** A deflated zip archive holding one file, as a bulk-write upload wants it (≤ 25 MB, §6). */
export function zipOneFile(name: string, data: Uint8Array): Buffer {
  const archive = zipSync({ [name]: data });
  return Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
}
