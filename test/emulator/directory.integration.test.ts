import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { HOSTILE_NAME } from '../../lib/emulator/org-directory';
import { ODD_PROJECT_IDS } from '../../lib/emulator/synthetic-org';
import { DAY, NOW, get, getAllBuckets, parseError, testKey } from './helpers';

let emu: RunningEmulator;
const key = testKey();

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const doc: unknown = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/openai-usage-openapi.json'), 'utf8'));
ajv.addSchema({ $id: 'openapi', ...(typeof doc === 'object' && doc !== null ? doc : {}) });

/** Validates a body against a schema of the vendored spec (the directory parts come from the SDK's types). */
function validate(schema: string, body: unknown): string | null {
  const check =
    ajv.getSchema(`openapi#/components/schemas/${schema}`) ??
    ajv.compile({ $ref: `openapi#/components/schemas/${schema}` });
  return check(body) ? null : ajv.errorsText(check.errors);
}

interface ListBody {
  object: string;
  data: Array<Record<string, unknown> & { id: string }>;
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

function isList(v: unknown): v is ListBody {
  return typeof v === 'object' && v !== null && 'data' in v && Array.isArray(v.data) && 'has_more' in v;
}

async function list(pathAndQuery: string, schema: string, k = key): Promise<ListBody> {
  const reply = await get(emu.baseURL, pathAndQuery, k);
  assert.equal(reply.status, 200, reply.text);
  const body: unknown = JSON.parse(reply.text);
  assert.equal(validate(schema, body), null, pathAndQuery);
  if (!isList(body)) throw new Error(`not a list: ${reply.text}`);
  return body;
}

/** Walks a list one object per page, checking first_id/last_id/has_more on every page. */
async function walk(base: string, schema: string): Promise<string[]> {
  const ids: string[] = [];
  let afterId: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const sep = base.includes('?') ? '&' : '?';
    const page = await list(`${base}${sep}limit=1${afterId === null ? '' : `&after=${afterId}`}`, schema);
    assert.ok(page.data.length <= 1);
    assert.equal(page.first_id, page.data[0]?.id ?? null);
    assert.equal(page.last_id, page.data[0]?.id ?? null);
    ids.push(...page.data.map((d) => d.id));
    if (!page.has_more) return ids;
    afterId = page.last_id;
  }
  throw new Error('too many pages');
}

const P = '/organization/projects';

test('projects page one at a time with after=<last_id> to the same list as one big page, archived only on request', async () => {
  const all = await list(`${P}?include_archived=true&limit=100`, 'ProjectListResponse');
  assert.equal(all.has_more, false);
  assert.deepEqual(
    await walk(`${P}?include_archived=true`, 'ProjectListResponse'),
    all.data.map((p) => p.id),
  );
  const active = await list(P, 'ProjectListResponse');
  const archived = all.data.filter((p) => p['status'] === 'archived');
  assert.equal(archived.length, 1);
  assert.equal(typeof archived[0]?.['archived_at'], 'number');
  assert.deepEqual(
    active.data.map((p) => p.id),
    all.data.filter((p) => p['status'] === 'active').map((p) => p.id),
  );
  assert.equal((await list(`${P}?include_archived=false`, 'ProjectListResponse')).data.length, active.data.length);
  // Default page size 20: the 8 projects fit one page.
  assert.equal(active.has_more, false);
});

test('every project with usage is in the directory (the archived one has past usage), and one name is shared by two', async () => {
  const buckets = await getAllBuckets(
    emu.baseURL,
    `/organization/usage/completions?start_time=${NOW - 30 * DAY}&end_time=${NOW}&group_by=project_id&limit=31`,
    key,
  );
  const used = new Set(buckets.flatMap((b) => b.results.map((r) => String(r['project_id']))));
  const all = await list(`${P}?include_archived=true&limit=100`, 'ProjectListResponse');
  for (const id of used)
    assert.ok(
      all.data.some((p) => p.id === id),
      `${id} has usage but no project`,
    );
  const archived = all.data.find((p) => p['status'] === 'archived');
  assert.ok(archived !== undefined && used.has(archived.id), 'the archived project has past usage');
  const names = all.data.map((p) => String(p['name']));
  assert.equal(new Set(names).size, names.length - 1);
});

test('users page by after and filter by emails[]; keys are owned by users or service accounts', async () => {
  const users = await list('/organization/users?limit=100', 'UserListResponse');
  assert.equal(users.data.length, 24);
  assert.deepEqual(
    await walk('/organization/users', 'UserListResponse'),
    users.data.map((u) => u.id),
  );
  const emails = users.data.slice(0, 2).map((u) => String(u['email']));
  for (const e of emails) assert.match(e, /^[^@\s]+@example\.com$/);
  const picked = await list(
    `/organization/users?${emails.map((e) => `emails[]=${encodeURIComponent(e)}`).join('&')}`,
    'UserListResponse',
  );
  assert.deepEqual(
    picked.data.map((u) => u['email']),
    emails,
  );
  const first = users.data.slice(0, 20);
  const page = await list('/organization/users', 'UserListResponse');
  assert.deepEqual(
    page.data.map((u) => u.id),
    first.map((u) => u.id),
  );
  assert.equal(page.has_more, true);

  const projects = await list(`${P}?include_archived=true&limit=100`, 'ProjectListResponse');
  const owners = new Set<string>();
  let keys = 0;
  for (const p of projects.data) {
    const base = `${P}/${p.id}/api_keys`;
    const all = await list(`${base}?limit=100`, 'ProjectApiKeyListResponse');
    assert.deepEqual(
      await walk(base, 'ProjectApiKeyListResponse'),
      all.data.map((k) => k.id),
    );
    const accounts = await list(`${P}/${p.id}/service_accounts?limit=100`, 'ProjectServiceAccountListResponse');
    assert.deepEqual(
      await walk(`${P}/${p.id}/service_accounts`, 'ProjectServiceAccountListResponse'),
      accounts.data.map((a) => a.id),
    );
    for (const k of all.data) {
      keys++;
      const owner = k['owner'];
      assert.ok(typeof owner === 'object' && owner !== null && 'type' in owner);
      owners.add(String(owner.type));
      if (owner.type === 'service_account' && 'service_account' in owner) {
        const sa = owner.service_account;
        assert.ok(typeof sa === 'object' && sa !== null && 'id' in sa);
        assert.ok(
          accounts.data.some((a) => a.id === sa.id),
          'the owning service account is listed in its project',
        );
      } else {
        assert.ok('user' in owner && typeof owner.user === 'object' && owner.user !== null && 'id' in owner.user);
        const userId = owner.user.id;
        assert.ok(users.data.some((u) => u.id === userId));
      }
      assert.match(String(k['redacted_value']), /^sk-(proj-|svcac)\*+\w{4}$/);
    }
  }
  assert.deepEqual([...owners].sort(), ['service_account', 'user']);
  // 20 keys in the data; one was deleted since its usage, so the directory lists 19.
  assert.equal(keys, 19);
});

test('spend limit (organization and project) and spend alerts validate; a project without a limit is a 404', async () => {
  const org = await get(emu.baseURL, '/organization/spend_limit', key);
  assert.equal(org.status, 200);
  assert.equal(validate('OrganizationSpendLimit', JSON.parse(org.text)), null);
  const alerts = await list('/organization/spend_alerts', 'OrganizationSpendAlertListResponse');
  assert.equal(alerts.data.length, 2);
  const desc = await list('/organization/spend_alerts?order=desc', 'OrganizationSpendAlertListResponse');
  assert.deepEqual(
    desc.data.map((a) => a.id),
    alerts.data.map((a) => a.id).reverse(),
  );
  const projects = await list(`${P}?limit=100`, 'ProjectListResponse');
  const withLimit = await get(emu.baseURL, `${P}/${projects.data[0]?.id ?? ''}/spend_limit`, key);
  assert.equal(withLimit.status, 200);
  assert.equal(validate('ProjectSpendLimit', JSON.parse(withLimit.text)), null);
  const without = await get(emu.baseURL, `${P}/${projects.data[1]?.id ?? ''}/spend_limit`, key);
  assert.equal(without.status, 404);
});

test('bad limits, cursors, parameters and unknown projects get error envelopes naming the problem', async () => {
  const cases: Array<[string, number, RegExp, string | null]> = [
    [`${P}?limit=0`, 400, /greater than or equal to 1/, 'limit'],
    [`${P}?limit=101`, 400, /Invalid limit provided: 101\. Limit must be less than or equal to 100\./, 'limit'],
    [`${P}?limit=ten`, 400, /Invalid type for 'limit'/, 'limit'],
    [`${P}?after=proj_nope`, 400, /no object with id "proj_nope"/, 'after'],
    [`${P}?include_archived=yes`, 400, /expected true or false/, 'include_archived'],
    [`${P}?emails[]=a@b.c`, 400, /Unrecognized request argument supplied: emails\[\]/, 'emails[]'],
    [`${P}/proj_nope/api_keys`, 404, /No project found with id 'proj_nope'/, null],
    [`${P}/proj_nope/service_accounts`, 404, /No project found/, null],
    [`${P}/proj_nope/spend_limit`, 404, /No project found/, null],
    ['/organization/spend_alerts?order=up', 400, /Supported values are: 'asc', 'desc'/, 'order'],
  ];
  for (const [query, status, message, param] of cases) {
    const reply = await get(emu.baseURL, query, key);
    assert.equal(reply.status, status, query);
    const e = parseError(reply.text);
    assert.match(e.message, message, query);
    assert.equal(e.param, param, query);
    assert.deepEqual(e.keys, ['code', 'message', 'param', 'type']);
  }
  assert.equal((await get(emu.baseURL, P)).status, 401);
  const post = await fetch(`${emu.baseURL}${P}`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
  assert.equal(post.status, 405);
  await post.text();
});

test('the failing-directory options answer 403 (missing scope) or 500 on every directory path, usage unaffected', async () => {
  for (const [fail, status] of [
    ['forbidden', 403],
    ['server-error', 500],
  ] as const) {
    const bad = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { fail } });
    try {
      for (const p of [P, '/organization/users', '/organization/spend_limit', '/organization/spend_alerts']) {
        const reply = await get(bad.baseURL, p, key);
        assert.equal(reply.status, status, p);
        const e = parseError(reply.text);
        if (status === 403) assert.match(e.message, /Missing scopes: api\.management\.read/);
      }
      assert.equal(
        (await get(bad.baseURL, `/organization/usage/completions?start_time=${NOW - DAY}`, key)).status,
        200,
      );
    } finally {
      await bad.close();
    }
  }
  await assert.rejects(startEmulator({ directory: { fail: 'sometimes' as 'forbidden' } }), /invalid directory\.fail/);
});

test('hostileNames puts markup, a bidi override and __proto__ into a project, a user and a key, served as plain JSON strings', async () => {
  const hostile = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { hostileNames: true } });
  try {
    const reply = await get(hostile.baseURL, `${P}?include_archived=true`, key);
    const body: unknown = JSON.parse(reply.text);
    assert.ok(isList(body));
    assert.equal(body.data.filter((p) => p['name'] === HOSTILE_NAME).length, 1);
    assert.equal(validate('ProjectListResponse', body), null);
    const users: unknown = JSON.parse((await get(hostile.baseURL, '/organization/users?limit=100', key)).text);
    assert.ok(isList(users) && users.data.some((u) => u['name'] === HOSTILE_NAME));
  } finally {
    await hostile.close();
  }
});

test('oddProjectIds: the directory and the usage carry the same odd IDs; a route decodes an encoded one', async () => {
  const odd = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { oddProjectIds: true } });
  try {
    const body: unknown = JSON.parse((await get(odd.baseURL, `${P}?include_archived=true&limit=100`, key)).text);
    assert.ok(isList(body));
    assert.equal(validate('ProjectListResponse', body), null);
    const ids = body.data.map((p) => p['id']);
    for (const id of ODD_PROJECT_IDS) assert.ok(ids.includes(id), JSON.stringify(id));
    const usage = await getAllBuckets(
      odd.baseURL,
      `/organization/usage/completions?start_time=${NOW - 3 * DAY}&end_time=${NOW}&group_by[]=project_id`,
      key,
    );
    const used = new Set(usage.flatMap((b) => b.results.map((r) => r['project_id'])));
    for (const id of ODD_PROJECT_IDS) assert.ok(used.has(id), `usage of ${JSON.stringify(id)}`);
    const quoted = encodeURIComponent(ODD_PROJECT_IDS[0] ?? '');
    const keys: unknown = JSON.parse((await get(odd.baseURL, `${P}/${quoted}/api_keys`, key)).text);
    assert.ok(isList(keys) && keys.data.length > 0);
    assert.equal((await get(odd.baseURL, `${P}/proj_eu%2Fwest/api_keys`, key)).status, 200);
  } finally {
    await odd.close();
  }
});

test("the recorded live api_keys page validates against the same schema as the emulator's", () => {
  const recorded: unknown = JSON.parse(
    readFileSync(path.resolve(__dirname, '../fixtures/directory/lempiji-openai-d__project_api_keys__1.json'), 'utf8'),
  );
  assert.equal(validate('ProjectApiKeyListResponse', recorded), null);
});

test('the directory schemas reject bodies that break them (so the checks above can fail)', () => {
  assert.notEqual(
    validate('ProjectListResponse', {
      object: 'list',
      data: [{ object: 'organization.project', id: 'p' }],
      has_more: false,
    }),
    null,
  );
  assert.notEqual(validate('UserListResponse', { object: 'list', data: [], has_more: 'no' }), null);
  assert.notEqual(
    validate('ProjectApiKey', { object: 'organization.project.api_key', id: 'k', name: 'n', created_at: 1 }),
    null,
  );
  assert.notEqual(
    validate('OrganizationSpendLimit', {
      object: 'organization.spend_limit',
      threshold_amount: '5',
      currency: 'USD',
      interval: 'month',
      enforcement: {},
    }),
    null,
  );
});
