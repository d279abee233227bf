import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkAccess,
  compareOrganizationNames,
  duplicateOrganizationWarning,
  oneEntryPerOrganization,
  resolveOrganization,
  UsageClient,
  type OrganizationIdentity,
} from '../../lib/api/index';
import { startEmulator } from '../../lib/emulator/index';
import { pageBody, startScriptedServer, testKey, type ScriptedReply } from '../helpers/scripted-server';

const NOW_MS = 1_767_225_600_000;
const NOW = NOW_MS / 1000;

test('the client remembers the organization the API names in openai-organization; the preflight returns it', async () => {
  const key = testKey();
  const emu = await startEmulator({ adminKeys: [key], organizationId: 'acme-k3v9qd', now: () => NOW });
  const client = new UsageClient({ apiKey: key, baseURL: emu.baseURL });
  try {
    assert.equal(client.organizationId, undefined, 'nothing seen yet');
    assert.equal(await checkAccess(client, NOW_MS), 'acme-k3v9qd');
    assert.equal(client.organizationId, 'acme-k3v9qd');
    const before = emu.requests.length;
    // Already seen: resolving it costs no request.
    const identity = await resolveOrganization(client, { name: 'Acme' }, {}, { now: NOW_MS });
    assert.deepEqual(identity, { id: 'acme-k3v9qd', name: 'Acme', idSource: 'header' });
    assert.equal(emu.requests.length, before);
  } finally {
    client.close();
    await emu.close();
  }
});

test('resolveOrganization makes one cheap request when no header was seen yet', async () => {
  const key = testKey();
  const emu = await startEmulator({ adminKeys: [key], seed: 4250, now: () => NOW });
  const client = new UsageClient({ apiKey: key, baseURL: emu.baseURL });
  try {
    const identity = await resolveOrganization(client, { name: 'globex' }, undefined, { now: NOW_MS });
    assert.deepEqual(identity, { id: emu.organizationId, name: 'globex', idSource: 'header' });
    assert.equal(emu.requests.length, 1);
    assert.equal(emu.requests[0]?.path, '/v1/organization/costs');
  } finally {
    client.close();
    await emu.close();
  }
});

/** A server that answers every request with an empty costs page and the given headers (none: a stripping gateway). */
async function withServer(
  headers: Record<string, string>,
  run: (client: UsageClient, requests: () => number, key: string) => Promise<void>,
  reply: (h: Record<string, string>) => ScriptedReply = (h) => ({ headers: h, body: pageBody([], null) }),
): Promise<void> {
  const key = testKey();
  const server = await startScriptedServer(() => reply(headers));
  const client = new UsageClient({ apiKey: key, baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    await run(client, () => server.requests.length, key);
  } finally {
    client.close();
    await server.close();
  }
}

test('a server that sends no header: OPENAI_ORG_ID_<NAME> names the organization, else the name stands in, said once', async () => {
  await withServer({}, async (client, requests) => {
    const notices: string[] = [];
    const onNotice = (line: string): void => void notices.push(line);
    const fromEnv = await resolveOrganization(
      client,
      { name: 'eu' },
      { OPENAI_ORG_ID_eu: ' org-EU123 ' },
      { onNotice },
    );
    assert.deepEqual(fromEnv, { id: 'org-EU123', name: 'eu', idSource: 'env' });
    const fromConfig = await resolveOrganization(client, { name: 'eu', organizationId: 'org-FILE' }, {}, { onNotice });
    assert.deepEqual(fromConfig, { id: 'org-FILE', name: 'eu', idSource: 'env' });
    const plain = await resolveOrganization(client, { name: 'default' }, { OPENAI_ORG_ID: 'org-DEF' }, { onNotice });
    assert.deepEqual(plain, { id: 'org-DEF', name: 'default', idSource: 'env' });
    assert.deepEqual(notices, []);
    const byName = await resolveOrganization(client, { name: 'eu' }, {}, { onNotice });
    assert.deepEqual(byName, { id: 'name:eu', name: 'eu', idSource: 'name' });
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /^organization eu: .* sends no openai-organization header .*OPENAI_ORG_ID_eu/);
    assert.equal(client.organizationId, undefined);
    // Each resolution without a header asked the server again (it might send one now): one request each.
    assert.equal(requests(), 4);
    await assert.rejects(
      resolveOrganization(client, { name: 'eu' }, { OPENAI_ORG_ID_eu: 'two words' }),
      /invalid OPENAI_ORG_ID_eu: "two words"/,
    );
  });
});

test('a header that cannot be an ID (blank, spaces, the key itself) is not taken for one', async () => {
  for (const value of ['   ', 'a b', 'x'.repeat(300), 'name:acme', 'sk-admin-echoed-000000']) {
    await withServer({ 'openai-organization': value }, async (client) => {
      const identity = await resolveOrganization(client, { name: 'acme' }, {}, { onNotice: () => undefined });
      assert.equal(identity.idSource, 'name', JSON.stringify(value));
      assert.equal(client.organizationId, undefined);
    });
  }
  // The key echoed back in the header never becomes the ID (it would be stored and shown).
  const key = testKey();
  const server = await startScriptedServer(() => ({
    headers: { 'openai-organization': key },
    body: pageBody([], null),
  }));
  const client = new UsageClient({ apiKey: key, baseURL: server.baseURL });
  try {
    const identity = await resolveOrganization(client, { name: 'acme' }, {}, { onNotice: () => undefined });
    assert.equal(identity.id, 'name:acme');
  } finally {
    client.close();
    await server.close();
  }
});

test('a rejected key fails the resolution naming the organization’s own variable, never the key', async () => {
  await withServer(
    {},
    async (client, _requests, key) => {
      const error = await resolveOrganization(client, {
        name: 'acme',
        keyVariable: 'OPENAI_ADMIN_KEY_acme',
        baseUrlVariable: 'OPENAI_BASE_URL_acme',
      }).then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof Error);
      assert.match(error.message, /^invalid OPENAI_ADMIN_KEY_acme: .* rejected it \(401\)/);
      assert.ok(!error.message.includes(key));
    },
    () => ({ status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } }),
  );
});

test('two keys of one organization are one organization: kept once under the first name in sort order', async () => {
  const [k1, k2, k3] = [testKey(), testKey(), testKey()];
  const shared = await startEmulator({ adminKeys: [k1, k2], organizationId: 'org-shared', now: () => NOW });
  const other = await startEmulator({ adminKeys: [k3], organizationId: 'org-other', now: () => NOW });
  const clients = [
    { name: 'zeta', client: new UsageClient({ apiKey: k2, baseURL: shared.baseURL }) },
    { name: 'Beta', client: new UsageClient({ apiKey: k1, baseURL: shared.baseURL }) },
    { name: 'alpha', client: new UsageClient({ apiKey: k3, baseURL: other.baseURL }) },
  ];
  try {
    const entries: { identity: OrganizationIdentity }[] = [];
    for (const c of clients)
      entries.push({ identity: await resolveOrganization(c.client, { name: c.name }, {}, { now: NOW_MS }) });
    const { kept, duplicates } = oneEntryPerOrganization(entries, compareOrganizationNames);
    assert.deepEqual(
      kept.map((e) => e.identity),
      [
        { id: 'org-other', name: 'alpha', idSource: 'header' },
        { id: 'org-shared', name: 'Beta', idSource: 'header' },
      ],
    );
    assert.deepEqual(duplicates, [{ kept: 'Beta', dropped: 'zeta', id: 'org-shared' }]);
    assert.equal(
      duplicateOrganizationWarning(duplicates[0] ?? { kept: '', dropped: '', id: '' }),
      'organizations Beta and zeta are the same organization (org-shared): synced once, as Beta',
    );
  } finally {
    for (const c of clients) c.client.close();
    await shared.close();
    await other.close();
  }
});
