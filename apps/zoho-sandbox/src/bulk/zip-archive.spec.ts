import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { parseCsv, toCsvLine } from './csv-format';
import { readZip, writeZip, ZipFormatError } from './zip-archive';

describe('zip archive and CSV', () => {
  test('reads entries stored without compression, as some zip tools write them', () => {
    const data = Buffer.from('id\n1\n');
    const name = Buffer.from('stored.csv');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(local.length + name.length + data.length, 16);
    const archive = Buffer.concat([local, name, data, central, name, end]);
    assert.deepEqual(readZip(archive), [{ name: 'stored.csv', data }]);
  });

  test('what writeZip writes, readZip reads back byte for byte', () => {
    const csv = Buffer.from('id,Deal_Name\n1,"Big, ""quoted"" deal"\n');
    const entries = readZip(
      writeZip([
        { name: '123.csv', data: csv },
        { name: 'empty.csv', data: Buffer.alloc(0) },
      ]),
    );
    assert.deepEqual(
      entries.map((entry) => entry.name),
      ['123.csv', 'empty.csv'],
    );
    assert.deepEqual(entries[0]?.data, csv);
    assert.equal(entries[1]?.data.length, 0);
  });

  test('refuses what is not a zip, and corrupted data', () => {
    assert.throws(() => readZip(Buffer.from('id,name\n1,x\n')), ZipFormatError);
    const archive = writeZip([{ name: 'x.csv', data: Buffer.from('hello hello hello') }]);
    const corrupt = Buffer.from(archive);
    const firstDataByte = 30 + 'x.csv'.length;
    corrupt[firstDataByte] = (corrupt[firstDataByte] ?? 0) ^ 0xff;
    assert.throws(() => readZip(corrupt), ZipFormatError);
  });

  test('CSV round-trips delimiters, quotes and line breaks', () => {
    const line = toCsvLine(['plain', 'with,comma', 'with "quote"', 'two\nlines']);
    assert.equal(line, 'plain,"with,comma","with ""quote""","two\nlines"');
    assert.deepEqual(parseCsv(`a,b\r\n${line}\n`), [
      ['a', 'b'],
      ['plain', 'with,comma', 'with "quote"', 'two\nlines'],
    ]);
    assert.deepEqual(parseCsv('x;y\n1;2', ';'), [
      ['x', 'y'],
      ['1', '2'],
    ]);
  });
});
