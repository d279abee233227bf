import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { markHeadlessDemoStore, parseRunOptions, removeDuckDbFile, resolveRunSource } from '../../scripts/headless-run';

describe('npm start -- --source / --store', () => {
  test('source and store are passed through checked; a file store is made absolute', () => {
    const o = parseRunOptions(['--source', 'store', '--store', 'data/x.duckdb'], { root: '/repo', env: {} });
    assert.equal(o.source, 'store');
    assert.equal(o.store, path.resolve('data/x.duckdb'));
    assert.equal(
      parseRunOptions(['--store', 'postgres://u@h/db'], { root: '/repo', env: {} }).store,
      'postgres://u@h/db',
    );
    assert.equal(parseRunOptions([], { root: '/repo', env: {} }).source, undefined);
    assert.throws(
      () => parseRunOptions(['--source', 'cache'], { root: '/repo', env: {} }),
      /invalid --source: "cache" \(api, store or sync\)/,
    );
  });

  test('the demo syncs a fresh data/demo.duckdb unless a key or any choice says otherwise', () => {
    const ctx = { root: '/repo', env: {}, adminKey: undefined };
    assert.deepEqual(resolveRunSource({}, ctx), {
      source: 'sync',
      store: '/repo/data/demo.duckdb',
      fresh: '/repo/data/demo.duckdb',
    });
    assert.deepEqual(resolveRunSource({}, { ...ctx, adminKey: 'sk-admin-x' }), {}, 'live: the API, as before');
    assert.deepEqual(resolveRunSource({ source: 'api' }, ctx), { source: 'api' });
    assert.deepEqual(resolveRunSource({ source: 'store' }, ctx), { source: 'store' }, 'never deletes a store to read');
    assert.deepEqual(resolveRunSource({ store: '/x.duckdb' }, ctx), { store: '/x.duckdb' });
    assert.deepEqual(resolveRunSource({}, { ...ctx, env: { USAGE_SOURCE: 'api' } }), {});
    assert.deepEqual(resolveRunSource({}, { ...ctx, env: { USAGE_STORE_URL: 'postgres://h/db' } }), {});
    assert.deepEqual(resolveRunSource({}, { ...ctx, env: { USAGE_SOURCE: ' ' } }).source, 'sync');
  });

  test('the headless demo rebuilds data/demo.duckdb only while it is its own; a store someone wrote is left alone', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'headless-demo-'));
    try {
      const ctx = { root, env: {}, adminKey: undefined };
      const shared = path.join(root, 'data', 'demo.duckdb');
      const own = path.join(root, 'data', 'npm-start-demo.duckdb');
      const ours = { source: 'sync', store: shared, fresh: shared };
      assert.deepEqual(resolveRunSource({}, ctx), ours, 'no store yet: the demo builds data/demo.duckdb');
      // What a run does: delete, rebuild (here: write bytes), mark.
      mkdirSync(path.dirname(shared), { recursive: true });
      writeFileSync(shared, 'built by the headless demo');
      markHeadlessDemoStore(shared);
      assert.deepEqual(resolveRunSource({}, ctx), ours, 'as the demo left it: rebuilt again');
      // Someone syncs into it (npm run sync without a key, a notebook, the dashboard's alerts…).
      appendFileSync(shared, ', then 60 days synced by a person');
      utimesSync(shared, new Date(), new Date(Date.now() + 5000));
      const after = resolveRunSource({}, ctx);
      assert.deepEqual({ ...after, note: undefined }, { source: 'sync', store: own, fresh: own, note: undefined });
      assert.match(after.note ?? '', /data\/demo\.duckdb was written since npm start last built it.*left as is/);
      // The run then deletes only its own store: the shared one keeps every byte.
      removeDuckDbFile(after.fresh ?? '');
      assert.equal(readFileSync(shared, 'utf8'), 'built by the headless demo, then 60 days synced by a person');
      // A store the demo never marked (older versions, npm run sync first) is not its own either.
      rmSync(`${shared}.npm-start.json`);
      writeFileSync(shared, 'synced first');
      assert.equal(resolveRunSource({}, ctx).store, own);
      // A garbled mark proves nothing.
      writeFileSync(`${shared}.npm-start.json`, '{not json');
      assert.equal(resolveRunSource({}, ctx).store, own);
      removeDuckDbFile(shared);
      assert.equal(existsSync(`${shared}.npm-start.json`), false, 'deleting a store deletes its mark');
      assert.deepEqual(resolveRunSource({}, ctx), ours);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('--notebooks-dir and --timings are made absolute; --notebooks-dir never with --update-committed', () => {
    const o = parseRunOptions(['--notebooks-dir', 'copies', '--timings', 't.json'], { root: '/repo', env: {} });
    assert.equal(o.notebooksDir, path.resolve('copies'));
    assert.equal(o.timings, path.resolve('t.json'));
    assert.equal(parseRunOptions([], { root: '/repo', env: {} }).notebooksDir, undefined);
    assert.throws(
      () => parseRunOptions(['--notebooks-dir', 'x', '--update-committed'], { root: '/repo', env: {} }),
      /invalid --notebooks-dir with --update-committed/,
    );
  });
});
