import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CURRENT_VERSION } from '../../lib/store/migrations';
import { MemoryStore } from './memory-store';
import { event } from './alert-helpers';

// The shared store over a driver (lib/store/sql-store.ts), through an adapter of this test's own: an in-memory DuckDB.
let store: MemoryStore;
before(async () => {
  store = await MemoryStore.open();
});
after(() => store.close());

const T0 = 1_739_059_200;

test('schemaVersion is the highest version recorded', async () => {
  assert.equal(await store.schemaVersion(), CURRENT_VERSION);
  await store.query('INSERT INTO schema_version VALUES (1, 0)');
  assert.equal(await store.schemaVersion(), CURRENT_VERSION);
  await store.query('INSERT INTO schema_version VALUES ($1, 0)', [CURRENT_VERSION + 5]);
  assert.equal(await store.schemaVersion(), CURRENT_VERSION + 5);
  await store.query('DELETE FROM schema_version WHERE version <> $1', [CURRENT_VERSION]);
});

test('an adapter that does not run DuckDB itself exports through a copy (no statements of its own)', () => {
  assert.equal(store.duckDbStatements(), undefined);
});

test('query passes its parameters as values, never as SQL', async () => {
  const hostile = "x'); DROP TABLE coverage; --";
  assert.deepEqual(await store.query('SELECT $1 AS a, $2 AS b, $3 AS c', [hostile, 2, true]), [
    { a: hostile, b: 2, c: true },
  ]);
  assert.ok((await store.driver.tableNames()).includes('coverage'));
});

test("each store method reaches its concept module inside the adapter's transaction", async () => {
  const org = 'org-sql-store';
  const mark = store.driver.statements.length;
  const rows = await store.writeWindow({
    organizationId: org,
    endpoint: 'vector_stores',
    grouping: 'project_id',
    width: '1d',
    start: T0,
    end: T0 + 86_400,
    buckets: [
      {
        object: 'bucket',
        start_time: T0,
        end_time: T0 + 86_400,
        results: [
          { usage_bytes: 10, project_id: 'proj_a' },
          { usage_bytes: 32, project_id: 'proj_b' },
        ],
      },
    ],
    final: true,
    syncedAt: T0 + 86_400,
  });
  assert.equal(rows, 2);
  const written = store.driver.statements.slice(mark);
  assert.equal(written[0], 'BEGIN TRANSACTION');
  assert.equal(written[written.length - 1], 'COMMIT');
  assert.deepEqual(
    await store.coverage({ organizationId: org, endpoint: 'vector_stores', grouping: 'project_id', width: '1d' }),
    [{ start: T0, end: T0 + 86_400, final: true }],
  );
  assert.deepEqual(await store.coverageKeys([org]), [
    { organizationId: org, endpoint: 'vector_stores', grouping: 'project_id', width: '1d' },
  ]);
  assert.deepEqual(
    await store.partialCoverage({
      organizationId: org,
      endpoint: 'vector_stores',
      width: '1d',
      start: T0 + 1,
      end: T0 + 86_400,
    }),
    [],
  );
  const read = await store.readRange('vector_stores', {
    start: T0,
    end: T0 + 86_400,
    width: '1d',
    organizations: [org],
  });
  assert.deepEqual(
    read.map((b) => [b.start_time, b.end_time, b.results.map((r) => r.usage_bytes)]),
    [[T0, T0 + 86_400, [42]]],
  );
  await store.replaceDirectory(
    org,
    [{ kind: 'project', id: 'proj_a', name: 'Alpha', parent_id: null, attributes: {} }],
    1,
  );
  assert.deepEqual(
    (await store.readDirectory([org])).map((e) => [e.organization_id, e.id, e.name]),
    [[org, 'proj_a', 'Alpha']],
  );
  const e = event({ organization: org, channels: ['team'] });
  assert.equal((await store.recordAlertEvents([e], 5)).length, 1);
  assert.deepEqual(
    (await store.undeliveredAlerts()).filter((d) => d.organization === org).map((d) => d.channel),
    ['team'],
  );
  await store.updateAlertDelivery(e, 'team', { status: 'delivered', attempts: 1, lastError: null, updatedAt: 6 });
  assert.deepEqual(
    (await store.alertDeliveries()).filter((d) => d.organization === org).map((d) => d.status),
    ['delivered'],
  );
  assert.deepEqual(
    (await store.openAlertEvents()).filter((k) => k.organization === org).map((k) => k.period),
    [e.period],
  );
});
