import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../lib/api/errors';
import { requestJson } from '../../lib/api/request-json';
import { json, memoryContext, memoryTransport } from './memory-transport';

test('the read-only admin paths pass, with their query, and give the parsed body and request id', async () => {
  const transport = memoryTransport((req) => json({ path: req.path }, 200, { 'x-request-id': 'req_7' }));
  const ctx = memoryContext(transport);
  const paths = [
    '/organization/projects',
    '/organization/users',
    '/organization/spend_limit',
    '/organization/spend_alerts',
    '/organization/projects/proj_1/api_keys',
    '/organization/projects/proj_O%27Brien%20%28x%29/service_accounts',
    '/organization/projects/p.r~o-j_2/spend_limit',
    '/organization/projects/%E2%9C%93/api_keys',
  ];
  for (const path of paths)
    assert.deepEqual(await requestJson(path, { limit: 100 }, ctx), { body: { path }, requestId: 'req_7' });
  assert.deepEqual(
    transport.sent.map((r) => [r.path, r.params]),
    paths.map((p) => [p, { limit: 100 }]),
  );
});

test('anything else is refused before any request: other paths, raw characters, dot segments, lower-case escapes', async () => {
  const transport = memoryTransport(() => json({}));
  const ctx = memoryContext(transport);
  const refused = [
    '',
    '/organization/costs',
    '/organization/usage/completions',
    '/organization/projects/',
    '/organization/projects/p/api_keys/extra',
    '/organization/projects/p/rate_limits',
    '/organization/projects/a b/api_keys',
    '/organization/projects/a/b/api_keys',
    '/organization/projects/../api_keys',
    '/organization/projects/./spend_limit',
    '/organization/projects/%e2/api_keys',
    '/organization/projects/%2/api_keys',
    '/organization/admin_api_keys',
    'https://evil.example/organization/projects',
    '/organization/projects?limit=1',
  ];
  for (const path of refused)
    await assert.rejects(
      requestJson(path, {}, ctx),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message === `invalid path: ${JSON.stringify(path)} (an /organization/ directory path)`,
      path,
    );
  assert.equal(transport.sent.length, 0);
});

test('statuses go through the one request loop: a 404 is a NotFoundError naming the base path', async () => {
  const transport = memoryTransport(() => json({ error: { message: 'no project' } }, 404));
  await assert.rejects(
    requestJson('/organization/projects/p/spend_limit', {}, memoryContext(transport, { basePath: '/gw/v1' })),
    (e: unknown) => e instanceof NotFoundError && e.path === '/gw/v1/organization/projects/p/spend_limit',
  );
  assert.equal(transport.sent.length, 1);
});
