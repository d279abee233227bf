import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { csvField, csvText, type CsvCell } from '../../lib/shared/csv';

/** The writer as first written: every cell through csvField, row by row. */
const reference = (columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  `${[columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n')}\r\n`;

test('csvText: RFC 4180 fields, formula starts neutralised, invisible characters shown, CRLF', () => {
  assert.equal(
    csvText(
      ['a', 'b', 'c'],
      [
        ['=SUM(A1)', 'x,"y"', -1.5],
        [null, true, 'rtl\u202egnp.exe'],
      ],
    ),
    'a,b,c\r\n\'=SUM(A1),"x,""y""",-1.5\r\n,true,rtl\\u202Egnp.exe\r\n',
  );
});

test('property: csvText is every cell through csvField (repeated text escaped once, the same text)', () => {
  const text = fc.oneof(
    fc.constantFrom('=1+1', '+x', '-y', '@z', '\tt', 'a,b', 'q"q', 'l\nm', 'bidi\u202e', 'plain', ''),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  fc.assert(
    fc.property(
      fc.array(text, { maxLength: 5 }),
      fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }),
      (columns, rows) => {
        assert.equal(csvText(columns, rows), reference(columns, rows));
      },
    ),
    { numRuns: 1000 },
  );
});

test('a generator may hand out one array, refilled for each row', () => {
  const rows = [
    ['a', 1],
    ['b,c', null],
  ] as const;
  function* refilled(): Generator<CsvCell[]> {
    const row: CsvCell[] = [];
    for (const r of rows) {
      row.splice(0, row.length, ...r);
      yield row;
    }
  }
  assert.equal(csvText(['x', 'y'], refilled()), reference(['x', 'y'], rows));
});
