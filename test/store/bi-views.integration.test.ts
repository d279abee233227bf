import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { biViews } from '../../lib/store/bi-views';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { tempDir } from './helpers';

const DAY = 86_400;
const D0 = 1_735_689_600; // 2025-01-01

const cost = (project: string, lineItem: string | null, usd: number): Record<string, unknown> => ({
  object: 'organization.costs.result',
  amount: { value: usd, currency: 'usd' },
  quantity: null,
  quantity_unit: null,
  project_id: project,
  line_item: lineItem,
});

describe('BI views', () => {
  const tmp = tempDir('bi-views-unit-');
  after(() => tmp.remove());

  test('one view per endpoint and bucket width the API offers, named for BI tools', () => {
    const names = biViews().map((v) => v.name);
    assert.ok(names.includes('costs_daily'));
    assert.ok(!names.includes('costs_hourly'), 'costs come in days only');
    for (const suffix of ['daily', 'hourly', 'minute']) assert.ok(names.includes(`usage_completions_${suffix}`));
    const expected = Object.values(ENDPOINTS).reduce((n, spec) => n + spec.bucketWidths.length, 0);
    assert.equal(names.length, expected);
    const costs = biViews().find((v) => v.name === 'costs_daily');
    assert.deepEqual(
      costs?.columns.filter((c) => c.endsWith('_name')),
      ['project_name', 'user_name', 'api_key_name'],
      'names for the dimensions the directory names',
    );
  });

  test('each bucket comes from its finest stored grouping only, with names from the directory', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'pick.duckdb'));
    try {
      const write = async (grouping: string, day: number, results: Record<string, unknown>[]): Promise<void> => {
        await store.writeWindow({
          organizationId: 'org-a',
          endpoint: 'costs',
          grouping,
          width: '1d',
          start: day,
          end: day + DAY,
          final: true,
          syncedAt: day + DAY,
          buckets: [{ object: 'bucket', start_time: day, end_time: day + DAY, results }],
        });
      };
      // Day 0 under two groupings (a notebook's coarse one and the sync's fine one); day 1 only coarse.
      await write('project_id', D0, [cost('proj_a', null, 10), cost('proj_b', null, 5)]);
      await write('project_id,line_item', D0, [
        cost('proj_a', 'gpt-4o, input', 6),
        cost('proj_a', 'gpt-4o, output', 4),
        cost('proj_b', 'gpt-4o, input', 5),
      ]);
      await write('project_id', D0 + DAY, [cost('proj_a', null, 1)]);
      await store.replaceDirectory(
        'org-a',
        [{ kind: 'project', id: 'proj_a', name: 'Alpha <&>', parent_id: null, attributes: {} }],
        D0,
      );
      const rows = await store.query(
        'SELECT start_time, project_id, project_name, sum(amount_value) AS usd, count(*) AS n, min(group_by) AS g ' +
          'FROM costs_daily GROUP BY start_time, project_id, project_name ORDER BY start_time, project_id',
      );
      assert.deepEqual(
        rows.map((r) => [r['start_time'], r['project_id'], r['project_name'], r['usd'], r['n'], r['g']]),
        [
          [D0, 'proj_a', 'Alpha <&>', 10, 2, 'project_id,line_item'],
          [D0, 'proj_b', null, 5, 1, 'project_id,line_item'],
          [D0 + DAY, 'proj_a', 'Alpha <&>', 1, 1, 'project_id'],
        ],
      );
    } finally {
      await store.close();
    }
  });

  test('reopening keeps current views and replaces one whose columns are not this code’s', async () => {
    const file = path.join(tmp.dir, 'reopen.duckdb');
    const first = await DuckDbStore.open(file);
    await first.exec('DROP VIEW costs_daily');
    await first.exec('CREATE VIEW costs_daily AS SELECT 1 AS stale');
    await first.close();
    const again = await DuckDbStore.open(file);
    try {
      const cols = await again.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'costs_daily' ORDER BY ordinal_position",
      );
      assert.deepEqual(
        cols.map((c) => c['column_name']),
        biViews().find((v) => v.name === 'costs_daily')?.columns,
      );
      const tables = await again.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_name LIKE '%_daily'",
      );
      assert.equal(tables[0]?.['n'], 0, 'views are not tables');
    } finally {
      await again.close();
    }
  });
});
