import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageClient } from '../../lib/api/client';
import type { RecordedRequest } from '../../lib/emulator/types';
import { startEmulator } from '../../lib/emulator/start-emulator';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { openStore } from '../../lib/store/open-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { main } from '../../scripts/dashboard';
import { ODD_PROJECT_IDS } from '../../lib/emulator/synthetic-org';
import { rawBuckets, runScript, tempDir } from '../store/helpers';

const DAY = 86_400;

/** Sums a numeric field over every result of every bucket (costs: the nested amount.value). */
function total(buckets: readonly { results: readonly Record<string, unknown>[] }[], field: string): number {
  let sum = 0;
  for (const b of buckets) {
    for (const r of b.results) {
      const v = field === 'amount' ? (r['amount'] as { value?: unknown } | undefined)?.value : r[field];
      sum += Number(v ?? 0);
    }
  }
  return sum;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
  await syncStore({
    organization: organizationByName('default'),
    client,
    store,
    now,
    since: now - 3 * 86_400,
    endpoints: ['completions', 'costs'],
  });
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

test('npm run dashboard -- --store FILE --every 2s (child process) syncs the store itself, again and again, and answers meanwhile', async () => {
  const tmp = tempDir('dashboard-every-');
  const file = path.join(tmp.dir, 'usage.duckdb');
  // The real clock: the child syncs up to its own now; closed days are the same whenever they are read.
  const emulator = await startEmulator({ seed: 7 });
  const run = runScript('dashboard.ts', emulator, [
    '--port',
    '0',
    '--store',
    file,
    '--every',
    '2s',
    '--poll',
    '1s',
    '--days',
    '3',
  ]);
  const exited = run.done.then((e) => e.signal ?? e.code);
  try {
    const url = new URL(
      await until('the printed URL', 60_000, () =>
        Promise.resolve(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}/.exec(run.output().stdout)?.[0]),
      ),
    );
    const auth = { authorization: `token ${url.searchParams.get('token') ?? ''}` };
    type View = { lastSyncedAt: string | null; projects: { id: string; name: string }[] };
    const view = async (): Promise<{ status: number; view: View; sent: number; answered: number }> => {
      const sent = Date.now();
      const res = await fetch(`${url.origin}/api/view?days=3`, { headers: auth });
      return { status: res.status, view: (await res.json()) as View, sent, answered: Date.now() };
    };
    const first = await until('the first sync', 60_000, async () => (await view()).view.lastSyncedAt ?? undefined);
    const afterFirst = emulator.requests.length;
    assert.ok(afterFirst > 0, 'the dashboard fetched from the emulator');

    // (a) The store holds what the emulator serves: closed days summed from raw JSON in this test.
    const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
    const start = today - 2 * DAY;
    const store = await DuckDbStore.open(file, { waitMs: 30_000 });
    let stored: { usage: Record<string, unknown>[]; costs: Record<string, unknown>[] };
    let names: string[];
    try {
      const usage = await store.readRange('completions', {
        start,
        end: today,
        width: '1d',
        groupBy: ['model', 'project_id'],
      });
      const costs = await store.readRange('costs', {
        start,
        end: today,
        width: '1d',
        groupBy: ['line_item', 'project_id'],
      });
      stored = { usage: usage.flatMap((b) => b.results), costs: costs.flatMap((b) => b.results) };
      names = (await store.readDirectory()).filter((e) => e.kind === 'project').map((e) => e.name ?? '');
    } finally {
      await store.close();
    }
    // While this test held the file (another process), the dashboard may rightly have said it could not read or
    // sync it; from here on nothing else opens the file, so nothing may fail.
    const heldUntil = { stdout: run.output().stdout.length, stderr: run.output().stderr.length };
    const rawUsage = await rawBuckets(emulator, 'completions', start, today, '1d', ['model', 'project_id']);
    const rawCosts = await rawBuckets(emulator, 'costs', start, today, '1d', ['line_item', 'project_id']);
    for (const field of ['num_model_requests', 'input_tokens', 'output_tokens']) {
      const expected = total(rawUsage, field);
      assert.ok(expected > 0, `the emulator has ${field}`);
      assert.equal(total([{ results: stored.usage }], field), expected, field);
    }
    const expectedCost = total(rawCosts, 'amount');
    assert.ok(expectedCost > 0);
    assert.ok(Math.abs(total([{ results: stored.costs }], 'amount') - expectedCost) < 1e-6, 'cost');
    assert.ok(names.length > 0 && names.every((n) => n !== ''), `project names synced: ${JSON.stringify(names)}`);

    // (b)+(c) The next scheduled sync's first request hangs 4 s: the sync is running all that time, and the
    // page's reads keep answering from the previous data.
    emulator.setFaults({ hangMs: { count: 1, ms: 4_000 } });
    const faultAt = Date.now();
    const views: Awaited<ReturnType<typeof view>>[] = [];
    // The first request to arrive after the fault was set is the hung one (recorded once answered).
    const hungAt = (): number | undefined => {
      const ats = emulator.requests.filter((r: RecordedRequest) => r.at >= faultAt).map((r) => r.at);
      return ats.length === 0 ? undefined : Math.min(...ats);
    };
    await until('a sync landing after its hung request', 60_000, async () => {
      const v = await view();
      views.push(v);
      const at = hungAt();
      const before = views.find((w) => at !== undefined && w.sent >= at)?.view.lastSyncedAt;
      return at !== undefined && v.sent > at + 4_000 && v.view.lastSyncedAt !== before ? true : undefined;
    });
    const at = hungAt() ?? NaN;
    const second = views[views.length - 1]?.view.lastSyncedAt ?? '';
    assert.ok(Date.parse(second) > Date.parse(first), `last synced ${first} -> ${second}`);
    assert.ok(emulator.requests.length > afterFirst, 'the later syncs fetched again');
    const during = views.filter((v) => v.sent >= at && v.answered <= at + 4_000);
    assert.ok(during.length >= 5, `views answered while the sync hung: ${during.length}`);
    for (const v of during) {
      assert.equal(v.status, 200);
      assert.equal(v.view.lastSyncedAt, during[0]?.view.lastSyncedAt, 'the previous data, until the sync lands');
      assert.ok(v.answered - v.sent < 1_000, `answered in ${v.answered - v.sent} ms`);
    }
    const { stdout, stderr } = run.output();
    assert.ok(!stdout.includes(emulator.adminKey) && !stderr.includes(emulator.adminKey), 'the key is never printed');
    const sinceHeld = stdout.slice(heldUntil.stdout) + stderr.slice(heldUntil.stderr);
    assert.doesNotMatch(sinceHeld, /failed|could not/, 'no sync or read failed');
  } finally {
    run.child.kill('SIGTERM');
    await exited;
    await emulator.close();
    tmp.remove();
  }
  assert.equal(await exited, 0, `stopped cleanly: ${run.output().stderr}`);
});

test('a DuckDB store that does not exist is an error naming it and how to create one; --create starts an empty one', async () => {
  const tmp = tempDir('dashboard-missing-');
  const file = path.join(tmp.dir, 'nested', 'x.duckdb');
  try {
    await assert.rejects(
      main(['--port', '0', '--store', file], () => undefined),
      (err: Error) =>
        err.message.startsWith(`invalid --store: ${JSON.stringify(file)} (no such DuckDB store; create it with `) &&
        err.message.includes(`npm run sync -- --store ${file}`) &&
        err.message.includes('--create'),
    );
    assert.equal(existsSync(path.dirname(file)), false, 'nothing created');
    const lines: string[] = [];
    const stop = await main(['--port', '0', '--store', file, '--create', '--poll', '1s'], (line) => lines.push(line));
    try {
      assert.ok(lines.some((l) => l.includes('http://127.0.0.1:')));
    } finally {
      await stop();
    }
    assert.equal(existsSync(file), true, '--create made the store');
  } finally {
    tmp.remove();
  }
});

type ProjectsView = { lastSyncedAt: string | null; projects: { id: string; name: string }[] };

/** Polls the dashboard's view until a sync has landed. */
async function landedView(lines: readonly string[]): Promise<ProjectsView> {
  const url = new URL(lines.map((l) => l.trim()).find((l) => l.startsWith('http://127.0.0.1:')) ?? '');
  const auth = { authorization: `token ${url.searchParams.get('token') ?? ''}` };
  return until('a landed sync', 60_000, async () => {
    const view = (await (await fetch(`${url.origin}/api/view?days=3`, { headers: auth })).json()) as ProjectsView;
    return view.lastSyncedAt === null || view.projects.length === 0 ? undefined : view;
  });
}

test('an odd-ID directory: the dashboard names every project, from the API and from its own store sync, numbers land', async () => {
  const saved = { key: process.env['OPENAI_ADMIN_KEY'], url: process.env['OPENAI_BASE_URL'] };
  const emulator = await startEmulator({ seed: 42, directory: { oddProjectIds: true } });
  process.env['OPENAI_ADMIN_KEY'] = emulator.adminKey;
  process.env['OPENAI_BASE_URL'] = emulator.baseURL;
  const tmp = tempDir('dashboard-odd-');
  try {
    for (const args of [[], ['--store', path.join(tmp.dir, 'odd.duckdb')]]) {
      const lines: string[] = [];
      const stop = await main(['--port', '0', '--every', '1h', '--days', '3', ...args], (line) => lines.push(line));
      try {
        const view = await landedView(lines);
        const named = new Map(view.projects.map((p) => [p.id, p.name]));
        // Names as the directory gives them (org-directory.ts: projects 2-5 are these four).
        assert.equal(named.get(ODD_PROJECT_IDS[0] ?? ''), 'Support Assistant');
        assert.equal(named.get('..'), 'Data Pipeline');
        assert.equal(named.get('proj_eu/west'), 'Research');
        assert.equal(named.get(''), 'Internal Tools');
        assert.doesNotMatch(lines.join('\n'), /could not read project names|sync failed/);
        if (args.length > 0)
          assert.equal(lines.filter((l) => l.startsWith('Names incomplete')).length, 1, lines.join('\n'));
      } finally {
        await stop();
      }
    }
  } finally {
    if (saved.key === undefined) delete process.env['OPENAI_ADMIN_KEY'];
    else process.env['OPENAI_ADMIN_KEY'] = saved.key;
    if (saved.url === undefined) delete process.env['OPENAI_BASE_URL'];
    else process.env['OPENAI_BASE_URL'] = saved.url;
    await emulator.close();
    tmp.remove();
  }
});
