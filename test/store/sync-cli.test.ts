import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { syncStore } from '../../lib/store/sync';
import { DAY, NOW, duplicateKeys, dumpTables, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const ENDPOINTS = ['completions', 'embeddings', 'costs'] as const;

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function runSync(emu: RunningEmulator, args: readonly string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync.ts'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      TZ: 'UTC',
      OPENAI_ADMIN_KEY: emu.adminKey,
      OPENAI_BASE_URL: emu.baseURL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('npm run sync (child processes)', () => {
  let emu: RunningEmulator;
  const tmp = tempDir('store-cli-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 }, faults: { latencyMs: 120 } });
  });
  after(async () => {
    await emu.close();
    tmp.remove();
  });
  const args = (file: string): string[] => [
    '--store',
    file,
    '--now',
    String(NOW),
    '--since',
    '10d',
    '--endpoints',
    ENDPOINTS.join(','),
    '--concurrency',
    '1',
  ];

  test('killed with SIGKILL mid-way and run again: no gap, no duplicate (same rows as an uninterrupted sync)', async () => {
    const file = path.join(tmp.dir, 'killed.duckdb');
    emu.resetRequests();
    const first = runSync(emu, args(file));
    await until(() => emu.requests.length >= 6, 60_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    assert.equal(killed.signal, 'SIGKILL');
    const partial = await DuckDbStore.open(file);
    const partialRows = (await dumpTables(partial, ENDPOINTS)).length;
    await partial.close();
    const again = await runSync(emu, args(file)).done;
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /synced .*killed\.duckdb: \d+ windows/);

    const reference = await DuckDbStore.open(path.join(tmp.dir, 'reference.duckdb'));
    const resumed = await DuckDbStore.open(file);
    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    try {
      await syncStore({ client, store: reference, now: NOW, since: NOW - 10 * DAY, endpoints: ENDPOINTS });
      const full = await dumpTables(reference, ENDPOINTS);
      assert.ok(
        partialRows > 0 && partialRows < full.length,
        `the kill landed mid-way: ${partialRows} of ${full.length} rows`,
      );
      assert.deepEqual(await dumpTables(resumed, ENDPOINTS), full);
      for (const e of ENDPOINTS) assert.equal(await duplicateKeys(resumed, e), 0);
      assert.ok(!readFileSync(file).includes(emu.adminKey), 'the admin key is never stored');
      const directory = await resumed.readDirectory();
      assert.ok(
        directory.some((e) => e.kind === 'project' && e.name !== null) && directory.some((e) => e.kind === 'api_key'),
        'the directory is synced',
      );
      assert.deepEqual(
        await resumed.query(
          'SELECT endpoint, group_by, bucket_width, start_time, end_time, final FROM coverage ORDER BY ALL',
        ),
        await reference.query(
          'SELECT endpoint, group_by, bucket_width, start_time, end_time, final FROM coverage ORDER BY ALL',
        ),
      );
    } finally {
      client.close();
      await reference.close();
      await resumed.close();
    }
  });

  test('--every repeats the sync until stopped, releasing the store between runs', async () => {
    const file = path.join(tmp.dir, 'every.duckdb');
    const runs = runSync(emu, [
      '--store',
      file,
      '--now',
      String(NOW),
      '--since',
      '1d',
      '--endpoints',
      'costs',
      '--every',
      '6s',
      '--quiet',
    ]);
    let out = '';
    runs.child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => (out.match(/^synced /gm) ?? []).length >= 2, 60_000);
      // Between runs the file is free: another process can open it.
      const between = await DuckDbStore.open(file, { waitMs: 30_000 });
      await between.close();
    } finally {
      runs.child.kill('SIGTERM');
    }
    const ended = await runs.done;
    assert.equal(ended.signal, 'SIGTERM');
  });

  test('a second sync on the same store stops with a clear message, or waits with --wait', async () => {
    const file = path.join(tmp.dir, 'locked.duckdb');
    emu.resetRequests();
    const first = runSync(emu, args(file));
    await until(() => emu.requests.length >= 1, 60_000);
    const second = await runSync(emu, args(file)).done;
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      /store .*locked\.duckdb is in use by another process \(PID \d+\), probably another sync/,
    );
    const waiting = runSync(emu, [...args(file), '--wait', '2m']);
    const a = await first.done;
    const b = await waiting.done;
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(!b.stderr.includes(emu.adminKey) && !b.stdout.includes(emu.adminKey), 'the admin key is never printed');
  });
});
