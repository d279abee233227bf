import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  InternalServerError,
  MalformedResponseError,
  PermissionDeniedError,
  UsageClient,
  loadDirectory,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
} from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { NOW, get, testKey } from '../emulator/helpers';
import { startScriptedServer } from '../helpers/scripted-server';

let emu: RunningEmulator;
const key = testKey();
const noWait = { sleep: async (): Promise<void> => {}, random: (): number => 0 };

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

function client(baseURL: string, k = key): UsageClient {
  return new UsageClient({ apiKey: k, baseURL, ...noWait });
}

/** Every object of a raw list, read with plain fetch (independent of the client under test). */
async function raw(base: string, pathAndQuery: string): Promise<Array<Record<string, unknown>>> {
  const reply = await get(base, pathAndQuery, key);
  const body: unknown = JSON.parse(reply.text);
  assert.ok(typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data));
  return body.data as Record<string, unknown>[];
}

test('loadDirectory lists every project (archived too), user, key and service account, each exactly once', async () => {
  const c = client(emu.baseURL);
  try {
    const dir = await loadDirectory(c);
    const projects = await raw(emu.baseURL, '/organization/projects?include_archived=true&limit=100');
    assert.deepEqual(
      dir.projects.map((p) => [p.id, p.name, p.archived]),
      projects.map((p) => [p['id'], p['name'], p['status'] === 'archived']),
    );
    assert.equal(dir.projects.filter((p) => p.archived).length, 1);
    assert.deepEqual(
      dir.users.map((u) => u.email),
      (await raw(emu.baseURL, '/organization/users?limit=100')).map((u) => u['email']),
    );
    let keys = 0;
    let accounts = 0;
    for (const p of projects) {
      const listed = await raw(emu.baseURL, `/organization/projects/${String(p['id'])}/api_keys?limit=100`);
      keys += listed.length;
      for (const k of listed) assert.equal(dir.apiKeys.find((d) => d.id === k['id'])?.projectId, p['id']);
      accounts += (await raw(emu.baseURL, `/organization/projects/${String(p['id'])}/service_accounts?limit=100`))
        .length;
    }
    assert.equal(dir.apiKeys.length, keys);
    assert.equal(new Set(dir.apiKeys.map((k) => k.id)).size, keys);
    assert.equal(dir.serviceAccounts.length, accounts);
    const bySa = dir.apiKeys.filter((k) => k.ownerType === 'service_account');
    assert.ok(bySa.length > 0 && bySa.every((k) => dir.serviceAccounts.some((s) => s.id === k.ownerId)));
    assert.ok(dir.apiKeys.filter((k) => k.ownerType === 'user').every((k) => k.ownerEmail !== null));
    // Plain data: survives a JSON round trip unchanged (what a store keeps).
    assert.deepEqual(JSON.parse(JSON.stringify(dir)), dir);
  } finally {
    c.close();
  }
});

test('the directory is cached per client: a second call sends nothing, another client or refresh fetches again', async () => {
  const a = client(emu.baseURL);
  const b = client(emu.baseURL);
  try {
    emu.resetRequests();
    const first = await loadDirectory(a);
    const calls = emu.requests.length;
    // 2 lists + 2 per project, one page each (8 projects, 24 users, up to 100 per page).
    assert.equal(calls, 2 + 2 * first.projects.length);
    assert.equal(await loadDirectory(a), first);
    assert.equal(emu.requests.length, calls);
    await loadDirectory(b);
    assert.equal(emu.requests.length, 2 * calls);
    await loadDirectory(a, { refresh: true });
    assert.equal(emu.requests.length, 3 * calls);
  } finally {
    a.close();
    b.close();
  }
});

test('reuseMs: a client of the same key and base URL reuses a directory loaded that recently; another key, an older one, refresh or a failure fetch', async () => {
  const other = testKey();
  const server = await startEmulator({ adminKeys: [key, other], now: () => NOW });
  let clock = 1_000_000;
  const options = { reuseMs: 300_000, now: () => clock };
  const clients: UsageClient[] = [];
  const fresh = (k = key): UsageClient => {
    const c = client(server.baseURL, k);
    clients.push(c);
    return c;
  };
  try {
    const first = await loadDirectory(fresh(), options);
    const calls = server.requests.length;
    assert.equal(calls, 2 + 2 * first.projects.length);
    clock += 300_000;
    assert.deepEqual(await loadDirectory(fresh(), options), first, 'the next Run All, 5 minutes later');
    assert.equal(server.requests.length, calls, 'nothing sent');
    await loadDirectory(fresh(other), options);
    assert.equal(server.requests.length, 2 * calls, 'another key: its own directory');
    await loadDirectory(fresh(), { ...options, refresh: true });
    assert.equal(server.requests.length, 3 * calls, 'refresh');
    clock += 300_001;
    await loadDirectory(fresh(), options);
    assert.equal(server.requests.length, 4 * calls, 'older than reuseMs');
    await loadDirectory(fresh(), { reuseMs: 0, now: () => clock });
    assert.equal(server.requests.length, 5 * calls, 'reuseMs 0: never');
    assert.throws(() => loadDirectory(fresh(), { reuseMs: -1 }), /invalid reuseMs: -1/);
    // The caller is a hash: never the key itself.
    for (const c of clients)
      assert.ok(!c.caller.includes(key) && !c.caller.includes(other) && /^[0-9a-f]{64}$/.test(c.caller));
  } finally {
    for (const c of clients) c.close();
    await server.close();
  }
  // A failed load is never reused: the next client asks again.
  const failing = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { fail: 'forbidden' } });
  const [a, b] = [client(failing.baseURL), client(failing.baseURL)];
  try {
    await assert.rejects(loadDirectory(a, { reuseMs: 300_000 }), PermissionDeniedError);
    await assert.rejects(loadDirectory(b, { reuseMs: 300_000 }), PermissionDeniedError);
    assert.equal(failing.requests.length, 4, 'projects and users, twice');
  } finally {
    a.close();
    b.close();
    await failing.close();
  }
});

test('every page is followed: 150 projects come in two pages of 100 and 50, the second with after=<last_id>', async () => {
  const big = await startEmulator({
    adminKeys: [key],
    now: () => NOW,
    dataset: { projects: 150, apiKeys: 150, users: 150 },
  });
  const c = client(big.baseURL);
  try {
    const dir = await loadDirectory(c);
    assert.equal(dir.projects.length, 150);
    assert.equal(dir.users.length, 150);
    const pages = big.requests.filter((r) => r.path === '/v1/organization/projects');
    assert.equal(pages.length, 2);
    assert.match(pages[1]?.query ?? '', new RegExp(`after=${dir.projects[99]?.id ?? 'x'}`));
    assert.ok(pages.every((r) => r.query.includes('include_archived=true') && r.query.includes('limit=100')));
  } finally {
    c.close();
    await big.close();
  }
});

test('a key without the permission gets PermissionDeniedError at once; a 500 is retried, then InternalServerError; neither is cached', async () => {
  for (const [fail, type, attempts] of [
    ['forbidden', PermissionDeniedError, 1],
    ['server-error', InternalServerError, 3],
  ] as const) {
    const bad = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { fail } });
    const c = client(bad.baseURL);
    try {
      await assert.rejects(loadDirectory(c), (err: unknown) => err instanceof type && !String(err).includes(key));
      // Projects and users are listed at once; the call ends only when both have, the projects' error first.
      assert.deepEqual(bad.requests.map((r) => r.path).sort(), [
        ...Array.from({ length: attempts }, () => '/v1/organization/projects'),
        ...Array.from({ length: attempts }, () => '/v1/organization/users'),
      ]);
      await assert.rejects(loadDirectory(c), type);
      assert.equal(bad.requests.length, 4 * attempts, 'a failure is not cached');
    } finally {
      c.close();
      await bad.close();
    }
  }
});

test('a list page that says has_more without last_id, or repeats a cursor, is a MalformedResponseError', async () => {
  const bodies = [
    { object: 'list', data: [], first_id: null, last_id: null, has_more: true },
    {
      object: 'list',
      data: [{ object: 'organization.project', id: 'proj_a', created_at: 1 }],
      first_id: 'proj_a',
      last_id: 'proj_a',
      has_more: true,
    },
  ];
  for (const body of bodies) {
    const server = await startScriptedServer(() => ({ body }));
    const c = client(`${server.baseURL}/v1`);
    try {
      await assert.rejects(loadDirectory(c), MalformedResponseError);
    } finally {
      c.close();
      await server.close();
    }
  }
});

test('a project object without an id is a MalformedResponseError naming where', async () => {
  const server = await startScriptedServer(() => ({
    body: { object: 'list', data: [{ object: 'organization.project', created_at: 1 }], has_more: false },
  }));
  const c = client(`${server.baseURL}/v1`);
  try {
    await assert.rejects(
      loadDirectory(c),
      (err: unknown) => err instanceof MalformedResponseError && err.jsonPath === '$.data[0].id',
    );
  } finally {
    c.close();
    await server.close();
  }
});

test('spend readers: the organization limit in cents and dollars, a project without a limit is null, every alert', async () => {
  const c = client(emu.baseURL);
  try {
    const wire: unknown = JSON.parse((await get(emu.baseURL, '/organization/spend_limit', key)).text);
    assert.ok(
      typeof wire === 'object' &&
        wire !== null &&
        'threshold_amount' in wire &&
        typeof wire.threshold_amount === 'number',
    );
    const limit = await organizationSpendLimit(c);
    assert.equal(limit?.thresholdCents, wire.threshold_amount);
    assert.equal(limit?.thresholdAmount, wire.threshold_amount / 100);
    assert.equal(limit?.scope, 'organization');
    const dir = await loadDirectory(c);
    const first = await projectSpendLimit(c, dir.projects[0]?.id ?? '');
    assert.equal(first?.scope, 'project');
    assert.equal(await projectSpendLimit(c, dir.projects[1]?.id ?? ''), null);
    const alerts = await spendAlerts(c);
    assert.deepEqual(
      alerts.map((a) => a.id),
      (await raw(emu.baseURL, '/organization/spend_alerts')).map((a) => a['id']),
    );
    assert.ok(alerts.every((a) => a.recipients.length > 0 && a.thresholdAmount === a.thresholdCents / 100));
    assert.throws(() => projectSpendLimit(c, ''), /invalid projectId/);
  } finally {
    c.close();
  }
});

test('getJson refuses paths outside the read-only directory', async () => {
  const c = client(emu.baseURL);
  try {
    await assert.rejects(c.getJson('/organization/admin_api_keys'), /invalid path/);
    await assert.rejects(c.getJson('/organization/projects/../usage/completions'), /invalid path/);
    await assert.rejects(c.getJson('/organization/projects/../api_keys'), /invalid path/);
  } finally {
    c.close();
  }
});

test('a recorded live api_keys page (owner.user with created_at, no owner_project_access) parses without losing a key', async () => {
  const recorded: unknown = JSON.parse(
    readFileSync(path.resolve(__dirname, '../fixtures/directory/lempiji-openai-d__project_api_keys__1.json'), 'utf8'),
  );
  assert.ok(typeof recorded === 'object' && recorded !== null && 'data' in recorded && Array.isArray(recorded.data));
  const project = {
    object: 'organization.project',
    id: 'proj_real',
    name: 'Real',
    created_at: 1,
    archived_at: null,
    status: 'active',
  };
  const empty = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
  const server = await startScriptedServer((req) => ({
    body: req.path.endsWith('/projects')
      ? { ...empty, data: [project], first_id: 'proj_real', last_id: 'proj_real' }
      : req.path.endsWith('/api_keys')
        ? recorded
        : empty,
  }));
  const c = client(`${server.baseURL}/v1`);
  try {
    const dir = await loadDirectory(c);
    assert.equal(dir.apiKeys.length, recorded.data.length);
    assert.deepEqual(
      dir.apiKeys.map((k) => [k.id, k.name, k.ownerType]),
      [
        ['key_key1', 'My Test Key All', 'user'],
        ['key_key2', 'Me Test Key Restricted', 'user'],
        ['key_key3', 'My Test Key Read only', 'user'],
        ['key_key4', 'My Service Account Key', 'service_account'],
      ],
    );
    assert.equal(dir.apiKeys[0]?.ownerEmail, 'user@example.com');
    assert.equal(dir.apiKeys[3]?.ownerId, 'user-service_account1');
    assert.ok(dir.apiKeys.every((k) => k.projectId === 'proj_real' && k.lastUsedAt === null));
  } finally {
    c.close();
    await server.close();
  }
});
