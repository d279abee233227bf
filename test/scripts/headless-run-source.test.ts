import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseRunOptions, resolveRunSource } from '../../scripts/headless-run';

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
