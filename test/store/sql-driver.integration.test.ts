import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { biViews } from '../../lib/store/bi-views';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { InformationSchemaDriver, type Param, type Row } from '../../lib/store/sql-driver';
import { allTableSchemas } from '../../lib/store/table-schema';
import { tempDir } from './helpers';

/** The shared information_schema code over a DuckDB store's own queries. */
class StoreDriver extends InformationSchemaDriver {
  protected readonly schemaSql = "'main'";
  constructor(private readonly store: DuckDbStore) {
    super();
  }
  exec(): Promise<void> {
    return Promise.reject(new Error('read only'));
  }
  query(sql: string, params?: readonly Param[]): Promise<Row[]> {
    return this.store.query(sql, params);
  }
  bulkInsert(): Promise<void> {
    return Promise.reject(new Error('read only'));
  }
}

describe('SQL driver: information_schema', () => {
  const tmp = tempDir('sql-driver-');
  after(() => tmp.remove());

  test('every table’s and view’s columns in one query are each one’s columnNames, in column order', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'columns.duckdb'));
    try {
      const driver = new StoreDriver(store);
      const all = await driver.columnsByTable();
      const names = [...(await driver.tableNames()), ...(await driver.viewNames())].sort();
      assert.deepEqual([...all.keys()].sort(), names);
      for (const name of names) assert.deepEqual(all.get(name), await driver.columnNames(name), name);
      // Against what this code creates, not only against itself.
      for (const t of allTableSchemas())
        assert.deepEqual(
          all.get(t.table),
          t.columns.map((c) => c.name),
          t.table,
        );
      for (const v of biViews()) assert.deepEqual(all.get(v.name), v.columns, v.name);
    } finally {
      await store.close();
    }
  });
});
