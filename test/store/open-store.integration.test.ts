import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { CURRENT_VERSION } from '../../lib/store/migrations';
import { openStore } from '../../lib/store/open-store';
import { StoreOpenError } from '../../lib/store/store';
import { tempDir } from '../../tools/temp-dir';

const tmp = tempDir('open-store-');
after(() => tmp.remove());

test('a path opens (creating and migrating) a DuckDB file store at its absolute location', async () => {
  const relative = path.relative(process.cwd(), path.join(tmp.dir, 'new', 'usage.duckdb'));
  const store = await openStore(relative);
  try {
    assert.equal(store.kind, 'duckdb');
    assert.equal(store.location, path.resolve(relative));
    assert.equal(await store.schemaVersion(), CURRENT_VERSION);
  } finally {
    await store.close();
  }
});

test('a PostgreSQL URL with no server behind it: StoreOpenError naming the store without its password', async () => {
  // Port 1 on the loopback: nothing listens there, the connection is refused at once.
  const url = 'postgresql://ana:s3cretpw@127.0.0.1:1/usage';
  await assert.rejects(openStore(url), (e: unknown) => {
    assert.ok(e instanceof StoreOpenError);
    assert.match(e.message, /^cannot connect to store postgresql:\/\/ana:\*\*\*@127\.0\.0\.1:1\/usage: /);
    assert.ok(!e.message.includes('s3cretpw'));
    return true;
  });
});
