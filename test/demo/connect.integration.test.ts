import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connect } from '../../lib/demo/index';
import { startEmulator } from '../../lib/emulator/index';

const DAY = 86_400;

describe('connect()', () => {
  test('without a key starts the emulator (demo mode) and fetches data with no network', async () => {
    const lines: string[] = [];
    const conn = await connect({ env: {}, log: (l) => lines.push(l) });
    try {
      assert.equal(conn.mode, 'demo');
      assert.match(conn.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.equal(lines.length, 1);
      assert.match(
        lines[0] ?? '',
        /^Demo mode: no OPENAI_ADMIN_KEY found, using the built-in emulator of the Usage API at http:\/\/127\.0\.0\.1:\d+\/v1 \(synthetic data\)\. Put a key in \.env to use your organization's data\.$/,
      );
      const buckets = await conn.client.fetchAll('costs', { start_time: Math.floor(Date.now() / 1000) - 10 * DAY });
      assert.ok(buckets.length >= 10);
    } finally {
      await conn.close();
    }
    await assert.rejects(fetch(`${conn.baseURL}/organization/costs?start_time=0`));
  });

  test('with a key uses live mode and logs the base URL only', async () => {
    const key = `sk-admin-test-${Math.random().toString(36).slice(2)}`;
    const lines: string[] = [];
    const conn = await connect({
      env: { OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/' },
      log: (l) => lines.push(l),
    });
    assert.equal(conn.mode, 'live');
    assert.equal(conn.baseURL, 'http://127.0.0.1:9/v1');
    assert.deepEqual(lines, ['Using http://127.0.0.1:9/v1']);
    await conn.close();
  });

  test('only OPENAI_ADMIN_KEY_<NAME> keys: live with the first configured organization, never the demo', async () => {
    const acme = await startEmulator({ port: 0, seed: 7, organizationId: 'acme-test' });
    const globex = await startEmulator({ port: 0, seed: 8, organizationId: 'globex-test' });
    try {
      const env = {
        OPENAI_ADMIN_KEY_Globex: globex.adminKey,
        OPENAI_BASE_URL_Globex: globex.baseURL,
        OPENAI_ADMIN_KEY_Acme: acme.adminKey,
        OPENAI_BASE_URL_Acme: acme.baseURL,
      };
      const lines: string[] = [];
      const first = await connect({ env, dotenvPath: '/nonexistent/.env', log: (l) => lines.push(l) });
      try {
        assert.equal(first.mode, 'live');
        assert.equal(first.name, 'Acme');
        assert.equal(first.baseURL, acme.baseURL);
        await first.client.getPage('costs', { start_time: Math.floor(Date.now() / 1000) - DAY });
        assert.equal(first.client.organizationId, 'acme-test');
        assert.deepEqual(lines, [`Using organization Acme at ${acme.baseURL} (configured: Acme, Globex)`]);
        assert.ok(!lines.join('').includes(acme.adminKey));
      } finally {
        await first.close();
      }
      const picked = await connect({ env, dotenvPath: '/nonexistent/.env', organization: 'GLOBEX', log: () => {} });
      try {
        assert.equal(picked.name, 'Globex');
        assert.equal(picked.baseURL, globex.baseURL);
      } finally {
        await picked.close();
      }
      await assert.rejects(
        connect({ env, dotenvPath: '/nonexistent/.env', organization: 'initech', log: () => {} }),
        /^RangeError: invalid organization: initech \(configured: Acme, Globex\)$/,
      );
    } finally {
      await acme.close();
      await globex.close();
    }
  });

  test("without a key, a demo organization's name picks its emulator", async () => {
    const conn = await connect({ env: {}, organization: 'globex', log: () => {} });
    try {
      assert.equal(conn.mode, 'demo');
      assert.equal(conn.name, 'globex');
      await conn.client.getPage('costs', { start_time: Math.floor(Date.now() / 1000) - DAY });
      assert.match(conn.client.organizationId ?? '', /^globex-/);
    } finally {
      await conn.close();
    }
    await assert.rejects(connect({ env: {}, organization: 'initech', log: () => {} }), /invalid organization: initech/);
  });
});
