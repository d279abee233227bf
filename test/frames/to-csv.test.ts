import { test } from 'node:test';
import assert from 'node:assert/strict';
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
