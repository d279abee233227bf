import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { coverage, coverageKeys, partialCoverage } from '../../lib/store/coverage-table';
import { COVERAGE_COLUMNS } from '../../lib/store/migrations';
import { insertRows, type StoreContext } from '../../lib/store/sql-driver';
import type { Cell } from '../../lib/store/table-schema';
import { MemoryStore } from './memory-store';

let store: MemoryStore;
let ctx: StoreContext;
before(async () => {
  store = await MemoryStore.open();
  ctx = store.context();
  // organization, endpoint, group_by, width, start, end, final, synced_at: written out of order, with neighbours
  // that differ from the key read below in exactly one field.
  const rows: Cell[][] = [
    ['org-a', 'costs', 'project_id', '1d', 300, 400, false, 1],
    ['org-a', 'costs', 'project_id', '1d', 100, 200, true, 1],
    ['org-b', 'costs', 'project_id', '1d', 0, 50, true, 1],
    ['org-a', 'completions', 'project_id', '1d', 0, 50, true, 1],
    ['org-a', 'costs', '', '1d', 0, 50, true, 1],
    ['org-a', 'costs', 'project_id', '1h', 0, 50, true, 1],
    ['', 'costs', '', '1d', 0, 50, true, 1],
  ];
  await insertRows(ctx.db, 'coverage', COVERAGE_COLUMNS, rows);
  await insertRows(ctx.db, 'partial_coverage', COVERAGE_COLUMNS, [
    ['org-a', 'costs', 'project_id', '1d', 130, 200, true, 1],
    ['org-a', 'costs', '', '1d', 130, 200, false, 1],
    ['org-a', 'costs', 'line_item', '1d', 130, 199, true, 1],
    ['org-a', 'costs', 'line_item', '1d', 131, 200, true, 1],
    ['org-b', 'costs', 'model', '1d', 130, 200, true, 1],
    ['org-a', 'costs', 'model', '1h', 130, 200, true, 1],
  ]);
});
after(() => store.close());

test('coverage: the intervals of one key, by start, with their final flag', async () => {
  assert.deepEqual(
    await coverage(ctx, { organizationId: 'org-a', endpoint: 'costs', grouping: 'project_id', width: '1d' }),
    [
      { start: 100, end: 200, final: true },
      { start: 300, end: 400, final: false },
    ],
  );
  assert.deepEqual(await coverage(ctx, { organizationId: 'org-c', endpoint: 'costs', grouping: '', width: '1d' }), []);
  assert.deepEqual(await coverage(ctx, { organizationId: '', endpoint: 'costs', grouping: '', width: '1d' }), [
    { start: 0, end: 50, final: true },
  ]);
});

test('coverageKeys: each distinct key once, sorted; restricted to the organizations given', async () => {
  const all = await coverageKeys(ctx);
  assert.deepEqual(
    all.map((k) => [k.organizationId, k.endpoint, k.grouping, k.width]),
    [
      ['', 'costs', '', '1d'],
      ['org-a', 'completions', 'project_id', '1d'],
      ['org-a', 'costs', '', '1d'],
      ['org-a', 'costs', 'project_id', '1d'],
      ['org-a', 'costs', 'project_id', '1h'],
      ['org-b', 'costs', 'project_id', '1d'],
    ],
  );
  assert.deepEqual(
    await coverageKeys(ctx, ['org-b', 'org-b', 'nobody', '']),
    all.filter((k) => k.organizationId === 'org-b' || k.organizationId === ''),
  );
});

test('coverageKeys of no organization is empty without asking the database', async () => {
  const asked = store.driver.statements.length;
  assert.deepEqual(await coverageKeys(ctx, []), []);
  assert.equal(store.driver.statements.length, asked);
});

test('partialCoverage: only partial buckets of exactly [start, end), one per grouping, sorted', async () => {
  assert.deepEqual(
    await partialCoverage(ctx, { organizationId: 'org-a', endpoint: 'costs', width: '1d', start: 130, end: 200 }),
    [
      { organizationId: 'org-a', endpoint: 'costs', width: '1d', grouping: '', final: false },
      { organizationId: 'org-a', endpoint: 'costs', width: '1d', grouping: 'project_id', final: true },
    ],
  );
  assert.deepEqual(
    await partialCoverage(ctx, { organizationId: 'org-a', endpoint: 'costs', width: '1d', start: 131, end: 199 }),
    [],
  );
  assert.deepEqual(
    await partialCoverage(ctx, { organizationId: 'org-a', endpoint: 'completions', width: '1d', start: 130, end: 200 }),
    [],
  );
  assert.deepEqual(
    (await partialCoverage(ctx, { organizationId: 'org-a', endpoint: 'costs', width: '1h', start: 130, end: 200 })).map(
      (k) => k.grouping,
    ),
    ['model'],
  );
});
