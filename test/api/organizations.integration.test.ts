import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadOrganizations, selectOrganizations } from '../../lib/api/organizations';

test('named admin keys from the environment and .env, the environment winning per variable; names as written', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orgs-'));
  try {
    const dotenvPath = path.join(dir, '.env');
    writeFileSync(
      dotenvPath,
      'OPENAI_ADMIN_KEY_EU=sk-admin-file-eu\nOPENAI_ADMIN_KEY_us=sk-admin-file-us\nOPENAI_BASE_URL_us=http://127.0.0.1:9/v1/\n' +
        'OPENAI_ORG_ID_us=org-US1\n',
    );
    const orgs = loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'sk-admin-env-eu' }, dotenvPath });
    assert.deepEqual(orgs, [
      {
        name: 'EU',
        apiKey: 'sk-admin-env-eu',
        baseURL: 'https://api.openai.com/v1',
        source: 'env',
        keyVariable: 'OPENAI_ADMIN_KEY_EU',
        baseUrlVariable: 'OPENAI_BASE_URL',
      },
      {
        name: 'us',
        apiKey: 'sk-admin-file-us',
        baseURL: 'http://127.0.0.1:9/v1',
        source: 'dotenv',
        keyVariable: 'OPENAI_ADMIN_KEY_us',
        baseUrlVariable: 'OPENAI_BASE_URL_us',
        organizationId: 'org-US1',
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the plain key is the "default" organization; none at all means demo; sorted case-insensitively', () => {
  assert.deepEqual(
    loadOrganizations({ env: { OPENAI_ADMIN_KEY: 'sk-admin-x', OPENAI_ORG_ID: 'org-D' }, dotenvPath: null }).map(
      (o) => [o.name, o.organizationId],
    ),
    [['default', 'org-D']],
  );
  assert.deepEqual(loadOrganizations({ env: {}, dotenvPath: null }), []);
  assert.deepEqual(
    loadOrganizations({
      env: { OPENAI_ADMIN_KEY_beta: 'sk-admin-b', OPENAI_ADMIN_KEY_Acme: 'sk-admin-a', OPENAI_ADMIN_KEY: 'sk-admin-d' },
      dotenvPath: null,
    }).map((o) => o.name),
    ['Acme', 'beta', 'default'],
  );
});

test('a bad name, two names equal but for case, or a bad OPENAI_ORG_ID_<NAME> is refused without showing any key', () => {
  assert.throws(
    () => loadOrganizations({ env: { 'OPENAI_ADMIN_KEY_-x': 'sk-admin-secret' }, dotenvPath: null }),
    (e: Error) => /invalid organization name: "-x"/.test(e.message) && !e.message.includes('secret'),
  );
  assert.throws(
    () => loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'a', OPENAI_ADMIN_KEY_eu: 'b' }, dotenvPath: null }),
    /invalid organization name: "eu" \("EU" is configured too; names are matched case-insensitively\)/,
  );
  assert.throws(
    () => loadOrganizations({ env: { OPENAI_ADMIN_KEY: 'a', OPENAI_ADMIN_KEY_DEFAULT: 'b' }, dotenvPath: null }),
    /invalid organization name: "DEFAULT"/,
  );
  assert.throws(
    () =>
      loadOrganizations({
        env: { OPENAI_ADMIN_KEY_EU: 'sk-admin-secret', OPENAI_ORG_ID_EU: 'sk-admin-secret' },
        dotenvPath: null,
      }),
    (e: Error) => /^invalid OPENAI_ORG_ID_EU: a key, not an ID/.test(e.message) && !e.message.includes('secret'),
  );
});

test('--organizations picks names case-insensitively in configured order; an unknown name is refused listing the configured ones', () => {
  const configured = [{ name: 'Acme' }, { name: 'beta' }, { name: 'default' }];
  assert.deepEqual(selectOrganizations(configured, undefined), configured);
  assert.deepEqual(selectOrganizations(configured, 'BETA, acme'), [{ name: 'Acme' }, { name: 'beta' }]);
  assert.deepEqual(selectOrganizations(configured, 'acme,ACME'), [{ name: 'Acme' }]);
  assert.throws(
    () => selectOrganizations(configured, 'acme,gamma'),
    /^RangeError: invalid --organizations: gamma \(configured: Acme, beta, default\)$/,
  );
  assert.throws(() => selectOrganizations(configured, ''), /invalid --organizations: "" \(configured: /);
  assert.throws(() => selectOrganizations([], 'x'), /invalid --organizations: x \(configured: none\)/);
});
