import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import * as firstCopy from '../../lib/store/duckdb-store';
import { StoreLockedError } from '../../lib/store/store';
import { otherProcessOpensDuckDb, tempDir } from './helpers';

const tmp = tempDir('store-duck-copies-');
after(() => tmp.remove());

/** A second copy of the module, as a tslab kernel can load: evaluated again, with its own module-level state. */
function secondCopy(): typeof firstCopy {
  const id = require.resolve('../../lib/store/duckdb-store');
  const cached = require.cache[id];
  delete require.cache[id];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only require() can bypass the module cache
    return require(id) as typeof firstCopy;
  } finally {
    if (cached !== undefined) require.cache[id] = cached;
  }
}

test('two copies of the DuckDB store module share one registry of open files: one instance per file, one sync lock', async () => {
  const other = secondCopy();
  assert.notEqual(other.DuckDbStore, firstCopy.DuckDbStore, 'really two copies of the module');
  const file = path.join(tmp.dir, 'two-copies.duckdb');
  const a = await firstCopy.DuckDbStore.open(file);
  const b = await other.DuckDbStore.open(file);
  try {
    await a.lock();
    await assert.rejects(b.lock(), (e: unknown) => e instanceof StoreLockedError && e.message.includes(file));
    await a.unlock();
    await b.lock();
    await b.unlock();
    await a.exec('CREATE TABLE copies_probe (x BIGINT)');
    await a.exec('INSERT INTO copies_probe VALUES (41), (1)');
    assert.deepEqual(await b.query('SELECT sum(x) AS s FROM copies_probe'), [{ s: 42 }], 'one instance: b sees a');
    await a.close();
    // A second instance of the file would have dropped the process's file lock with a's close, under b.
    assert.equal(otherProcessOpensDuckDb(file), false, 'the file stays locked while b is open');
    assert.deepEqual(await b.query('SELECT count(*) AS n FROM copies_probe'), [{ n: 2 }]);
  } finally {
    await a.close();
    await b.close();
  }
  assert.equal(otherProcessOpensDuckDb(file), true, 'free once the last store closed');
});
