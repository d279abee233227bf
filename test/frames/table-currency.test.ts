import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';
import { costTable } from '../../lib/frames/cost-table';
import { tableCurrency } from '../../lib/frames/table-currency';
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
