import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { exportStore } from '../../lib/store/export-store';
import { lineItemListPrice } from '../../lib/insights/index';
import { focusRows } from '../../lib/store/focus-export';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { DAY, NOW, rawBuckets, tempDir } from './helpers';

async function countRows(file: string, reader: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const rows = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${reader}('${file}')`)).getRowObjects();
  conn.closeSync();
  instance.closeSync();
  return Number(rows[0]?.['n']);
}

describe('exports', () => {
  let emu: RunningEmulator;
  let store: DuckDbStore;
  let client: UsageClient;
  const tmp = tempDir('store-export-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 3, dataset: { streams: 20 } });
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    store = await DuckDbStore.open(path.join(tmp.dir, 'x.duckdb'));
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: NOW,
      since: NOW - 10 * DAY,
      endpoints: ['costs', 'vector_stores'],
    });
  });
  after(async () => {
    await store.close();
    client.close();
    await emu.close();
    tmp.remove();
  });

  test('CSV and Parquet per table hold every stored row', async () => {
    for (const format of ['csv', 'parquet'] as const) {
      const files = await exportStore(store, format, path.join(tmp.dir, format));
      const costs = files.find((f) => f.endsWith(`costs.${format}`));
      assert.ok(costs !== undefined);
      const stored = Number((await store.query('SELECT count(*) AS n FROM costs'))[0]?.['n']);
      assert.ok(stored > 100);
      assert.equal(await countRows(costs, format === 'csv' ? 'read_csv_auto' : 'read_parquet'), stored);
    }
  });

  test('FOCUS: one row per day, project and line item; BilledCost sums to the Costs API total', async () => {
    const rows = await focusRows(store);
    const start = Math.floor((NOW - 10 * DAY) / DAY) * DAY;
    const raw = await rawBuckets(emu, 'costs', start, NOW, '1d', []);
    let apiTotal = 0;
    for (const b of raw) for (const r of b.results) apiTotal += Number((r['amount'] as { value: number }).value);
    const billed = rows.reduce((s, r) => s + Number(r.BilledCost), 0);
    assert.ok(Math.abs(billed - apiTotal) < 1e-6 * Math.max(1, apiTotal), `${billed} vs ${apiTotal}`);
    // One row per day, project and line item, split further only by the other stored dimensions (in Tags).
    const keys = new Set(rows.map((r) => `${r.ChargePeriodStart}|${r.SubAccountId}|${r.SkuId}|${r.Tags}`));
    assert.equal(keys.size, rows.length, 'one row per day, project, line item and tag set');
    assert.ok(
      rows.some(
        (r) =>
          typeof r.Tags === 'string' && (JSON.parse(r.Tags) as Record<string, unknown>)['api_source'] !== undefined,
      ),
      'api_source is a tag',
    );
    const token = rows.find((r) => r.SkuId === 'gpt-4o-2024-08-06, input');
    const perToken = lineItemListPrice('gpt-4o-2024-08-06, input').unitPrice;
    assert.equal(perToken, 2.5 / 1e6, 'list price from the price data ($2.50 per 1M input tokens)');
    assert.ok(token !== undefined, 'the synthetic org uses gpt-4o');
    assert.equal(token.ListCost, Number(token.ConsumedQuantity) * 2.5e-6);
    assert.equal(token.PricingUnit, 'Tokens');
    for (const r of rows) assert.equal(r.ProviderName, 'OpenAI');
  });
});
