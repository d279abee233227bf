import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { focusExport, focusLeftOutNotice } from '../../lib/store/focus-export';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { DAY, NOW, floorTo, rawBuckets, tempDir } from './helpers';

describe('FOCUS export over a store filled under several groupings', () => {
  let emu: RunningEmulator;
  let client: UsageClient;
  const tmp = tempDir('focus-export-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 3, dataset: { streams: 12 } });
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  });
  after(async () => {
    client.close();
    await emu.close();
    tmp.remove();
  });

  test('every stored day with project and line item is exported once; days without are named, not dropped', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'mixed.duckdb'));
    try {
      const sync = (since: number, until: number, costs: string[] | undefined): Promise<unknown> =>
        syncStore({
          organization: organizationByName('default'),
          client,
          store,
          now: NOW,
          since,
          until,
          endpoints: ['costs'],
          tiers: [{ width: '1d', maxAgeSeconds: null }],
          ...(costs === undefined ? {} : { groupings: { costs } }),
        });
      // What a notebook stores (the last 10 days, by project and line item), what npm run sync stores (20 days, its
      // finer default grouping), and an older notebook range by project only (FOCUS cannot use it).
      await sync(NOW - 10 * DAY, NOW, ['project_id', 'line_item']);
      await sync(NOW - 20 * DAY, NOW, undefined);
      const olderStart = floorTo(NOW - 30 * DAY, '1d');
      const olderEnd = floorTo(NOW - 20 * DAY, '1d');
      await sync(olderStart, olderEnd, ['project_id']);

      const { rows, leftOut } = await focusExport(store);
      const billedPerDay = new Map<string, number>();
      for (const r of rows) {
        const day = String(r.ChargePeriodStart);
        billedPerDay.set(day, (billedPerDay.get(day) ?? 0) + Number(r.BilledCost));
      }
      const raw = await rawBuckets(emu, 'costs', olderEnd, NOW, '1d', []);
      assert.equal(billedPerDay.size, raw.filter((b) => b.results.length > 0).length, 'every day of 20, once');
      for (const b of raw) {
        const api = b.results.reduce((s, r) => s + Number((r['amount'] as { value: number }).value), 0);
        const day = new Date(b.start_time * 1000).toISOString().replace(/\.000Z$/, 'Z');
        const got = billedPerDay.get(day) ?? 0;
        assert.ok(Math.abs(got - api) <= 1e-9 * Math.max(1, api), `${day}: ${got} vs ${api}`);
      }
      assert.deepEqual(leftOut, [
        { organizationId: 'name:default', start: olderStart, end: olderEnd, groupings: ['project_id'] },
      ]);
      const notice = focusLeftOutNotice(leftOut) ?? '';
      const first = new Date(olderStart * 1000).toISOString().slice(0, 10);
      const last = new Date((olderEnd - DAY) * 1000).toISOString().slice(0, 10);
      assert.equal(
        notice,
        `FOCUS export: 10 stored days of costs left out, stored without project and line item: ${first} to ${last} ` +
          '(grouped by project_id); run npm run sync -- --since <first day> to store them by project and line item.',
      );
    } finally {
      await store.close();
    }
  });

  test('a store with nothing left out says nothing', () => {
    assert.equal(focusLeftOutNotice([]), null);
  });
});
