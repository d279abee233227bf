import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CostDay } from '../../lib/alerts/evaluate';
import { readSnapshot } from '../../lib/alerts/read-snapshot';
import { openStore, type UsageStore } from '../../lib/store/index';
import { tempDir } from '../../tools/temp-dir';

const DAY = 86_400;
const D0 = Date.UTC(2026, 10, 18) / 1000;
const HOSTILE = '<img src=x>\u202E"Alpha"';

const cost = (
  project: string | null,
  line: string | null,
  usd: number | string,
  key: string | null = null,
): object => ({
  object: 'organization.costs.result',
  amount: { value: usd, currency: 'usd' },
  project_id: project,
  line_item: line,
  api_key_id: key,
});

/** Writes one stored day of costs for an organization, synced at `syncedAt`. */
async function costDay(
  store: UsageStore,
  org: string,
  day: number,
  results: object[],
  syncedAt: number,
): Promise<void> {
  await store.writeWindow({
    organizationId: org,
    endpoint: 'costs',
    grouping: 'project_id,line_item,api_key_id',
    width: '1d',
    start: day,
    end: day + DAY,
    final: true,
    syncedAt,
    buckets: [{ object: 'bucket', start_time: day, end_time: day + DAY, results }],
  });
}

const byKey = (rows: readonly CostDay[]): CostDay[] =>
  [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('readSnapshot: what the rules read from a store', () => {
  const tmp = tempDir('alerts-read-snapshot-');
  let store: UsageStore;
  before(async () => {
    store = await openStore(path.join(tmp.dir, 'snapshot.duckdb'));
    await costDay(
      store,
      'org-a',
      D0,
      [cost('proj_a', 'gpt-4o, input', 2.5, 'key_1'), cost('proj_b', 'gpt-4o, output', '1.25')],
      D0 + DAY + 60,
    );
    await costDay(store, 'org-a', D0 + DAY, [cost('proj_a', null, 0.25), cost(null, 'tax', 3)], D0 + 2 * DAY + 90);
    await costDay(store, 'org-b', D0, [cost('proj_a', 'gpt-4o, input', 7)], D0 + DAY + 30);
    await store.replaceDirectory(
      'org-a',
      [
        { kind: 'project', id: 'proj_a', name: HOSTILE, parent_id: null, attributes: {} },
        { kind: 'api_key', id: 'key_1', name: 'Backend', parent_id: 'proj_a', attributes: {} },
      ],
      D0,
    );
    await store.recordAlertEvents(
      [
        {
          organization: 'org-b',
          rule: 'stale',
          scope: 'organization',
          period: 'sync:x',
          state: 'firing',
          ruleType: 'stale',
          payload: '{}',
          channels: [],
        },
      ],
      D0,
    );
  });
  after(async () => {
    await store.close();
    tmp.remove();
  });

  test("one organization: its own daily costs with the directory's names, its last sync, its costs coverage", async () => {
    const s = await readSnapshot(store, { now: D0 + 3 * DAY, organization: { id: 'org-a', name: 'Acme' } });
    assert.deepEqual(
      { ...s, costs: byKey(s.costs) },
      {
        organization: 'org-a',
        organizationName: 'Acme',
        now: D0 + 3 * DAY,
        costs: byKey([
          {
            date: '2026-11-18',
            projectId: 'proj_a',
            projectName: HOSTILE,
            apiKeyId: 'key_1',
            apiKeyName: 'Backend',
            lineItem: 'gpt-4o, input',
            amount: 2.5,
          },
          {
            date: '2026-11-18',
            projectId: 'proj_b',
            projectName: null,
            apiKeyId: null,
            apiKeyName: null,
            lineItem: 'gpt-4o, output',
            amount: 1.25,
          },
          {
            date: '2026-11-19',
            projectId: 'proj_a',
            projectName: HOSTILE,
            apiKeyId: null,
            apiKeyName: null,
            lineItem: null,
            amount: 0.25,
          },
          {
            date: '2026-11-19',
            projectId: null,
            projectName: null,
            apiKeyId: null,
            apiKeyName: null,
            lineItem: 'tax',
            amount: 3,
          },
        ]),
        lastSyncAt: D0 + 2 * DAY + 90,
        costsCoveredUntil: D0 + 2 * DAY,
        open: [
          {
            organization: 'org-b',
            rule: 'stale',
            scope: 'organization',
            period: 'sync:x',
            state: 'firing',
            ruleType: 'stale',
            payload: '{}',
            recordedAt: D0,
          },
        ],
      },
    );
    assert.deepEqual(
      s.costs.map((c) => c.date),
      [...s.costs.map((c) => c.date)].sort(),
      'by day',
    );
  });

  test('without an organization: every organization under "default", limits passed through', async () => {
    const limits = { spendLimit: 100, spendAlerts: [], projectLimits: {} };
    const s = await readSnapshot(store, { now: D0, limits });
    assert.equal(s.organization, 'default');
    assert.equal('organizationName' in s, false);
    assert.deepEqual(s.limits, limits);
    assert.equal(s.costs.length, 5);
    assert.equal(
      s.costs.reduce((sum, c) => sum + c.amount, 0),
      2.5 + 1.25 + 0.25 + 3 + 7,
    );
    assert.equal(s.lastSyncAt, D0 + 2 * DAY + 90);
  });

  test('an organization the store does not hold: no costs, never synced, nothing covered', async () => {
    const s = await readSnapshot(store, { now: D0, organization: { id: "org-x' OR 1=1 --", name: 'X' } });
    assert.deepEqual([s.costs, s.lastSyncAt, s.costsCoveredUntil], [[], null, null]);
  });
});
