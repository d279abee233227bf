import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costTable } from '../../lib/frames/index';
import { COSTS } from './fixtures';

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
