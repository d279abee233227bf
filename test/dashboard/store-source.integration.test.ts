import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { storeSource } from '../../lib/dashboard/store-source';
import { openStore, type UsageStore } from '../../lib/store/index';
import { tempDir } from '../../tools/temp-dir';
import { otherProcessOpensDuckDb } from '../store/helpers';

const DAY = 86_400;
const NOW_MS = Date.parse('2026-11-20T15:00:00Z');
const TODAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
/** The groupings the dashboard reads, as the store keys them (dimensions in the catalogue's order). */
const USAGE_GROUPING = 'project_id,model';
const COST_GROUPING = 'project_id,line_item';

/** Usage of `tokens(day)` input tokens for proj_a on gpt-4o, one daily bucket per day offset (0 = today). */
async function writeUsage(
  store: UsageStore,
  org: string,
  offsets: readonly number[],
  tokens: (offset: number) => number,
  syncedAt: number,
): Promise<void> {
  for (const k of offsets) {
    const start = TODAY + k * DAY;
    await store.writeWindow({
      organizationId: org,
      endpoint: 'completions',
      grouping: USAGE_GROUPING,
      width: '1d',
      start,
      end: start + DAY,
      final: k < 0,
      syncedAt,
      buckets: [
        {
          object: 'bucket',
          start_time: start,
          end_time: start + DAY,
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: tokens(k),
              output_tokens: 1,
              num_model_requests: 2,
              project_id: `proj_${org}`,
              model: 'gpt-4o',
            },
          ],
        },
      ],
    });
  }
}

async function writeCosts(store: UsageStore, org: string, offsets: readonly number[], syncedAt: number): Promise<void> {
  for (const k of offsets) {
    const start = TODAY + k * DAY;
    await store.writeWindow({
      organizationId: org,
      endpoint: 'costs',
      grouping: COST_GROUPING,
      width: '1d',
      start,
      end: start + DAY,
      final: k < 0,
      syncedAt,
      buckets: [
        {
          object: 'bucket',
          start_time: start,
          end_time: start + DAY,
          results: [
            {
              object: 'organization.costs.result',
              amount: { value: 1.5, currency: 'usd' },
              line_item: 'gpt-4o, input',
              project_id: `proj_${org}`,
            },
          ],
        },
      ],
    });
  }
}

const WINDOW = { start: TODAY - 6 * DAY, end: TODAY + DAY };

describe('storeSource: the dashboard over a DuckDB store', () => {
  const tmp = tempDir('store-source-');
  after(() => tmp.remove());
  let n = 0;
  const file = (): string => path.join(tmp.dir, `s${++n}.duckdb`);

  test('days out of 1…366 are refused by name before the store is opened', () => {
    for (const days of [0, 367, 1.5, Number.NaN])
      assert.throws(
        () => storeSource({ location: file(), days }),
        new RegExp(`^RangeError: invalid days: ${days} \\(an integer from 1 to 366\\)$`),
      );
  });

  test('a store never synced: refresh finds nothing and the source stays empty', async () => {
    const location = file();
    await (await openStore(location)).close();
    const source = storeSource({ location, days: 7, now: () => NOW_MS });
    assert.equal(await source.refresh(), false);
    assert.deepEqual([source.lastSyncedAt(), source.coverage()], [undefined, undefined]);
  });

  test('a refresh reads the days shown from the store, names its projects, then closes it; unchanged, it reads nothing', async () => {
    const location = file();
    const store = await openStore(location);
    const tokens = (k: number): number => 1000 + k;
    await writeUsage(store, 'org-a', [-9, -8, -7, -6, -5, -4, -3, -2, -1, 0], tokens, TODAY + 3600);
    await writeCosts(store, 'org-a', [-1, 0], TODAY + 3600);
    await store.replaceDirectory(
      'org-a',
      [{ kind: 'project', id: 'proj_org-a', name: 'Search <b>', parent_id: null, attributes: {} }],
      TODAY,
    );
    await store.close();

    const source = storeSource({ location, days: 7, now: () => NOW_MS });
    const heard: number[] = [];
    source.onChange(() => heard.push(1));
    const first = source.refresh();
    assert.equal(source.refresh(), first, 'a refresh while one runs shares it');
    assert.equal(await first, true);
    assert.equal(heard.length, 1);
    assert.ok(otherProcessOpensDuckDb(location), 'the file is not held between refreshes');
    assert.equal(source.lastSyncedAt(), (TODAY + 3600) * 1000);
    assert.deepEqual(source.coverage(), WINDOW);
    const usage = await source.usageBuckets(WINDOW, {});
    // The stored days inside the window (the last 7), as written, with the store's organization on each result.
    assert.deepEqual(
      usage.map((b) => [(b.start_time - TODAY) / DAY, b.results.map((r) => r.input_tokens)]),
      [-6, -5, -4, -3, -2, -1, 0].map((k) => [k, [tokens(k)]]),
    );
    assert.ok(
      usage.every((b) => b.start_time >= WINDOW.start),
      'nothing before the days shown',
    );
    assert.ok(usage.flatMap((b) => b.results).every((r) => 'organization_id' in r && r.organization_id === 'org-a'));
    const costs = await source.costBuckets(WINDOW, {});
    assert.equal(
      costs.flatMap((b) => b.results).reduce((s, r) => s + Number(r.amount?.value ?? 0), 0),
      3,
    );
    assert.deepEqual(await source.projects(), [{ id: 'proj_org-a', name: 'Search <b>' }]);
    assert.deepEqual(await source.organizations(), []);
    assert.deepEqual(source.openAlerts(), []);
    assert.equal(await source.refresh(), false, 'nothing new');
    assert.equal(heard.length, 1);
  });

  test('an organization added later (fewer days stored) shows its days; the others keep theirs', async () => {
    const location = file();
    const store = await openStore(location);
    await writeUsage(store, 'org-a', [-4, -3, -2, -1, 0], () => 1, TODAY + 60);
    await writeUsage(store, 'org-b', [-1, 0], () => 100, TODAY + 60);
    await writeCosts(store, 'org-b', [0], TODAY + 60);
    await store.close();
    const source = storeSource({ location, days: 5, now: () => NOW_MS });
    // It used to fail: one span for every organization, so reading org-b over org-a's days found them missing.
    assert.equal(await source.refresh(), true);
    const usage = await source.usageBuckets({ start: TODAY - 4 * DAY, end: TODAY + DAY }, {});
    assert.deepEqual(
      usage.map((b) => [(b.start_time - TODAY) / DAY, b.results.map((r) => r.input_tokens).sort((x, y) => x - y)]),
      [
        [-4, [1]],
        [-3, [1]],
        [-2, [1]],
        [-1, [1, 100]],
        [0, [1, 100]],
      ],
    );
    assert.deepEqual(
      (await source.costBuckets({ start: TODAY - 4 * DAY, end: TODAY + DAY }, {})).map(
        (b) => (b.start_time - TODAY) / DAY,
      ),
      [0],
    );
  });

  test('a new sync, or an alert recorded after it, is new data; two organizations are named apart', async () => {
    const location = file();
    let store = await openStore(location);
    await store.recordOrganization({ id: 'org-a', name: 'Acme', idSource: 'env' }, TODAY);
    await writeUsage(store, 'org-a', [-1], () => 10, TODAY + 60);
    await store.close();
    const source = storeSource({ location, days: 3, now: () => NOW_MS });
    assert.equal(await source.refresh(), true);

    store = await openStore(location);
    await store.recordOrganization({ id: 'org-b', name: 'Globex', idSource: 'env' }, TODAY);
    await writeUsage(store, 'org-b', [-1, 0], () => 20, TODAY + 120);
    await store.replaceDirectory(
      'org-b',
      [{ kind: 'project', id: 'proj_org-b', name: 'Chat', parent_id: null, attributes: {} }],
      TODAY,
    );
    await store.close();
    assert.equal(await source.refresh(), true);
    assert.equal(source.lastSyncedAt(), (TODAY + 120) * 1000);
    assert.deepEqual(await source.organizations(), [
      { id: 'org-a', name: 'Acme' },
      { id: 'org-b', name: 'Globex' },
    ]);
    assert.deepEqual(await source.projects(), [
      { id: 'proj_org-b', name: 'Chat', organization: 'Globex' },
      { id: 'proj_org-a', name: 'proj_org-a' },
    ]);
    const tokensOf = async (ids: string[]): Promise<number> =>
      (await source.usageBuckets({ start: TODAY - 2 * DAY, end: TODAY + DAY }, { organizationIds: ids }))
        .flatMap((b) => b.results)
        .reduce((s, r) => s + r.input_tokens, 0);
    assert.deepEqual([await tokensOf(['org-a']), await tokensOf(['org-b']), await tokensOf([])], [10, 40, 50]);

    store = await openStore(location);
    await store.recordAlertEvents(
      [
        {
          organization: 'org-b',
          rule: 'budget',
          scope: 'organization',
          period: '2026-11/80%',
          state: 'firing',
          ruleType: 'budget',
          payload: JSON.stringify({ summary: 'Globex has spent $80.00', organizationName: 'Globex' }),
          channels: [],
        },
      ],
      TODAY + 3600,
    );
    await store.close();
    assert.equal(await source.refresh(), true, 'the alert is new data for the page');
    assert.deepEqual(
      source.openAlerts()?.map((a) => [a.organization, a.rule, a.summary]),
      [['org-b', 'budget', 'Globex has spent $80.00']],
    );
  });
});
