import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableBundle } from '../../lib/notebook/show-table';
import { textOf } from './display-recorder';

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
