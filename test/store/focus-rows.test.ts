import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { lineItemListPrice } from '../../lib/insights/index';
import {
  FOCUS_COLUMNS,
  focusCells,
  focusCsv,
  focusFromBuckets,
  type CostsBucketLike,
  type FocusRow,
} from '../../lib/store/focus-export';

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
      return lineItemListPrice(lineItem);
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
            const price = typeof quantity === 'number' ? lineItemListPrice(String(r['line_item'])).unitPrice : null;
            const expected = price === null || typeof quantity !== 'number' ? billed : price * quantity;
            assert.equal(row.ListCost, expected, `row ${i} ${String(r['line_item'])}`);
            assert.equal(row.x_ListPriceMissing === null, price !== null, 'a row without a list price says so');
            assert.equal(row.BilledCost, billed);
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  test('batch, cache-write, fine-tune and priority rows: list costs by hand from the published prices', () => {
    const day = 1_764_979_200;
    const row = (lineItem: string, quantity: number, usd: number): Record<string, unknown> => ({
      object: 'organization.costs.result',
      amount: { value: usd, currency: 'usd' },
      line_item: lineItem,
      project_id: 'proj_a',
      quantity,
      quantity_unit: 'tokens',
    });
    const rows = focusFromBuckets([
      {
        start_time: day,
        end_time: day + DAY,
        results: [
          // gpt-4o-mini input is $0.15 per 1M tokens; the Batch API bills half of it.
          row('batch | gpt-4o-mini-2024-07-18, input', 2_000_000, 0.15),
          // gpt-4o input is $2.50 per 1M; with no separate cache-write rate, cache writes list at the input rate.
          row('gpt-4o-2024-08-06, cache writes', 400_000, 1),
          // Fine-tuned gpt-4o-mini output is $1.20 per 1M.
          row('ft-gpt-4o-mini-2024-07-18, output', 1_000_000, 1.2),
          // No priority rate is published in the price data: billed cost, and said.
          row('priority | gpt-5.1, output', 1_000, 0.02),
        ],
      },
    ]);
    const byItem = new Map(rows.map((r) => [r.SkuId, r]));
    assert.equal(byItem.get('batch | gpt-4o-mini-2024-07-18, input')?.ListCost, (2 * 0.15 * 1e6) / 1e6);
    assert.equal(byItem.get('batch | gpt-4o-mini-2024-07-18, input')?.BilledCost, 0.15);
    assert.equal(byItem.get('gpt-4o-2024-08-06, cache writes')?.ListCost, (400_000 * 2.5) / 1e6);
    assert.equal(byItem.get('ft-gpt-4o-mini-2024-07-18, output')?.ListCost, 1.2);
    const priority = byItem.get('priority | gpt-5.1, output');
    assert.equal(priority?.ListCost, 0.02);
    assert.match(String(priority?.x_ListPriceMissing), /priority rate/);
    for (const r of rows.slice(0, 3)) assert.equal(r.x_ListPriceMissing, null, String(r.SkuId));
  });
});

describe('FOCUS CSV', () => {
  test("a row's cells come in FOCUS_COLUMNS order", () => {
    const row = Object.fromEntries(FOCUS_COLUMNS.map((c) => [c, `v-${c}`])) as FocusRow;
    const cells: (string | number | null)[] = [];
    focusCells(row, cells);
    assert.deepEqual(
      cells,
      FOCUS_COLUMNS.map((c) => `v-${c}`),
    );
  });

  test('a year written again after one row changed has the changed row (the text of the last export is not reused)', () => {
    const rows = focusFromBuckets(buckets(365, 3, 7));
    const first = focusCsv(rows);
    assert.equal(focusCsv(focusFromBuckets(buckets(365, 3, 7))), first, 'the same rows, the same text');
    const changed = focusFromBuckets(buckets(365, 3, 7));
    const at = 1000;
    const row = changed[at] as FocusRow;
    row.BilledCost = 123.25;
    const lines = focusCsv(changed).split('\r\n');
    const billed = FOCUS_COLUMNS.indexOf('BilledCost');
    assert.equal(lines[at + 1]?.split(',')[billed], '123.25');
    assert.deepEqual(
      lines.filter((_, i) => i !== at + 1),
      first.split('\r\n').filter((_, i) => i !== at + 1),
      'every other line as before',
    );
  });
});
