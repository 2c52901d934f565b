import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { buildBulkWriteFile } from './zoho-bulk-client';
import { CsvRowStream, toCsvLine } from './csv-stream';
import { ZohoArgumentError } from '../errors/zoho-errors';

async function parse(chunks: (string | Buffer)[]): Promise<string[][]> {
  const rows: string[][] = [];
  const stream = Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))).pipe(new CsvRowStream());
  for await (const batch of stream as AsyncIterable<string[][]>) {
    rows.push(...batch);
  }
  return rows;
}

describe('CSV streaming', () => {
  test('quoted fields hold delimiters, doubled quotes and line breaks, across chunk boundaries', async () => {
    const text = '\uFEFFid,Name,Note\r\n1,"Acme, ""Inc""","line one\r\nline two"\r\n2,,plain\n3,"",x';
    const expected = [
      ['id', 'Name', 'Note'],
      ['1', 'Acme, "Inc"', 'line one\r\nline two'],
      ['2', '', 'plain'],
      ['3', '', 'x'],
    ];
    assert.deepEqual(await parse([text]), expected);
    // Every split point, including inside quotes, a CRLF and the BOM.
    const bytes = Buffer.from(text);
    for (let split = 1; split < bytes.length; split += 1) {
      assert.deepEqual(await parse([bytes.subarray(0, split), bytes.subarray(split)]), expected, `split at ${split}`);
    }
  });

  test('multi-byte characters split between chunks survive', async () => {
    const bytes = Buffer.from('name\nMüller — 東京\n');
    const rows = await parse([bytes.subarray(0, 8), bytes.subarray(8, 15), bytes.subarray(15)]);
    assert.deepEqual(rows, [['name'], ['Müller — 東京']]);
  });

  test('a round trip through toCsvLine is lossless', async () => {
    const values = ['a,b', 'say "hi"', 'multi\nline', '', 'plain'];
    assert.deepEqual(await parse([`${toCsvLine(values)}\n`]), [values]);
  });

  test('bulk-write files are checked against Zoho’s limits and column names', () => {
    const { columns, archive } = buildBulkWriteFile([{ Last_Name: 'A' }, { Last_Name: 'B', Email: 'b@example.com' }], 'Leads.csv');
    assert.deepEqual(columns, ['Last_Name', 'Email']);
    assert.equal(archive.readUInt32LE(0), 0x04034b50);
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
});
