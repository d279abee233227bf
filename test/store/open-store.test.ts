import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_STORE_FILE, isPostgresUrl, resolveStoreLocation, storeLabel } from '../../lib/store/open-store';

test('store location: explicit, then USAGE_STORE_URL, then data/usage.duckdb', () => {
  assert.equal(resolveStoreLocation('x.duckdb', { USAGE_STORE_URL: 'postgres://h/db' }), 'x.duckdb');
  assert.equal(resolveStoreLocation(undefined, { USAGE_STORE_URL: 'postgres://h/db' }), 'postgres://h/db');
  assert.equal(resolveStoreLocation(undefined, {}), path.join('data', 'usage.duckdb'));
});

test('blank values fall through: an empty or blank explicit value or variable is no location', () => {
  assert.equal(resolveStoreLocation('  ', { USAGE_STORE_URL: 'pg.duckdb' }), DEFAULT_STORE_FILE);
  assert.equal(resolveStoreLocation(undefined, { USAGE_STORE_URL: '' }, 'fallback.duckdb'), 'fallback.duckdb');
  assert.equal(resolveStoreLocation(' my.duckdb\n', {}), 'my.duckdb');
  assert.equal(DEFAULT_STORE_FILE, path.join('data', 'usage.duckdb'));
});

test('postgres:// and postgresql:// (any case) select PostgreSQL; anything else is a file path', () => {
  for (const url of ['postgres://h/db', 'postgresql://u:p@h:5432/db', 'POSTGRES://H/DB', 'PostgreSQL://h'])
    assert.equal(isPostgresUrl(url), true, url);
  for (const file of ['usage.duckdb', 'postgres.duckdb', ' postgres://h/db', 'postgres:/h/db', 'mysql://h/db', ''])
    assert.equal(isPostgresUrl(file), false, file);
});

test('storeLabel: a file by its name only, PostgreSQL by host and database, never a user or password', () => {
  assert.equal(storeLabel('/home/ana/secret-project/data/usage.duckdb'), 'DuckDB store usage.duckdb');
  assert.equal(storeLabel('usage.duckdb'), 'DuckDB store usage.duckdb');
  assert.equal(
    storeLabel('postgresql://ana:s3cret@db.internal:6543/usage?sslmode=require'),
    'PostgreSQL store db.internal:6543/usage',
  );
  assert.equal(storeLabel('postgres://db.internal'), 'PostgreSQL store db.internal');
  assert.equal(
    storeLabel('postgres://ana:s3cret@[::1'),
    'PostgreSQL store',
    'an unparsable URL names no part of itself',
  );
});

test('property: no user name or password of a PostgreSQL URL appears in its label', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `Z${s}`);
  fc.assert(
    fc.property(secret, secret, fc.domain(), fc.stringMatching(/^[a-z_]{1,10}$/), (user, password, host, db) => {
      const label = storeLabel(`postgres://${user}:${password}@${host}/${db}`);
      assert.ok(label.startsWith('PostgreSQL store '), label);
      assert.ok(!label.includes(user) && !label.includes(password), label);
    }),
  );
});
