import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCostsResult, WireVectorStoresResult } from '../../lib/catalogue/index';
import { costTable } from '../../lib/frames/cost-table';
import { endpointTotals } from '../../lib/frames/endpoint-totals';
import { groupRows } from '../../lib/frames/group-rows';
import { pivotTotals } from '../../lib/frames/pivot-totals';
import { tableCurrency } from '../../lib/frames/table-currency';
import { usageTable } from '../../lib/frames/usage-table';
import { COSTS } from './fixtures';

const cost = (value: number, currency: string): WireCostsResult => ({
  object: 'organization.costs.result',
  amount: { value, currency },
  line_item: null,
  project_id: null,
});

test('tableCurrency: the one currency of the amounts, "usd" for an empty table, mixed ones refused', () => {
  assert.equal(tableCurrency(costTable(COSTS)), 'usd');
  assert.equal(tableCurrency(costTable([])), 'usd');
  const eur: WireBucket<WireCostsResult>[] = [
    { object: 'bucket', start_time: 0, end_time: 86_400, results: [cost(1, 'eur')] },
  ];
  assert.equal(tableCurrency(costTable(eur)), 'eur');
  const mixed = [{ ...eur[0]!, results: [cost(1, 'eur'), cost(2, 'usd')] }];
  assert.throws(
    () => tableCurrency(costTable(mixed)),
    /^RangeError: invalid costs for tableCurrency: amounts in 2 currencies \(eur, usd\) cannot be added; split them with byCurrency/,
  );
});

test('groupRows flattens group keys beside the value', () => {
  assert.deepEqual(
    groupRows([
      { keys: { user_id: 'u1', api_key_id: null }, value: 3 },
      { keys: { user_id: 'u2' }, value: 0 },
    ]),
    [
      { user_id: 'u1', api_key_id: null, value: 3 },
      { user_id: 'u2', value: 0 },
    ],
  );
});

test('pivotTotals lists column totals as records in column order', () => {
  const p = {
    rows: ['d1', 'd2'],
    columns: ['a', 'b'],
    values: [
      [1, 2],
      [3, 4],
    ],
    rowTotals: [3, 7],
    columnTotals: [4, 6],
  };
  assert.deepEqual(pivotTotals(p, 'line_item'), [
    { line_item: 'a', total: 4 },
    { line_item: 'b', total: 6 },
  ]);
  assert.throws(() => pivotTotals(p, 'total'), /invalid labelKey: "total"/);
});

test('endpointTotals sums counts over buckets and takes a gauge (usage_bytes) at the latest bucket only', () => {
  const vs = (start: number, bytes: number[]): WireBucket<WireVectorStoresResult> => ({
    object: 'bucket',
    start_time: start,
    end_time: start + 86_400,
    results: bytes.map((b) => ({
      object: 'organization.usage.vector_stores.result',
      usage_bytes: b,
      project_id: null,
    })),
  });
  // Two stores: 100 + 50 bytes yesterday, 120 + 60 today: storage now is 180, not 330.
  const table = usageTable('vector_stores', [vs(0, [100, 50]), vs(86_400, [120, 60])]);
  assert.deepEqual(endpointTotals(table), [{ endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 180 }]);
  const images = usageTable('images', [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 86_400,
      results: [{ object: 'organization.usage.images.result', images: 2, num_model_requests: 1 }],
    },
    {
      object: 'bucket',
      start_time: 86_400,
      end_time: 172_800,
      results: [{ object: 'organization.usage.images.result', images: 5, num_model_requests: 3 }],
    },
  ]);
  assert.deepEqual(endpointTotals(images), [
    { endpoint: 'images', metric: 'images', total: 7 },
    { endpoint: 'images', metric: 'num_model_requests', total: 4 },
  ]);
  assert.deepEqual(endpointTotals(usageTable('vector_stores', [])), [
    { endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 0 },
  ]);
});
