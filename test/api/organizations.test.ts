import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadOrganizations } from '../../lib/api/organizations';

test('named admin keys from the environment and .env, the environment winning per variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orgs-'));
  try {
    const dotenvPath = path.join(dir, '.env');
    writeFileSync(
      dotenvPath,
      'OPENAI_ADMIN_KEY_EU=sk-admin-file-eu\nOPENAI_ADMIN_KEY_US=sk-admin-file-us\nOPENAI_BASE_URL_US=http://127.0.0.1:9/v1/\n',
    );
    const orgs = loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'sk-admin-env-eu' }, dotenvPath });
    assert.deepEqual(orgs, [
      { name: 'eu', apiKey: 'sk-admin-env-eu', baseURL: 'https://api.openai.com/v1', source: 'env' },
      { name: 'us', apiKey: 'sk-admin-file-us', baseURL: 'http://127.0.0.1:9/v1', source: 'dotenv' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the plain key is the "default" organization; none at all means demo', () => {
  assert.deepEqual(
    loadOrganizations({ env: { OPENAI_ADMIN_KEY: 'sk-admin-x' }, dotenvPath: null }).map((o) => o.name),
    ['default'],
  );
  assert.deepEqual(loadOrganizations({ env: {}, dotenvPath: null }), []);
});

test('a bad or duplicate name is refused without showing any key', () => {
  assert.throws(
    () => loadOrganizations({ env: { 'OPENAI_ADMIN_KEY_-x': 'sk-admin-secret' }, dotenvPath: null }),
    (e: Error) => /invalid organization name: "-x"/.test(e.message) && !e.message.includes('secret'),
  );
  assert.throws(
    () => loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'a', OPENAI_ADMIN_KEY_eu: 'b' }, dotenvPath: null }),
    /two variables give the name "eu"/,
  );
});
