import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { UsageClient } from '../../lib/api/client';
import { startEmulator } from '../../lib/emulator/start-emulator';
import { openStore } from '../../lib/store/open-store';
import { syncStore } from '../../lib/store/sync';
import { main } from '../../scripts/dashboard';
import { tempDir } from '../store/helpers';

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
    // Once the first sync lands: project names from the demo's directory, and the insights panel on by default.
    type View = {
      lastSyncedAt: string | null;
      projects: { id: string; name: string }[];
      insights: { forecast: { value: string } | null; anomalies: unknown[] } | null;
    };
    let view: View | undefined;
    for (let i = 0; i < 300 && (view?.lastSyncedAt ?? null) === null; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const r = await fetch(`${origin}/api/view?days=30`, { headers: { authorization: `token ${token}` } });
      view = (await r.json()) as View;
    }
    assert.ok(view?.lastSyncedAt, 'the first sync landed');
    assert.ok(
      view.projects.some((p) => p.name !== p.id),
      `names from the directory: ${JSON.stringify(view.projects)}`,
    );
    assert.ok(view.insights !== null, 'the insights panel is on');
    assert.match(view.insights.forecast?.value ?? '', /^\$[\d,]+\.\d{2}$/);
  } finally {
    await stop();
    if (saved.key !== undefined) process.env['OPENAI_ADMIN_KEY'] = saved.key;
    if (saved.store !== undefined) process.env['USAGE_STORE_URL'] = saved.store;
  }
});

test('bad flags fail with what is allowed', async () => {
  await assert.rejects(
    main(['--port', '70000'], () => undefined),
    /invalid --port: 70000 \(an integer from 0 to 65535\)/,
  );
  await assert.rejects(
    main(['--every', '5 minutes'], () => undefined),
    /invalid every: "5 minutes"/,
  );
});

test('npm run dashboard -- --store FILE follows a DuckDB store synced by another run', async () => {
  const tmp = tempDir('dashboard-cli-');
  const file = path.join(tmp.dir, 'usage.duckdb');
  const now = Math.floor(Date.now() / 1000);
  const emulator = await startEmulator({ now: () => now });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  const store = await openStore(file);
  await syncStore({ client, store, now, since: now - 3 * 86_400, endpoints: ['completions', 'costs'] });
  await store.close();
  const lines: string[] = [];
  const stop = await main(['--port', '0', '--store', file, '--poll', '1s', '--days', '7'], (line) => lines.push(line));
  try {
    assert.doesNotMatch(lines.join('\n'), /Demo mode/, 'following a store needs no API');
    const url = new URL(lines.map((l) => l.trim()).find((l) => l.startsWith('http://127.0.0.1:')) ?? '');
    const auth = { authorization: `token ${url.searchParams.get('token') ?? ''}` };
    let synced: string | null = null;
    for (let i = 0; i < 100 && synced === null; i++) {
      const res = await fetch(`${url.origin}/api/view?days=3`, { headers: auth });
      synced = ((await res.json()) as { lastSyncedAt: string | null }).lastSyncedAt;
      if (synced === null) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(synced !== null, 'the store was read');
    assert.ok(Math.abs(Date.parse(synced) / 1000 - Date.now() / 1000) < 600, `synced at ${synced}`);
  } finally {
    await stop();
    client.close();
    await emulator.close();
    tmp.remove();
  }
});
