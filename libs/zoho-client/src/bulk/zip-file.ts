import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw, deflateRawSync } from 'node:zlib';
import { ZohoResponseError } from '../errors/zoho-errors';

/**
 * Just enough ZIP for Zoho's bulk files (a zip holding CSVs, §6): read one entry of an archive
 * on disk as a stream, and write a small archive in memory. Reading goes through the central
 * directory, so entries written with data descriptors (sizes after the data) work too; memory
 * stays at a few stream buffers however large the file is. No ZIP64 (a bulk-read page of 200,000
 * rows stays far below 4 GiB), no encryption.
 */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

export interface ZipEntryInfo {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

function formatError(message: string): ZohoResponseError {
  return new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: null, field: 'zip', message });
}

/** Lists the file entries of a zip archive on disk. */
export async function listZipEntries(path: string): Promise<ZipEntryInfo[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let offset = tailLength - 22; offset >= 0; offset -= 1) {
      if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
        end = offset;
        break;
      }
    }
    if (end < 0) {
      throw formatError('not a zip archive (no end of central directory)');
    }
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff) {
      throw formatError('ZIP64 archives are not supported');
    }
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntryInfo[] = [];
    let cursor = 0;
    for (let index = 0; index < count; index += 1) {
      if (cursor + 46 > directory.length || directory.readUInt32LE(cursor) !== CENTRAL_HEADER) {
        throw formatError('corrupt central directory');
      }
      const nameLength = directory.readUInt16LE(cursor + 28);
      const name = directory.toString('utf8', cursor + 46, cursor + 46 + nameLength);
      const entry: ZipEntryInfo = {
        name,
        method: directory.readUInt16LE(cursor + 10),
        crc: directory.readUInt32LE(cursor + 16),
        compressedSize: directory.readUInt32LE(cursor + 20),
        size: directory.readUInt32LE(cursor + 24),
        localHeaderOffset: directory.readUInt32LE(cursor + 42),
      };
      cursor += 46 + nameLength + directory.readUInt16LE(cursor + 30) + directory.readUInt16LE(cursor + 32);
      if (!name.endsWith('/')) {
        entries.push(entry);
      }
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** The uncompressed bytes of one entry as a stream, checked against its CRC-32 at the end. */
export async function openZipEntry(path: string, entry: ZipEntryInfo): Promise<Readable> {
  const handle = await open(path, 'r');
  let dataStart: number;
  try {
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== LOCAL_HEADER) {
      throw formatError(`corrupt local header of ${entry.name}`);
    }
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw formatError(`compression method ${entry.method} of ${entry.name} is not supported`);
  }
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  const inflated = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  raw.on('error', (error) => inflated.destroy(error));
  return inflated.pipe(new Crc32Check(entry)).on('error', () => raw.destroy());
}

class Crc32Check extends Transform {
  private crc = 0;
  private bytes = 0;

  constructor(private readonly entry: ZipEntryInfo) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.crc !== this.entry.crc || this.bytes !== this.entry.size) {
      callback(formatError(`${this.entry.name} is corrupt (checksum or size mismatch)`));
      return;
    }
    callback();
  }
}

/** A zip archive of small files (bulk-write uploads: ≤ 25 MB by Zoho's rule), deflated. */
export function writeZip(entries: readonly { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, compressed);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
