import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { buildBulkWriteFile, readCsvFromZip, type ZohoBulkRow } from './zoho-bulk-client';
import { ZohoArgumentError, ZohoResponseError } from '../errors/zoho-errors';

async function readRows(chunks: Uint8Array[]): Promise<ZohoBulkRow[]> {
  const rows: ZohoBulkRow[] = [];
  for await (const row of readCsvFromZip(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) {
    rows.push(row);
  }
  return rows;
}

function archive(files: Record<string, string>, level: 0 | 6 = 6): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, Buffer.from(text)])), { level }));
}

/** Asserts the rejection is the client's typed error for a bad bulk file, naming `field`. */
function badBulkFile(field: 'zip' | 'csv') {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ZohoResponseError, String(error));
    assert.equal(error.code, 'UNEXPECTED_RESPONSE');
    assert.equal(error.field, field, error.message);
    return true;
  };
}

describe('bulk files (zipped CSV)', () => {
  // csv-parse takes the first row's line ending for the whole file; Zoho writes one per file.
  const text = '\uFEFFid,Name,Note\r\n1,"Acme, ""Inc""","line one\r\nline two"\r\n2,,plain\r\n\r\n3,"",Müller — 東京\r\n';
  const expected = [
    { id: '1', Name: 'Acme, "Inc"', Note: 'line one\r\nline two' },
    { id: '2', Name: '', Note: 'plain' },
    { id: '3', Name: '', Note: 'Müller — 東京' },
  ];

  test('rows are keyed by the header; quotes, delimiters, line breaks, BOM and blank lines hold at every chunk split', async () => {
    // Stored (not deflated), so every split of the archive is also a split of the CSV: inside
    // quotes, inside a CRLF, inside the BOM and inside a multi-byte character.
    const stored = archive({ 'data.csv': text }, 0);
    assert.deepEqual(await readRows([stored]), expected);
    const unixLines = archive({ 'data.csv': text.replace(/\r\n/g, '\n') }, 0);
    assert.deepEqual(await readRows([unixLines]), [{ ...expected[0], Note: 'line one\nline two' }, ...expected.slice(1)]);
    for (let split = 1; split < stored.length; split += 1) {
      assert.deepEqual(await readRows([stored.subarray(0, split), stored.subarray(split)]), expected, `split at ${split}`);
    }
  });

  test('a deflated archive streams in small chunks, and the first CSV entry is the one read', async () => {
    const zip = archive({ 'readme.txt': 'not this one', 'data.csv': text, 'other.csv': 'x\n1\n' });
    const chunks = Array.from({ length: Math.ceil(zip.length / 7) }, (_, index) => zip.subarray(index * 7, index * 7 + 7));
    assert.deepEqual(await readRows(chunks), expected);
  });

  test('what buildBulkWriteFile writes reads back value for value', async () => {
    const records = [
      { Last_Name: 'a,b', Description: 'say "hi"', Phone: 'multi\nline' },
      { Last_Name: 'cr\ronly', Description: null, Phone: 42 },
      { Last_Name: 'plain', Description: true, Phone: '' },
    ];
    const { columns, archive: zip } = buildBulkWriteFile(records, 'Leads.csv');
    assert.deepEqual(columns, ['Last_Name', 'Description', 'Phone']);
    assert.deepEqual(await readRows([zip]), [
      { Last_Name: 'a,b', Description: 'say "hi"', Phone: 'multi\nline' },
      { Last_Name: 'cr\ronly', Description: '', Phone: '42' },
      { Last_Name: 'plain', Description: 'true', Phone: '' },
    ]);
  });

  test('bulk-write files are checked against Zoho’s limits and column names', () => {
    const { columns } = buildBulkWriteFile([{ Last_Name: 'A' }, { Last_Name: 'B', Email: 'b@example.com' }], 'Leads.csv');
    assert.deepEqual(columns, ['Last_Name', 'Email']);
    assert.throws(() => buildBulkWriteFile([], 'x.csv'), ZohoArgumentError);
    assert.throws(
      () => buildBulkWriteFile([{ 'bad name': 1 }], 'x.csv'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'records',
    );
    assert.throws(
      () =>
        buildBulkWriteFile(
          Array.from({ length: 25_001 }, () => ({ Last_Name: 'x' })),
          'x.csv',
        ),
      ZohoArgumentError,
    );
  });

  test('what is not a zip, or holds no CSV, is a typed error naming the zip', async () => {
    await assert.rejects(readRows([Buffer.from('id,Name\n1,x\n')]), badBulkFile('zip'));
    await assert.rejects(readRows([archive({ 'notes.txt': 'id\n1\n' })]), badBulkFile('zip'));
  });

  test('a damaged archive is a typed error naming the zip: cut short, undecodable, or the wrong size', async () => {
    const zip = archive({ 'data.csv': 'id,Name\n' + Array.from({ length: 200 }, (_, index) => `${index},Lead ${index}\n`).join('') });
    await assert.rejects(readRows([zip.subarray(0, 60)]), badBulkFile('zip'));
    const undecodable = Buffer.from(zip);
    const dataStart = 30 + 'data.csv'.length;
    // 0b111 in the first deflate block header: a reserved block type, which no decoder accepts.
    undecodable[dataStart] = (undecodable[dataStart] ?? 0) | 0b110;
    await assert.rejects(readRows([undecodable]), badBulkFile('zip'));
    const wrongSize = Buffer.from(zip);
    // The local header's uncompressed size (offset 22) no longer matches what the entry inflates to.
    wrongSize.writeUInt32LE(wrongSize.readUInt32LE(22) + 1, 22);
    await assert.rejects(readRows([wrongSize]), badBulkFile('zip'));
  });

  test('a CSV that breaks the format is a typed error naming the CSV', async () => {
    await assert.rejects(readRows([archive({ 'data.csv': 'id,Name\n1,"never closed\n' })]), badBulkFile('csv'));
    await assert.rejects(readRows([archive({ 'data.csv': 'id,Name\n1,x,surplus\n' })]), badBulkFile('csv'));
  });
});
