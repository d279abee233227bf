import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../scripts/dashboard';

test('npm run dashboard with no key and no store serves the demo and prints one URL with its token', async () => {
  const saved = { key: process.env['OPENAI_ADMIN_KEY'], store: process.env['USAGE_STORE_URL'] };
  delete process.env['OPENAI_ADMIN_KEY'];
  delete process.env['USAGE_STORE_URL'];
  const lines: string[] = [];
  const stop = await main(['--port', '0', '--every', '1h'], (line) => lines.push(line));
  try {
    assert.match(lines.join('\n'), /Demo mode/);
    const url = lines.map((l) => l.trim()).find((l) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/.test(l));
    assert.ok(url, `printed URL: ${lines.join(' | ')}`);
    assert.doesNotMatch(lines.join('\n'), /sk-admin/, 'no key printed');
    const origin = new URL(url).origin;
    assert.equal((await fetch(`${origin}/api/view`)).status, 401);
    const token = new URL(url).searchParams.get('token') ?? '';
    // The first sync runs in the background; the view answers at once (empty before it lands).
    const res = await fetch(`${origin}/api/view?days=7`, { headers: { authorization: `token ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { figures: unknown[] }).figures.length, 6);
  } finally {
    await stop();
    if (saved.key !== undefined) process.env['OPENAI_ADMIN_KEY'] = saved.key;
    if (saved.store !== undefined) process.env['USAGE_STORE_URL'] = saved.store;
  }
});

test('bad flags fail with what is allowed', async () => {
  await assert.rejects(main(['--port', '70000'], () => undefined), /invalid --port: 70000 \(an integer from 0 to 65535\)/);
  await assert.rejects(main(['--every', '5 minutes'], () => undefined), /invalid every: "5 minutes"/);
});
