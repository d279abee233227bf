import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { answerDirectory, isDirectoryPath, listPage, projectIdOfPath } from '../../lib/emulator/directory-routes';
import { EmulatorHttpError } from '../../lib/emulator/http-error';
import { buildOrgDirectory } from '../../lib/emulator/org-directory';
import { buildOrg } from '../../lib/emulator/synthetic-org';

const ORG = buildOrg(42, { projects: 5, users: 7, apiKeys: 9 });
const DIR = buildOrgDirectory(ORG);

function body(text: string): Record<string, unknown> {
  const v: unknown = JSON.parse(text);
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v));
  return { ...v };
}

function ids(text: string): string[] {
  const data = body(text)['data'];
  assert.ok(Array.isArray(data));
  return data.map((d: { id: string }) => d.id);
}

function httpError(status: number, param: string | null, message: RegExp, code: string | null = null) {
  return (e: unknown): boolean => {
    if (!(e instanceof EmulatorHttpError) || e.status !== status || typeof e.body.error === 'string') return false;
    assert.equal(e.body.error.param, param);
    assert.equal(e.body.error.code, code);
    assert.match(e.body.error.message, message);
    return true;
  };
}

test('projectIdOfPath: the decoded ID of a per-project route; undefined for other paths and bad escapes', () => {
  assert.equal(projectIdOfPath('/v1/organization/projects/proj_1/api_keys'), 'proj_1');
  assert.equal(
    projectIdOfPath('/v1/organization/projects/proj_O%27Brien%20%28x%29/service_accounts'),
    "proj_O'Brien (x)",
  );
  assert.equal(projectIdOfPath('/v1/organization/projects/%E2%9C%93/spend_limit'), '✓');
  for (const path of [
    '/v1/organization/projects',
    '/v1/organization/projects/p/rate_limits',
    '/v1/organization/projects//api_keys',
    '/organization/projects/p/api_keys',
    '/v1/organization/projects/a/b/api_keys',
    '/v1/organization/projects/%E2%9C/api_keys',
  ])
    assert.equal(projectIdOfPath(path), undefined, path);
});

test('isDirectoryPath: the four top routes and the three per-project ones, nothing else', () => {
  for (const path of [
    '/v1/organization/projects',
    '/v1/organization/users',
    '/v1/organization/spend_limit',
    '/v1/organization/spend_alerts',
    '/v1/organization/projects/x/api_keys',
    '/v1/organization/projects/x/service_accounts',
    '/v1/organization/projects/x/spend_limit',
  ])
    assert.equal(isDirectoryPath(path), true, path);
  for (const path of [
    '/v1/organization/costs',
    '/v1/organization/projects/',
    '/v1/organization/users/u',
    '/v1/organization/projects/x',
  ])
    assert.equal(isDirectoryPath(path), false, path);
});

test('listPage: up to `limit` items after the `after` one, first and last IDs, has_more', () => {
  const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  assert.deepEqual(listPage(items, new URLSearchParams('limit=2&after=b')), {
    object: 'list',
    data: [{ id: 'c' }, { id: 'd' }],
    first_id: 'c',
    last_id: 'd',
    has_more: true,
  });
  assert.deepEqual(listPage(items, new URLSearchParams('after=e')), {
    object: 'list',
    data: [],
    first_id: null,
    last_id: null,
    has_more: false,
  });
  assert.equal(listPage(items, new URLSearchParams('')).data.length, 5, 'default limit 20');
  // A page that ends the list says so: no empty page to fetch after it.
  assert.equal(listPage(items, new URLSearchParams('limit=5')).has_more, false);
  assert.equal(listPage(items, new URLSearchParams('limit=2&after=c')).has_more, false);
  assert.throws(
    () => listPage(items, new URLSearchParams('after=zz')),
    httpError(400, 'after', /^Invalid value for 'after': no object with id "zz" in this list\.$/),
  );
  const limits: [string, RegExp][] = [
    ['0', /^Invalid limit provided: 0\. Limit must be greater than or equal to 1\.$/],
    ['101', /^Invalid limit provided: 101\. Limit must be less than or equal to 100\.$/],
    ['ten', /^Invalid type for 'limit': expected an integer, but got "ten" instead\.$/],
    ['1.5', /Invalid type/],
  ];
  for (const [limit, message] of limits)
    assert.throws(() => listPage(items, new URLSearchParams({ limit })), httpError(400, 'limit', message), limit);
});

test('property: following last_id page by page lists every item exactly once, in order', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 100 }),
      (keys, limit) => {
        const items = keys.map((id) => ({ id }));
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          pages++;
          const params: URLSearchParams = new URLSearchParams({
            limit: String(limit),
            ...(after === null ? {} : { after }),
          });
          const page = listPage(items, params);
          seen.push(...page.data.map((d) => d.id));
          if (!page.has_more) break;
          after = page.last_id ?? null;
        }
        assert.deepEqual(seen, keys);
        assert.equal(pages, Math.max(1, Math.ceil(keys.length / limit)), 'no empty last page');
      },
    ),
  );
});

test('projects: active ones unless include_archived=true; users filtered by emails in either array form', () => {
  const archived = DIR.projects.filter((p) => p.status === 'archived').map((p) => p.id);
  assert.equal(archived.length, 1);
  const active = ids(answerDirectory(DIR, {}, '/v1/organization/projects', ''));
  assert.deepEqual(
    active,
    DIR.projects.filter((p) => !archived.includes(p.id)).map((p) => p.id),
  );
  assert.deepEqual(
    ids(answerDirectory(DIR, {}, '/v1/organization/projects', 'include_archived=true')),
    DIR.projects.map((p) => p.id),
  );
  assert.deepEqual(ids(answerDirectory(DIR, {}, '/v1/organization/projects', 'include_archived=false')), active);
  assert.throws(
    () => answerDirectory(DIR, {}, '/v1/organization/projects', 'include_archived=1'),
    httpError(400, 'include_archived', /expected true or false, got "1"/),
  );
  const [u0, u1, u2] = DIR.users;
  assert.ok(u0 !== undefined && u1 !== undefined && u2 !== undefined);
  const byEmail = `emails[]=${encodeURIComponent(u0.email)}&emails=${encodeURIComponent(`${u2.email},nobody@x.io`)}`;
  assert.deepEqual(ids(answerDirectory(DIR, {}, '/v1/organization/users', byEmail)), [u0.id, u2.id]);
  assert.equal(ids(answerDirectory(DIR, {}, '/v1/organization/users', '')).length, 7);
});

test('spend limit and alerts: objects as generated, alerts in either order', () => {
  assert.deepEqual(body(answerDirectory(DIR, {}, '/v1/organization/spend_limit', '')), { ...DIR.spendLimit });
  const alerts = DIR.spendAlerts.map((a) => a.id);
  assert.deepEqual(ids(answerDirectory(DIR, {}, '/v1/organization/spend_alerts', '')), alerts);
  assert.deepEqual(ids(answerDirectory(DIR, {}, '/v1/organization/spend_alerts', 'order=desc')), [...alerts].reverse());
  assert.throws(
    () => answerDirectory(DIR, {}, '/v1/organization/spend_alerts', 'order=up'),
    httpError(400, 'order', /^Invalid value for 'order': "up"\. Supported values are: 'asc', 'desc'\.$/),
  );
  assert.throws(
    () => answerDirectory(DIR, {}, '/v1/organization/spend_limit', 'limit=1'),
    httpError(400, 'limit', /^Unrecognized request argument supplied: limit\. Allowed: \.$/),
  );
});

test('per project: keys, service accounts and the spend limit of a known project; 404 naming an unknown one', () => {
  const [first, second] = ORG.projects;
  assert.ok(first !== undefined && second !== undefined);
  const keys = ids(
    answerDirectory(DIR, {}, `/v1/organization/projects/${first.id}/api_keys`, 'owner_project_access=x'),
  );
  assert.deepEqual(
    keys,
    (DIR.apiKeys.get(first.id) ?? []).map((k) => k.id),
  );
  assert.ok(keys.length > 0);
  assert.deepEqual(
    ids(answerDirectory(DIR, {}, `/v1/organization/projects/${first.id}/service_accounts`, '')),
    (DIR.serviceAccounts.get(first.id) ?? []).map((s) => s.id),
  );
  assert.deepEqual(body(answerDirectory(DIR, {}, `/v1/organization/projects/${first.id}/spend_limit`, '')), {
    ...DIR.projectSpendLimits.get(first.id),
  });
  assert.throws(
    () => answerDirectory(DIR, {}, `/v1/organization/projects/${second.id}/spend_limit`, ''),
    httpError(404, null, new RegExp(`^No spend limit is configured for project '${second.id}'\\.$`), 'not_found'),
  );
  assert.throws(
    () => answerDirectory(DIR, {}, '/v1/organization/projects/proj_nope/api_keys', ''),
    httpError(404, null, /^No project found with id 'proj_nope'\.$/, 'not_found'),
  );
  // A bad escape names the raw segment.
  assert.throws(
    () => answerDirectory(DIR, {}, '/v1/organization/projects/%E2%9C/api_keys', ''),
    httpError(404, null, /^No project found with id '%E2%9C'\.$/, 'not_found'),
  );
  assert.throws(
    () => answerDirectory(DIR, {}, `/v1/organization/projects/${first.id}/service_accounts`, 'owner_project_access=x'),
    httpError(400, 'owner_project_access', /Unrecognized/),
  );
});

test('an odd project ID reaches its routes once encoded', () => {
  const odd = buildOrg(42, { projects: 3 }, true);
  const dir = buildOrgDirectory(odd);
  const id = odd.projects[1]?.id ?? '';
  assert.equal(id, `proj_O'Brien (ops) "beta" ~ é✓`);
  const path = `/v1/organization/projects/${encodeURIComponent(id)}/api_keys`;
  assert.deepEqual(
    ids(answerDirectory(dir, {}, path, '')),
    (dir.apiKeys.get(id) ?? []).map((k) => k.id),
  );
});

test('the failing-directory options answer every route with a 403 (missing scope) or a 500', () => {
  for (const path of [
    '/v1/organization/projects',
    '/v1/organization/projects/x/api_keys',
    '/v1/organization/spend_limit',
  ]) {
    assert.throws(
      () => answerDirectory(DIR, { fail: 'forbidden' }, path, ''),
      httpError(403, null, /Missing scopes: api\.management\.read\.$/, 'insufficient_permissions'),
    );
    assert.throws(() => answerDirectory(DIR, { fail: 'server-error' }, path, ''), httpError(500, null, /had an error/));
  }
});
