import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseRunOptions } from '../../scripts/headless-run';

describe('npm start -- --source / --store', () => {
  test('source and store are passed through checked; a file store is made absolute', () => {
    const o = parseRunOptions(['--source', 'store', '--store', 'data/x.duckdb'], { root: '/repo', env: {} });
    assert.equal(o.source, 'store');
    assert.equal(o.store, path.resolve('data/x.duckdb'));
    assert.equal(parseRunOptions(['--store', 'postgres://u@h/db'], { root: '/repo', env: {} }).store, 'postgres://u@h/db');
    assert.equal(parseRunOptions([], { root: '/repo', env: {} }).source, undefined);
    assert.throws(() => parseRunOptions(['--source', 'cache'], { root: '/repo', env: {} }), /invalid --source: "cache" \(api, store or sync\)/);
  });
});
