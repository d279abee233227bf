import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameToHtml, pivot, dictColumn, recordsFrame } from '../../lib/frames/index';

test('hostile names render as escaped text, never as markup', () => {
  const html = frameToHtml([{ project: '<script>alert("x")</script>', n: 1 }], { title: '<b>T</b>' });
  assert.ok(!html.includes('<script>'));
  assert.ok(!html.includes('<b>'));
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('<caption>&lt;b&gt;T&lt;/b&gt;</caption>'));
});

test('numbers are right-aligned with thousands separators', () => {
  const html = frameToHtml([{ n: 1234567, amount: 9.888144383403077, tiny: 0.00000012 }]);
  assert.ok(html.includes('<td style="text-align:right">1,234,567</td>'));
  assert.ok(html.includes('>9.888144<'));
  assert.ok(html.includes('>1.200e-7<'));
  assert.ok(html.includes('<th style="text-align:right">n</th>'));
});

test('only the first 10 rows show by default, with a note of the total', () => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
  const html = frameToHtml(rows);
  assert.equal(html.match(/<tr>/g)?.length, 11);
  assert.ok(html.includes('10 of 25 rows shown'));
  assert.equal(frameToHtml(rows, { limit: Infinity }).match(/<tr>/g)?.length, 26);
  assert.throws(() => frameToHtml(rows, { limit: -1 }), /invalid limit: -1/);
});

test('DataFrames and Pivots render with their columns in order', () => {
  const df = recordsFrame([{ b: 'x', a: 2 }]);
  assert.ok(frameToHtml(df).includes('<th>b</th><th style="text-align:right">a</th>'));
  const p = pivot(dictColumn(['2025-01-01']), dictColumn(['<i>']), [3]);
  const html = frameToHtml(p, { rowHeader: 'date' });
  assert.ok(html.includes('<th>date</th><th style="text-align:right">&lt;i&gt;</th>'));
  assert.ok(html.includes('<td>2025-01-01</td><td style="text-align:right">3</td>'));
});

test('Unix-second columns keep their digits as the API sends them; other numbers get separators', () => {
  const html = frameToHtml([{ start_time: 1736616660, end_time: 1736640000, input_tokens: 141201 }]);
  assert.ok(html.includes('>1736616660</td>'));
  assert.ok(html.includes('>1736640000</td>'));
  assert.ok(html.includes('>141,201</td>'));
});

test('an empty table with `empty` says so in words (escaped), never a placeholder row; with rows it is ignored', () => {
  const html = frameToHtml([], { title: 'Unpriced', empty: 'Every <model> has a price' });
  assert.ok(html.includes('<caption>Unpriced</caption>'));
  assert.ok(html.includes('<p>Every &lt;model&gt; has a price</p>'));
  assert.ok(!html.includes('<tr>'));
  const full = frameToHtml([{ model: 'gpt-4o' }], { empty: 'nothing' });
  assert.ok(full.includes('<td>gpt-4o</td>') && !full.includes('nothing'));
});
