import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ALERT_DELIVERY_COLUMNS,
  ALERT_EVENT_COLUMNS,
  COVERAGE_COLUMNS,
  CURRENT_VERSION,
  DIRECTORY_COLUMNS,
  MIGRATIONS,
  ORGANIZATION_COLUMNS,
  bookkeepingTables,
  type Migration,
} from '../../lib/store/migrations';
import { memoryDriver, type MemoryDriver } from './memory-store';

function migration(from: number): Migration {
  const m = MIGRATIONS.find((x) => x.from === from);
  assert.ok(m !== undefined, `a migration from version ${from}`);
  return m;
}

async function withDatabase(statements: readonly string[], fn: (db: MemoryDriver) => Promise<void>): Promise<void> {
  const { db, close } = await memoryDriver();
  try {
    for (const s of statements) await db.exec(s);
    await fn(db);
  } finally {
    close();
  }
}

const V1_COVERAGE =
  'CREATE TABLE coverage (endpoint TEXT, group_by TEXT, bucket_width TEXT, start_time BIGINT, end_time BIGINT, final BOOLEAN, synced_at BIGINT)';

test('the migrations chain every version from 1 to the current one, one step each', () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => [m.from, m.to]),
    Array.from({ length: CURRENT_VERSION - 1 }, (_, i) => [i + 1, i + 2]),
  );
});

test('bookkeeping tables: their names, and every one but schema_version keyed as the code reads it', () => {
  assert.deepEqual(
    bookkeepingTables().map(([name]) => name),
    [
      'schema_version',
      'coverage',
      'partial_coverage',
      'directory',
      'organizations',
      'alert_events',
      'alert_deliveries',
    ],
  );
  const columns = Object.fromEntries(bookkeepingTables().map(([name, cols]) => [name, cols.map((c) => c.name)]));
  assert.deepEqual(columns['schema_version'], ['version', 'migrated_at']);
  assert.equal(bookkeepingTables()[2]?.[1], COVERAGE_COLUMNS, 'partial coverage has the coverage columns');
  for (const cols of [COVERAGE_COLUMNS, DIRECTORY_COLUMNS, ORGANIZATION_COLUMNS])
    assert.deepEqual(cols[0], { name: 'organization_id', type: 'TEXT' });
  const alertKey = ['organization', 'rule', 'scope', 'period', 'state'];
  assert.deepEqual(
    ALERT_EVENT_COLUMNS.slice(0, 5).map((c) => c.name),
    alertKey,
  );
  assert.deepEqual(
    ALERT_DELIVERY_COLUMNS.slice(0, 5).map((c) => c.name),
    alertKey,
  );
  for (const [name, cols] of bookkeepingTables())
    assert.equal(new Set(cols.map((c) => c.name)).size, cols.length, `${name}: no column twice`);
});

test('1 → 2: each data table gets group_by filled with the one grouping its coverage names', async () => {
  await withDatabase(
    [
      V1_COVERAGE,
      "INSERT INTO coverage VALUES ('vector_stores', 'project_id', '1d', 0, 86400, true, 1), ('vector_stores', 'project_id', '1d', 86400, 172800, true, 1)",
      "INSERT INTO coverage VALUES ('costs', 'line_item''s', '1d', 0, 86400, true, 1)",
      'CREATE TABLE usage_vector_stores (start_time BIGINT, usage_bytes FLOAT8)',
      'INSERT INTO usage_vector_stores VALUES (0, 5), (86400, 7)',
      'CREATE TABLE costs (start_time BIGINT)',
      'INSERT INTO costs VALUES (0)',
      // No coverage for it: its rows were ungrouped ('').
      'CREATE TABLE usage_embeddings (start_time BIGINT)',
      'INSERT INTO usage_embeddings VALUES (0)',
    ],
    async (db) => {
      await migration(1).up(db);
      assert.deepEqual(await db.query('SELECT start_time, group_by FROM usage_vector_stores ORDER BY start_time'), [
        { start_time: 0, group_by: 'project_id' },
        { start_time: 86400, group_by: 'project_id' },
      ]);
      assert.deepEqual(await db.query('SELECT group_by FROM costs'), [{ group_by: "line_item's" }]);
      assert.deepEqual(await db.query('SELECT group_by FROM usage_embeddings'), [{ group_by: '' }]);
      // Tables the store never had are not created here (opening adds them afterwards).
      assert.deepEqual((await db.tableNames()).sort(), [
        'costs',
        'coverage',
        'usage_embeddings',
        'usage_vector_stores',
      ]);
      // Run again (a table that already has group_by is left alone).
      const before = db.statements.length;
      await migration(1).up(db);
      assert.deepEqual(
        db.statements.slice(before).filter((s) => s.startsWith('ALTER')),
        [],
      );
    },
  );
});

test('1 → 2 refuses a data table whose coverage names two groupings (version 1 could not hold them)', async () => {
  await withDatabase(
    [
      V1_COVERAGE,
      "INSERT INTO coverage VALUES ('costs', 'project_id', '1d', 0, 86400, true, 1), ('costs', '', '1d', 0, 86400, true, 1)",
      'CREATE TABLE costs (start_time BIGINT)',
    ],
    async (db) => {
      await assert.rejects(migration(1).up(db), {
        message: 'cannot migrate costs: version 1 allows one grouping, coverage has 2',
      });
      assert.deepEqual(await db.columnNames('costs'), ['start_time']);
    },
  );
});

test('property: 1 → 2 keeps any grouping text as it was, quotes included', async () => {
  await withDatabase([V1_COVERAGE], async (db) => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\u0000')),
        async (g) => {
          await db.exec('DELETE FROM coverage');
          await db.exec('DROP TABLE IF EXISTS costs');
          await db.exec('CREATE TABLE costs (start_time BIGINT)');
          await db.exec('INSERT INTO costs VALUES (0)');
          await db.exec("INSERT INTO coverage VALUES ('costs', $1, '1d', 0, 1, true, 1)", [g]);
          await migration(1).up(db);
          assert.deepEqual(await db.query('SELECT group_by FROM costs'), [{ group_by: g }]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

test("2 → 3: every keyed table gets organization_id '' on its existing rows; other tables are left alone", async () => {
  await withDatabase(
    [
      'CREATE TABLE coverage (endpoint TEXT, group_by TEXT)',
      "INSERT INTO coverage VALUES ('costs', '')",
      'CREATE TABLE directory (kind TEXT, id TEXT)',
      "INSERT INTO directory VALUES ('project', 'proj_a')",
      'CREATE TABLE costs (start_time BIGINT, group_by TEXT)',
      "INSERT INTO costs VALUES (0, ''), (86400, '')",
      'CREATE TABLE usage_completions_partial (start_time BIGINT)',
      // Already labelled: untouched.
      'CREATE TABLE usage_embeddings (organization_id TEXT, start_time BIGINT)',
      "INSERT INTO usage_embeddings VALUES ('org-a', 0)",
      'CREATE TABLE schema_version (version BIGINT, migrated_at BIGINT)',
    ],
    async (db) => {
      await migration(2).up(db);
      assert.deepEqual(await db.query('SELECT organization_id, endpoint FROM coverage'), [
        { organization_id: '', endpoint: 'costs' },
      ]);
      assert.deepEqual(await db.query('SELECT organization_id, id FROM directory'), [
        { organization_id: '', id: 'proj_a' },
      ]);
      assert.deepEqual(await db.query('SELECT organization_id FROM costs'), [
        { organization_id: '' },
        { organization_id: '' },
      ]);
      assert.deepEqual(await db.columnNames('usage_completions_partial'), ['start_time', 'organization_id']);
      assert.deepEqual(await db.query('SELECT * FROM usage_embeddings'), [{ organization_id: 'org-a', start_time: 0 }]);
      assert.deepEqual(await db.columnNames('schema_version'), ['version', 'migrated_at']);
      // New rows get the default too (a version-2 writer would not name the column).
      await db.exec("INSERT INTO costs (start_time, group_by) VALUES (172800, '')");
      assert.equal((await db.query("SELECT count(*) AS n FROM costs WHERE organization_id = ''"))[0]?.['n'], 3);
    },
  );
});
