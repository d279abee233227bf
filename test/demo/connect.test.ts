import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connect } from '../../lib/demo/index';

const DAY = 86_400;

describe('connect()', () => {
  test('without a key starts the emulator (demo mode) and fetches data with no network', async () => {
    const lines: string[] = [];
    const conn = await connect({ env: {}, log: (l) => lines.push(l) });
    try {
      assert.equal(conn.mode, 'demo');
      assert.match(conn.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /^Demo mode: no OPENAI_ADMIN_KEY found, using the built-in emulator of the Usage API at http:\/\/127\.0\.0\.1:\d+\/v1 \(synthetic data\)\. Put a key in \.env to use your organization's data\.$/);
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
    const conn = await connect({ env: { OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/' }, log: (l) => lines.push(l) });
    assert.equal(conn.mode, 'live');
    assert.equal(conn.baseURL, 'http://127.0.0.1:9/v1');
    assert.deepEqual(lines, ['Using http://127.0.0.1:9/v1']);
    await conn.close();
  });
});
