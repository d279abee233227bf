import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeHandle } from '../../lib/notebook/store-handle';
import { openStore, type UsageStore } from '../../lib/store/index';
import { tempDir } from '../store/helpers';
import { runChildSync } from '../../tools/child-process';

/** Whether another process can open the DuckDB file now (DuckDB's file lock keeps others out while it is open). */
function otherProcessCanOpen(file: string): boolean {
  const script =
    "require('@duckdb/node-api').DuckDBInstance.create(process.argv[1])" +
    '.then(() => process.exit(0), (e) => { console.error(String(e)); process.exit(3); })';
  const r = runChildSync(process.execPath, ['-e', script, file], { cwd: path.resolve(__dirname, '../..') });
  if (r.code !== 0 && r.code !== 3) throw new Error(`probe failed: ${r.stderr}`);
  return r.code === 0;
}

describe('notebook store handle: one open store per burst of reads', () => {
  const tmp = tempDir('store-handle-');
  after(() => tmp.remove());

  test('reads in a burst share one open; idle, it is closed and another process can open the file', async () => {
    const file = path.join(tmp.dir, 'burst.duckdb');
    let opens = 0;
    const handle = storeHandle({
      location: file,
      waitMs: 0,
      idleMs: 300,
      open: (location, o) => {
        opens++;
        return openStore(location, o);
      },
    });
    const seen = new Set<UsageStore>();
    for (let i = 0; i < 5; i++) await handle.use((s) => Promise.resolve(seen.add(s)));
    await Promise.all([1, 2, 3].map(() => handle.use((s) => Promise.resolve(seen.add(s)))));
    assert.equal(opens, 1);
    assert.equal(seen.size, 1);
    assert.equal(otherProcessCanOpen(file), false, 'held between reads of a burst');
    await sleep(900);
    assert.equal(otherProcessCanOpen(file), true, 'released once idle');
    assert.deepEqual(await handle.use((s) => s.readDirectory()), []);
    assert.equal(opens, 2, 'a read after the idle close opens again');
    await handle.close();
    assert.equal(otherProcessCanOpen(file), true, 'released by close()');
  });

  test('a failed open is not kept: the next read tries again', async () => {
    let opens = 0;
    const handle = storeHandle({
      location: path.join(tmp.dir, 'retry.duckdb'),
      waitMs: 0,
      open: (location, o) => {
        opens++;
        return opens === 1 ? Promise.reject(new Error('busy')) : openStore(location, o);
      },
    });
    await assert.rejects(
      handle.use(() => Promise.resolve(1)),
      /busy/,
    );
    assert.equal(await handle.use(() => Promise.resolve(2)), 2);
    assert.equal(opens, 2);
    await handle.close();
  });
});
