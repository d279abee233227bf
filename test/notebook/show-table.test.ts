import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictColumn, frameToHtml, pivot, recordsFrame } from '../../lib/frames/index';
import { tableBundle } from '../../lib/notebook/index';
import { showTable } from '../../lib/notebook/show-table';
import { recorder, textOf } from './display-recorder';

const hostile = '</script><script>alert(1)</script>';

test('a table bundle escapes hostile cells and counts rows', () => {
  const bundle = tableBundle(
    [
      { model: hostile, n: 1234 },
      { model: 'b', n: 1 },
    ],
    { limit: 1, title: 'Models' },
  );
  assert.ok(!textOf(bundle['text/html']).includes('<script>'));
  assert.equal(bundle['text/plain'], 'Models (2 rows)');
});

test('an empty table bundle says what its `empty` option says, in HTML and text', () => {
  const bundle = tableBundle([], { title: 'Models with no price', empty: 'Every model with usage has a price.' });
  assert.ok(textOf(bundle['text/html']).includes('<p>Every model with usage has a price.</p>'));
  assert.equal(bundle['text/plain'], 'Models with no price: Every model with usage has a price.');
  assert.equal(tableBundle([], { title: 'T' })['text/plain'], 'T (0 rows)');
});

test('rows are counted for records, Pivots and DataFrames alike; one row is "1 row"', () => {
  const p = pivot(dictColumn(['d1', 'd2', 'd3']), dictColumn(['x', 'x', 'y']), [1, 2, 3]);
  assert.equal(tableBundle(p, { title: 'By day' })['text/plain'], 'By day (3 rows)');
  const df = recordsFrame(Array.from({ length: 1_500 }, (_, i) => ({ i })));
  assert.equal(tableBundle(df)['text/plain'], 'Table (1,500 rows)');
  assert.equal(tableBundle([{ a: 1 }])['text/plain'], 'Table (1 row)');
  assert.equal(tableBundle(recordsFrame([]), { empty: 'None.' })['text/plain'], 'Table: None.');
});

test('the HTML is the frames writer output for the same options (limit, title, empty)', () => {
  const rows = Array.from({ length: 12 }, (_, i) => ({ model: `m${i}`, n: i }));
  assert.equal(tableBundle(rows)['text/html'], frameToHtml(rows));
  assert.equal(
    tableBundle(rows, { limit: 3, title: 'T', empty: 'e' })['text/html'],
    frameToHtml(rows, { limit: 3, title: 'T', empty: 'e' }),
  );
  assert.equal((textOf(tableBundle(rows, { limit: 3 })['text/html']).match(/<tr>/g) ?? []).length, 4, 'header + 3');
});

test('showTable publishes the bundle once, marked as a table', () => {
  const { writer, published } = recorder();
  showTable([{ a: '<i>x</i>' }], { title: 'A' }, writer);
  assert.deepEqual(published, [
    { bundle: tableBundle([{ a: '<i>x</i>' }], { title: 'A' }), metadata: { 'usage-notebooks': { role: 'table' } } },
  ]);
});
