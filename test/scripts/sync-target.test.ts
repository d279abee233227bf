import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { resolveSyncTarget } from '../../scripts/sync-target';

const demoFile = path.join('data', 'demo.duckdb');

test('any configured key, named ones alone included, is live; only no key at all is the demo', () => {
  assert.deepEqual(resolveSyncTarget({}, { configured: 1, env: {} }), {
    mode: 'live',
    location: path.join('data', 'usage.duckdb'),
  });
  assert.deepEqual(resolveSyncTarget({ store: 'x.duckdb' }, { configured: 2, env: {} }), {
    mode: 'live',
    location: 'x.duckdb',
  });
  assert.deepEqual(resolveSyncTarget({}, { configured: 0, env: {} }), { mode: 'demo', location: demoFile });
});

test('the demo never writes into a store the user named, unless --demo says so; an export only reads', () => {
  assert.throws(
    () => resolveSyncTarget({ store: '/srv/team.duckdb' }, { configured: 0, env: {} }),
    /^RangeError: invalid --store: refusing to write the demo's synthetic organizations into DuckDB store team\.duckdb: no OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_<NAME> is set .* add --demo/,
  );
  assert.throws(
    () => resolveSyncTarget({}, { configured: 0, env: { USAGE_STORE_URL: 'postgres://u:pw@db.example/usage' } }),
    (e: Error) =>
      /^invalid USAGE_STORE_URL: .*PostgreSQL store db\.example\/usage/.test(e.message) && !e.message.includes('pw'),
  );
  assert.deepEqual(resolveSyncTarget({ store: '/srv/team.duckdb', demo: true }, { configured: 0, env: {} }), {
    mode: 'demo',
    location: '/srv/team.duckdb',
  });
  assert.deepEqual(resolveSyncTarget({ demo: true }, { configured: 3, env: {} }), { mode: 'demo', location: demoFile });
  assert.deepEqual(resolveSyncTarget({ store: '/srv/team.duckdb', exportOnly: true }, { configured: 0, env: {} }), {
    mode: 'demo',
    location: '/srv/team.duckdb',
  });
  // Naming the demo's own store is no other store.
  assert.equal(resolveSyncTarget({ store: demoFile }, { configured: 0, env: {} }).location, demoFile);
});
