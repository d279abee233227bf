import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketStarts, costBy, costByLineItem, costPerDay, costTable, UNGROUPED } from '../../lib/frames/index';
import { COSTS, HOSTILE, P2 } from './fixtures';

const results = COSTS.flatMap((b) => b.results);
const value = (v: number | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

test('amounts accept numbers, numeric strings and null; missing amount reads 0 in usd', () => {
  const t = costTable(COSTS);
  assert.equal(t.length, results.length);
  assert.deepEqual(
    [...t.amount],
    results.map((r) => value(r.amount?.value)),
  );
  assert.equal(t.amount[2], 12.5);
  assert.deepEqual(
    Array.from(t.currency.codes, (c) => t.currency.values[c]),
    results.map(() => 'usd'),
  );
  assert.deepEqual(
    Array.from(t.quantity, (q) => (Number.isNaN(q) ? null : q)),
    [null, 42000, null, null, null, null],
  );
  assert.deepEqual(
    Array.from(t.apiKeyId.codes, (c) => t.apiKeyId.values[c]),
    [null, null, null, null, null, 'key_1'],
  );
});

test('a non-numeric amount fails with its value in the message', () => {
  const bad = [
    {
      object: 'bucket' as const,
      start_time: 0,
      end_time: 1,
      results: [{ object: 'organization.costs.result' as const, amount: { value: 'n/a', currency: 'usd' } }],
    },
  ];
  assert.throws(() => costTable(bad), /invalid amount.value: "n\/a"/);
});

test('costPerDay sums per UTC day and zero-fills days of empty buckets when given', () => {
  const t = costTable(COSTS);
  const days = costPerDay(t, bucketStarts(COSTS));
  assert.deepEqual(
    days.map((d) => d.date),
    ['2025-01-11', '2025-01-12', '2025-01-13'],
  );
  const expected = COSTS.map((b) => b.results.reduce((s, r) => s + value(r.amount?.value), 0));
  days.forEach((d, i) => assert.ok(Math.abs(d.amount - (expected[i] ?? NaN)) <= 1e-12 * Math.abs(expected[i] ?? 1)));
  assert.equal(costPerDay(t).length, 2);
});

test('costByLineItem pivots dates x line items with null items labelled and zeros filled', () => {
  const p = costByLineItem(costTable(COSTS), bucketStarts(COSTS));
  assert.deepEqual(p.rows, ['2025-01-11', '2025-01-12', '2025-01-13']);
  assert.equal(p.columns[0], 'Text tokens');
  assert.ok(p.columns.includes(UNGROUPED));
  const ft = p.columns.indexOf('ft-gpt-4o-2024-08-06, input');
  assert.equal(p.values[0]?.[ft], 0.12744);
  assert.equal(p.values[2]?.[ft], 9.888144383403077);
  assert.deepEqual(
    p.values[1],
    p.columns.map(() => 0),
  );
});

test('costBy sums per project with hostile names kept as data', () => {
  const groups = costBy(costTable(COSTS), 'project_id');
  assert.equal(groups[0]?.keys['project_id'], P2);
  assert.equal(groups[0]?.value, 12.5);
  assert.equal(groups.find((g) => g.keys['project_id'] === HOSTILE)?.value, 0);
  assert.throws(() => costBy(costTable(COSTS), 'model' as 'line_item'), /invalid dimension: "model"/);
});
