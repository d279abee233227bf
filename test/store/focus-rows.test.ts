import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { focusFromBuckets, listUnitPrice, type CostsBucketLike } from '../../lib/store/focus-export';

const DAY = 86_400;
const LINE_ITEMS = [
  'gpt-4o-2024-08-06, input',
  'gpt-4o-2024-08-06, output',
  'gpt-4o-mini-2024-07-18, cached input',
  'web search tool calls',
  'an unpublished item, input',
  'fine-tuning training',
];

/** Days × projects × line items of daily costs buckets, as the Costs API groups them by project and line item. */
function buckets(days: number, projects: number, seed: number): CostsBucketLike[] {
  return Array.from({ length: days }, (_, d) => ({
    start_time: 1_764_979_200 + d * DAY,
    end_time: 1_764_979_200 + (d + 1) * DAY,
    results: Array.from({ length: projects * LINE_ITEMS.length }, (_, i) => {
      const lineItem = LINE_ITEMS[i % LINE_ITEMS.length] ?? '';
      const quantity = ((seed + d * 31 + i * 7) % 5000) + 1;
      return {
        object: 'organization.costs.result',
        amount: { value: quantity * 1e-6, currency: 'usd' },
        line_item: lineItem,
        project_id: `proj_${Math.floor(i / LINE_ITEMS.length)}`,
        quantity: lineItem === 'fine-tuning training' ? null : quantity,
        quantity_unit: lineItem.endsWith('calls') ? null : 'tokens',
      };
    }),
  }));
}

describe('FOCUS rows', () => {
  test('the price data is asked once per distinct line item, however many days and projects', () => {
    const asked: string[] = [];
    const rows = focusFromBuckets(buckets(30, 4, 1), new Map(), (lineItem) => {
      asked.push(lineItem);
      return listUnitPrice(lineItem);
    });
    assert.equal(rows.length, 30 * 4 * LINE_ITEMS.length);
    assert.deepEqual([...asked].sort(), [...new Set(asked)].sort(), 'no line item asked twice');
    // Every line item with a quantity and a unit is priced (fine-tuning training has no quantity here).
    assert.deepEqual(new Set(asked), new Set(LINE_ITEMS.filter((l) => l !== 'fine-tuning training')));
  });

  test('ListCost is quantity × the list unit price where published, else the billed cost (any data)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(10_000),
        (days, projects, seed) => {
          const input = buckets(days, projects, seed);
          const rows = focusFromBuckets(input);
          const results = input.flatMap((b) => b.results.map((r) => r as Record<string, unknown>));
          assert.equal(rows.length, results.length);
          rows.forEach((row, i) => {
            const r = results[i] ?? {};
            const quantity = r['quantity'];
            const billed = (r['amount'] as { value: number }).value;
            const price = typeof quantity === 'number' ? listUnitPrice(String(r['line_item'])) : null;
            const expected = price === null || typeof quantity !== 'number' ? billed : price * quantity;
            assert.equal(row.ListCost, expected, `row ${i} ${String(r['line_item'])}`);
            assert.equal(row.BilledCost, billed);
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
