import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_BASE_URL, InvalidConfigError, loadConfig, loadOrganizations, redactKey } from '../../lib/api/index';
import { runChildSync } from '../../tools/child-process';

function dotenvFile(t: { after: (fn: () => void) => void }, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-config-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, '.env');
  fs.writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  test('with nothing set there is no key and the official base URL', () => {
    assert.deepEqual(loadConfig({ env: {} }), { baseURL: DEFAULT_BASE_URL, source: 'none' });
    assert.deepEqual(loadConfig({ env: {}, dotenvPath: '/nonexistent/.env' }), {
      baseURL: DEFAULT_BASE_URL,
      source: 'none',
    });
  });

  test('reads the key and base URL from a .env file without touching process.env', (t) => {
    const file = dotenvFile(
      t,
      'OPENAI_ADMIN_KEY=sk-admin-from-file-123\nOPENAI_BASE_URL=http://127.0.0.1:8080/v1///\n',
    );
    const before = [process.env['OPENAI_ADMIN_KEY'], process.env['OPENAI_BASE_URL']];
    assert.deepEqual(loadConfig({ env: {}, dotenvPath: file }), {
      apiKey: 'sk-admin-from-file-123',
      baseURL: 'http://127.0.0.1:8080/v1',
      source: 'dotenv',
    });
    assert.deepEqual([process.env['OPENAI_ADMIN_KEY'], process.env['OPENAI_BASE_URL']], before);
  });

  test('the environment wins over the file and blank values count as unset', (t) => {
    const file = dotenvFile(t, 'OPENAI_ADMIN_KEY=sk-admin-file\n');
    assert.equal(loadConfig({ env: { OPENAI_ADMIN_KEY: 'sk-admin-env' }, dotenvPath: file }).apiKey, 'sk-admin-env');
    assert.equal(loadConfig({ env: { OPENAI_ADMIN_KEY: '  ' }, dotenvPath: file }).source, 'dotenv');
  });

  test('reads ./.env by default when using process.env, and not when env is given or dotenvPath is null', (t) => {
    const file = dotenvFile(t, 'OPENAI_BASE_URL=http://127.0.0.1:9/v1\n');
    const script = [
      'const { loadConfig } = require(process.env.LIB);',
      'console.log(JSON.stringify([loadConfig().baseURL, loadConfig({ env: {} }).baseURL, loadConfig({ dotenvPath: null }).baseURL]));',
    ].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env, LIB: path.resolve(__dirname, '../../lib/api/index.ts') };
    delete env['OPENAI_BASE_URL'];
    delete env['OPENAI_ADMIN_KEY'];
    const tsx = require.resolve('tsx');
    const r = runChildSync(process.execPath, ['--import', pathToFileURL(tsx).href, '-e', script], {
      cwd: path.dirname(file),
      env,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), ['http://127.0.0.1:9/v1', DEFAULT_BASE_URL, DEFAULT_BASE_URL]);
  });

  test('rejects an invalid base URL naming it', () => {
    assert.throws(
      () => loadConfig({ env: { OPENAI_BASE_URL: 'not a url' } }),
      /^InvalidConfigError: invalid OPENAI_BASE_URL: "not a url" \(expected an http\(s\) URL such as https:\/\/api\.openai\.com\/v1\)$/,
    );
    assert.throws(
      () => loadConfig({ env: { OPENAI_BASE_URL: 'api.openai.com/v1' } }),
      /^InvalidConfigError: invalid OPENAI_BASE_URL: "api.openai.com\/v1" /,
    );
    assert.throws(() => loadConfig({ env: { OPENAI_BASE_URL: 'ftp://x/v1' } }), /expected http or https/);
    assert.throws(
      () => loadConfig({ env: { OPENAI_BASE_URL: 'https://u:p@x/v1' } }),
      (e: unknown) => e instanceof InvalidConfigError && !e.message.includes('u:p'),
    );
  });
});

describe('project keys', () => {
  const projectKey = `sk-proj-${'x'.repeat(40)}Secret`;
  const says = (variable: string) => (e: unknown) =>
    e instanceof InvalidConfigError &&
    e.variable === variable &&
    e.message ===
      `invalid ${variable}: sk-proj-… is a project key; the Usage API needs an organization admin key: ` +
        'https://platform.openai.com/settings/organization/admin-keys';

  test('a project key is refused when the config is read, from the environment or .env, without echoing it', (t) => {
    assert.throws(() => loadConfig({ env: { OPENAI_ADMIN_KEY: projectKey } }), says('OPENAI_ADMIN_KEY'));
    const file = dotenvFile(t, `OPENAI_ADMIN_KEY=${projectKey}\n`);
    assert.throws(() => loadConfig({ env: {}, dotenvPath: file }), says('OPENAI_ADMIN_KEY'));
    assert.throws(
      () => loadConfig({ env: { OPENAI_ADMIN_KEY: projectKey } }),
      (e: unknown) => {
        return e instanceof Error && !e.message.includes('Secret');
      },
    );
    // An admin key, or any other, passes: only the project prefix is known to be wrong.
    assert.equal(loadConfig({ env: { OPENAI_ADMIN_KEY: 'sk-admin-abc' } }).apiKey, 'sk-admin-abc');
  });

  test("each organization's key and base URL are checked under their own variable names", () => {
    assert.throws(
      () => loadOrganizations({ env: { OPENAI_ADMIN_KEY: 'sk-admin-a', OPENAI_ADMIN_KEY_EU: projectKey } }),
      says('OPENAI_ADMIN_KEY_EU'),
    );
    assert.throws(
      () => loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'sk-admin-a', OPENAI_BASE_URL_EU: 'eu.example/v1' } }),
      /^InvalidConfigError: invalid OPENAI_BASE_URL_EU: "eu.example\/v1"/,
    );
    assert.throws(
      () => loadOrganizations({ env: { OPENAI_ADMIN_KEY_EU: 'sk-admin-a', OPENAI_BASE_URL: 'eu.example/v1' } }),
      /^InvalidConfigError: invalid OPENAI_BASE_URL: "eu.example\/v1"/,
    );
  });
});

describe('redactKey', () => {
  test('keeps the prefix and the last 3 characters only', () => {
    assert.equal(redactKey('sk-admin-1234abcd5678xyz'), 'sk-admin…xyz');
    assert.equal(redactKey('sk-proj-aaaaaaaaaaaaaaaa123'), 'sk-proj…123');
    assert.equal(redactKey('short'), '***');
  });
});
