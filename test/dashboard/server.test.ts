import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bucketSource } from '../../lib/dashboard/bucket-source';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';

const ROUTES = [
  '/',
  '/app.js',
  '/app.css',
  '/plotly.min.js',
  '/api/view',
  '/api/view?days=7',
  '/api/events',
  '/no-such-page',
];
let dash: RunningDashboard;

before(async () => {
  dash = await startDashboard({ source: bucketSource(), token: 'a-fixed-test-token-0123456789' });
});
after(() => dash.close());

/** GET without following redirects; SSE bodies are not read (the connection is cut after the headers). */
async function status(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers }> {
  const controller = new AbortController();
  const res = await fetch(`${dash.origin}${path}`, { headers, redirect: 'manual', signal: controller.signal });
  controller.abort();
  return { status: res.status, headers: res.headers };
}

test("every route answers 401 without the token, with a wrong one, or with another port's cookie", async () => {
  const wrong = 'b-fixed-test-token-0123456789';
  for (const path of ROUTES) {
    assert.equal((await status(path)).status, 401, `${path} without token`);
    assert.equal(
      (await status(`${path}${path.includes('?') ? '&' : '?'}token=${wrong}`)).status,
      401,
      `${path} wrong query token`,
    );
    assert.equal((await status(path, { authorization: `token ${wrong}` })).status, 401, `${path} wrong header token`);
    assert.equal(
      (await status(path, { cookie: `dashboard-token-${dash.port}=${wrong}` })).status,
      401,
      `${path} wrong cookie`,
    );
    assert.equal(
      (await status(path, { cookie: `dashboard-token-1=${dash.token}` })).status,
      401,
      `${path} other port's cookie`,
    );
  }
});

test('the token opens every route, and the first visit swaps it for an HttpOnly SameSite=Strict cookie', async () => {
  const first = await status(`/?token=${dash.token}&days=7`);
  assert.equal(first.status, 303);
  assert.equal(first.headers.get('location'), '/?days=7', 'the token leaves the address bar, the view stays');
  const cookie = first.headers.get('set-cookie') ?? '';
  assert.match(cookie, new RegExp(`^dashboard-token-${dash.port}=${dash.token}; HttpOnly; SameSite=Strict; Path=/$`));
  const jar = { cookie: cookie.split(';')[0] ?? '' };
  for (const path of ROUTES.filter((p) => p !== '/no-such-page')) {
    assert.equal((await status(path, jar)).status, 200, `${path} with cookie`);
    assert.equal((await status(path, { authorization: `token ${dash.token}` })).status, 200, `${path} with header`);
  }
  assert.equal((await status('/no-such-page', jar)).status, 404);
  assert.match(dash.url, new RegExp(`^http://127\\.0\\.0\\.1:${dash.port}/\\?token=${dash.token}$`));
});

test('responses carry a strict Content-Security-Policy, and bad view queries a clear 400', async () => {
  const auth = { authorization: `token ${dash.token}` };
  for (const path of ['/', '/app.js', '/api/view', '/api/events']) {
    const csp = (await status(path, auth)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe/, path);
  }
  const html = await (await fetch(`${dash.origin}/`, { headers: auth })).text();
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i, 'no inline script element');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  const bad = await fetch(`${dash.origin}/api/view?days=0`, { headers: auth });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { error: 'invalid days: "0" (an integer from 1 to 90)' });
  const backwards = await fetch(`${dash.origin}/api/view?from=2026-11-10&to=2026-11-01`, { headers: auth });
  assert.deepEqual(await backwards.json(), { error: 'invalid range: from 2026-11-10 is after to 2026-11-01' });
});
