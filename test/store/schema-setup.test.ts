import assert from 'node:assert/strict';
import { test } from 'node:test';
import { biViews } from '../../lib/store/bi-views';
import { CURRENT_VERSION, bookkeepingTables } from '../../lib/store/migrations';
import { migrateSchema } from '../../lib/store/schema-setup';
import { StoreSchemaError } from '../../lib/store/store';
import { allTableSchemas, type Column } from '../../lib/store/table-schema';
import { inTransaction, memoryDriver, type MemoryDriver } from './memory-store';

/** Every table the current schema has, with its columns in order: bookkeeping, then data and partial tables. */
const WANTED: ReadonlyArray<[string, readonly Column[]]> = [
  ...bookkeepingTables(),
  ...allTableSchemas().flatMap((t): Array<[string, readonly Column[]]> => [
    [t.table, t.columns],
    [t.partialTable, t.columns],
  ]),
];

/** Runs `fn` on an empty in-memory database. */
async function withDatabase(fn: (db: MemoryDriver) => Promise<void>): Promise<void> {
  const { db, close } = await memoryDriver();
  try {
    await fn(db);
  } finally {
    close();
  }
}

const migrate = (db: MemoryDriver): Promise<number> => migrateSchema(db, 'store.test', (fn) => inTransaction(db, fn));
const versions = async (db: MemoryDriver): Promise<number[]> =>
  (await db.query('SELECT version FROM schema_version ORDER BY version')).map((r) => Number(r['version']));

test('an empty database gets every table with its columns in order, the BI views and one version row', async () => {
  await withDatabase(async (db) => {
    assert.equal(await migrate(db), CURRENT_VERSION);
    assert.deepEqual((await db.tableNames()).sort(), WANTED.map(([name]) => name).sort());
    for (const [table, columns] of WANTED)
      assert.deepEqual(
        await db.columnNames(table),
        columns.map((c) => c.name),
        table,
      );
    assert.deepEqual(
      (await db.viewNames()).sort(),
      biViews()
        .map((v) => v.name)
        .sort(),
    );
    assert.deepEqual(await versions(db), [CURRENT_VERSION]);
    const types = await db.query(
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'coverage' ORDER BY ordinal_position",
    );
    assert.deepEqual(
      types.map((r) => r['data_type']),
      ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'BIGINT', 'BIGINT', 'BOOLEAN', 'BIGINT'],
    );
  });
});

test('opening again changes nothing: no new version row, no new table', async () => {
  await withDatabase(async (db) => {
    await migrate(db);
    const tables = (await db.tableNames()).sort();
    const before = db.statements.length;
    assert.equal(await migrate(db), CURRENT_VERSION);
    const reopen = db.statements.slice(before);
    assert.deepEqual((await db.tableNames()).sort(), tables);
    assert.deepEqual(await versions(db), [CURRENT_VERSION]);
    const created = reopen.filter((s) => /^(CREATE|ALTER|DROP|INSERT)/.test(s));
    assert.deepEqual(created, []);
    // Every reopen of a notebook's store runs this: the tables once, every table's and view's columns once.
    const schemaReads = reopen.filter((s) => s.includes('information_schema'));
    assert.deepEqual(
      schemaReads.map((s) => /information_schema\.(\w+)/.exec(s)?.[1]),
      ['tables', 'columns'],
    );
  });
});

test('what the catalogue gained since is added: a missing data table, a missing column (at the end)', async () => {
  await withDatabase(async (db) => {
    await migrate(db);
    const [costs] = allTableSchemas().filter((t) => t.endpoint === 'costs');
    assert.ok(costs !== undefined);
    await db.exec(`ALTER TABLE ${costs.table} DROP COLUMN api_source`);
    await db.exec('DROP TABLE usage_moderations_partial');
    await migrate(db);
    const names = await db.columnNames(costs.table);
    assert.equal(names[names.length - 1], 'api_source');
    assert.deepEqual([...names].sort(), costs.columns.map((c) => c.name).sort());
    assert.ok((await db.tableNames()).includes('usage_moderations_partial'));
    assert.deepEqual(await versions(db), [CURRENT_VERSION], 'additive changes need no version');
  });
});

test('usage tables without a schema_version table are not a store of this code: refused, nothing created', async () => {
  await withDatabase(async (db) => {
    await db.exec('CREATE TABLE coverage (endpoint TEXT)');
    await assert.rejects(migrate(db), (e) => {
      assert.ok(e instanceof StoreSchemaError);
      assert.equal(
        e.message,
        'store store.test has usage tables but no schema_version table: not a store this code wrote',
      );
      return true;
    });
    assert.deepEqual(await db.tableNames(), ['coverage']);
  });
});

test('an empty schema_version table, or a newer version, is refused and the store left as it was', async () => {
  await withDatabase(async (db) => {
    await db.exec('CREATE TABLE schema_version (version BIGINT, migrated_at BIGINT)');
    await assert.rejects(migrate(db), {
      name: 'StoreSchemaError',
      message: 'store store.test has an empty schema_version table',
    });
    await db.exec('INSERT INTO schema_version VALUES ($1, 0), (2, 0)', [CURRENT_VERSION + 1]);
    await assert.rejects(migrate(db), {
      name: 'StoreSchemaError',
      message: `store store.test has schema version ${CURRENT_VERSION + 1}, newer than this code's ${CURRENT_VERSION}: update the project before using it`,
    });
    assert.deepEqual(await db.tableNames(), ['schema_version'], 'the refusal rolled back');
  });
});

test('an older store is migrated once: the new version is recorded beside the old one, rows kept', async () => {
  await withDatabase(async (db) => {
    // A version-2 store: its coverage has no organization_id yet.
    await db.exec('CREATE TABLE schema_version (version BIGINT, migrated_at BIGINT)');
    await db.exec('INSERT INTO schema_version VALUES (2, 1700000000)');
    await db.exec(
      'CREATE TABLE coverage (endpoint TEXT, group_by TEXT, bucket_width TEXT, start_time BIGINT, end_time BIGINT, final BOOLEAN, synced_at BIGINT)',
    );
    await db.exec("INSERT INTO coverage VALUES ('costs', '', '1d', 0, 86400, true, 1)");
    const before = Date.now();
    assert.equal(await migrate(db), CURRENT_VERSION);
    assert.deepEqual(await versions(db), [2, CURRENT_VERSION]);
    const migratedAt = Number((await db.query('SELECT max(migrated_at) AS t FROM schema_version'))[0]?.['t']);
    assert.ok(migratedAt >= Math.floor(before / 1000) && migratedAt <= Date.now() / 1000);
    assert.deepEqual(await db.query('SELECT organization_id, endpoint, end_time FROM coverage'), [
      { organization_id: '', endpoint: 'costs', end_time: 86400 },
    ]);
    await migrate(db);
    assert.deepEqual(await versions(db), [2, CURRENT_VERSION]);
  });
});
