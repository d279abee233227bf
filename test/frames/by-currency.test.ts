import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { costPerDayChart, costByLineItemChart } from '../../lib/charts/index';
import {
  byCurrency,
  costBy,
  costByLineItem,
  costPerDay,
  costTable,
  currencyId,
  tableCurrency,
} from '../../lib/frames/index';
import { bucket, pageBody, startScriptedServer, testKey } from '../helpers/scripted-server';

const S = 1_700_006_400; // 2023-11-15T00:00:00Z
const cost = (value: number, currency: string, line_item: string): object => ({
  object: 'organization.costs.result',
  amount: { value, currency },
  line_item,
  project_id: null,
});

/** Costs fetched from a real server that bills in two currencies on the same days. */
async function twoCurrencyCosts(): Promise<ReturnType<typeof costTable>> {
  const server = await startScriptedServer(() => ({
    body: pageBody(
      [
        bucket(S, [cost(10, 'usd', 'gpt-4o, input'), cost(1000, 'jpy', 'gpt-4o, input')]),
        bucket(S + 86_400, [cost(2.5, 'usd', 'gpt-4o, output'), cost(300, 'jpy', 'gpt-4o, output')]),
      ],
      null,
    ),
  }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    return costTable(await client.fetchAll('costs', { start_time: S, end_time: S + 2 * 86_400 }, { concurrency: 1 }));
  } finally {
    client.close();
    await server.close();
  }
}

test('costs in two currencies are never added: the aggregations refuse a mixed table with a clear message', async () => {
  const table = await twoCurrencyCosts();
  const message = /amounts in 2 currencies \(jpy, usd\) cannot be added; split them with byCurrency\(table\)/;
  assert.throws(() => costPerDay(table), message);
  assert.throws(() => costBy(table, 'line_item'), message);
  assert.throws(() => costByLineItem(table), message);
});

test('byCurrency gives one series per currency, each with its own totals, in tables and charts', async () => {
  const split = byCurrency(await twoCurrencyCosts());
  assert.deepEqual(
    split.map((s) => s.currency),
    ['usd', 'jpy'],
  );
  const [usd, jpy] = split;
  assert.ok(jpy !== undefined && usd !== undefined);
  assert.deepEqual(
    costPerDay(usd.table).map((d) => d.amount),
    [10, 2.5],
  );
  assert.deepEqual(
    costPerDay(jpy.table).map((d) => d.amount),
    [1000, 300],
  );
  const usdChart = costPerDayChart(costPerDay(usd.table), { currency: usd.currency });
  const jpyChart = costPerDayChart(costPerDay(jpy.table), { currency: jpy.currency });
  assert.match(usdChart.subtitle ?? '', /Total: \$12\.50/);
  assert.match(jpyChart.subtitle ?? '', /1,300/);
  assert.doesNotMatch(`${usdChart.subtitle} ${jpyChart.subtitle}`, /1,312|1,010/);
  const lineItems = costByLineItemChart(costByLineItem(jpy.table), { currency: 'jpy' });
  assert.deepEqual(
    lineItems.data.map((t) => (t.type === 'bar' ? t.y : [])),
    [
      [1000, 0],
      [0, 300],
    ],
  );
});

test('currencyId: the first currency keeps the id, the others get their code (dash for figures, underscore for frames)', () => {
  assert.equal(currencyId('cost-per-day', 0, 'usd'), 'cost-per-day');
  assert.equal(currencyId('cost-per-day', 1, 'eur'), 'cost-per-day-eur');
  assert.equal(currencyId('cost_by_project', 1, 'jpy'), 'cost_by_project_jpy');
});

test('tableCurrency agrees with byCurrency: the one currency, refused when there are several', async () => {
  const costs = await twoCurrencyCosts();
  for (const { currency, table } of byCurrency(costs)) assert.equal(tableCurrency(table), currency);
  assert.throws(() => tableCurrency(costs), /invalid costs for tableCurrency: amounts in 2 currencies \(jpy, usd\)/);
});
