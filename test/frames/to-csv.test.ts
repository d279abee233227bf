import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { recordsFrame, toCsv } from '../../lib/frames/index';

test('fields with commas, quotes or newlines are quoted per RFC 4180 with CRLF line ends', () => {
  const csv = toCsv([{ item: 'gpt-4o, input', note: 'say "hi"', multi: 'a\nb', n: 1.5, none: null }]);
  assert.equal(csv, 'item,note,multi,n,none\r\n"gpt-4o, input","say ""hi""","a\nb",1.5,\r\n');
});

test('string cells that start a formula are neutralised, numbers are not', () => {
  const csv = toCsv([{ a: '=HYPERLINK("http://x")', b: '+1', c: '-x', d: '@SUM(A1)', e: -5, f: 'ok' }]);
  assert.equal(csv.split('\r\n')[1], `"'=HYPERLINK(""http://x"")",'+1,'-x,'@SUM(A1),-5,ok`);
});

test('DataFrames are written with their column order', () => {
  const df = recordsFrame([
    { z: 1, a: 'x' },
    { z: 2, a: null },
  ]);
  assert.equal(toCsv(df), 'z,a\r\n1,x\r\n2,\r\n');
});

test('property: a DataFrame written row by row into the CSV writer is the CSV of its records', () => {
  // The records as a frame of their own columns: the frame's CSV is the records' CSV (values as the frame holds them).
  const value = fc.oneof(
    fc.constantFrom('a', 'b,c', '=1', 'q"q', ''),
    fc.integer({ min: -1000, max: 1000 }),
    fc.constant(null),
  );
  fc.assert(
    fc.property(
      fc.array(fc.record({ k: fc.constantFrom('p', 'q'), s: value, n: fc.integer({ min: -5, max: 5 }) }), {
        minLength: 1,
        maxLength: 30,
      }),
      fc.integer({ min: 0, max: 3 }),
      (records, drop) => {
        const frame = recordsFrame(records);
        const moved = recordsFrame(records.slice(Math.min(drop, records.length - 1)));
        for (const f of [frame, moved, frame]) {
          const grid: unknown = f.values;
          assert.ok(Array.isArray(grid));
          const rows = grid.map((row: unknown) => {
            assert.ok(Array.isArray(row));
            return row.map((v: unknown) => (v === null || v === undefined || Number.isNaN(v) ? null : v));
          });
          const expected = [f.columns.join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
          assert.equal(toCsv(f), expected);
        }
      },
    ),
    { numRuns: 200 },
  );
});

/** One cell as RFC 4180 writes it, with formula starts neutralised (the rule, written apart from the writer). */
function field(v: unknown): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw new Error(`not a frame value: ${JSON.stringify(v)}`);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
