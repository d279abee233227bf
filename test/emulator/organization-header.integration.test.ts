import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '../../lib/emulator/index';
import { NOW, get, testKey } from './helpers';

const DAY_OF_COSTS = `/organization/costs?start_time=${NOW - 86_400}&end_time=${NOW}`;

test('every answer of the API names the organization in openai-organization, as the real API does', async () => {
  const key = testKey();
  const emu = await startEmulator({ adminKeys: [key], seed: 7, organizationId: 'acme-x7k2qd', now: () => NOW });
  try {
    assert.equal(emu.organizationId, 'acme-x7k2qd');
    for (const [path, status] of [
      [DAY_OF_COSTS, 200],
      [`/organization/usage/completions?start_time=${NOW - 3600}&end_time=${NOW}&bucket_width=1m`, 200],
      ['/organization/projects', 200],
      ['/organization/costs?start_time=oops', 400],
      ['/organization/nothing', 404],
    ] as const) {
      const reply = await get(emu.baseURL, path, key);
      assert.equal(reply.status, status, `${path}: ${reply.text}`);
      assert.equal(reply.headers.get('openai-organization'), 'acme-x7k2qd', path);
    }
    // Errors the API itself answers (a rate limit, a server error) name it too; a proxy's HTML page does not.
    emu.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 1 }, serverError: { count: 1 } });
    const limited = await get(emu.baseURL, DAY_OF_COSTS, key);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('openai-organization'), 'acme-x7k2qd');
    const failed = await get(emu.baseURL, DAY_OF_COSTS, key);
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get('openai-organization'), 'acme-x7k2qd');
    emu.setFaults({ htmlBadGateway: { count: 1 } });
    const proxy = await get(emu.baseURL, DAY_OF_COSTS, key);
    assert.equal(proxy.status, 502);
    assert.equal(proxy.headers.get('openai-organization'), null);
    // An unknown key belongs to no organization the server could name.
    const refused = await get(emu.baseURL, DAY_OF_COSTS, 'sk-admin-someone-else-0000000000');
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('openai-organization'), null);
  } finally {
    await emu.close();
  }
});

test('without the option the identifier is a personal slug derived from the seed: same seed same ID, other seed other ID', async () => {
  const key = testKey();
  const ids: string[] = [];
  for (const seed of [42, 42, 4250]) {
    const emu = await startEmulator({ adminKeys: [key], seed, now: () => NOW });
    try {
      const reply = await get(emu.baseURL, DAY_OF_COSTS, key);
      const header = reply.headers.get('openai-organization') ?? '';
      assert.equal(header, emu.organizationId);
      ids.push(header);
    } finally {
      await emu.close();
    }
  }
  for (const id of ids) assert.match(id, /^user-[a-z0-9]{24}$/);
  assert.equal(ids[0], ids[1]);
  assert.notEqual(ids[0], ids[2]);
});

test('an organizationId that cannot travel in a header is refused by name', async () => {
  for (const bad of ['', 'two words', 'line\nbreak', 'x'.repeat(129), 'café']) {
    await assert.rejects(startEmulator({ organizationId: bad }), /invalid organizationId: /);
  }
});
