import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { InvalidQueryError, UsageClient } from '../../lib/api/index';
import { InvalidParams, notebookParams } from '../../lib/notebook/index';
import { startScriptedServer, testKey } from '../helpers/scripted-server';
import { runChildSync } from '../../tools/child-process';

const ROOT = path.resolve(__dirname, '../..');

test('an ISO date-time without an offset is UTC also when the machine runs in another time zone', () => {
  const script = [
    "const { notebookParams } = require('./lib/notebook/index');",
    'const env = { now: 1_800_000_000, fixedNow: false };',
    "const out = ['2025-01-31T12:00', '2025-01-31 12:00:30', '2025-01-31', '2025-01-31T12:00:00+02:00']",
    "  .map((s) => notebookParams({ start_time: s }, 'completions', env).wire.start_time);",
    'console.log(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, out }));',
  ].join('\n');
  const run = runChildSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'America/New_York' },
  });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { tz: string; out: number[] };
  assert.equal(result.tz, 'America/New_York');
  const noon = Date.UTC(2025, 0, 31, 12) / 1000;
  assert.deepEqual(result.out, [noon, noon + 30, Date.UTC(2025, 0, 31) / 1000, noon - 2 * 3600]);
});

test('project_ids: [] and group_by: [] are rejected with a message before any request', async () => {
  const server = await startScriptedServer(() => ({
    body: { object: 'page', data: [], has_more: false, next_page: null },
  }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
  try {
    for (const query of [{ project_ids: [] }, { group_by: [] }]) {
      const name = Object.keys(query)[0];
      await assert.rejects(
        client.fetchAll('completions', { start_time: 1_700_000_000, ...query }),
        (e: unknown) =>
          e instanceof InvalidQueryError &&
          e.param === name &&
          /invalid \w+: \[\] \(give at least one value, or leave the parameter out\)/.test(e.message),
      );
    }
    assert.equal(server.requests.length, 0);
  } finally {
    client.close();
    await server.close();
  }
  const env = { now: 1_800_000_000, fixedNow: false };
  assert.throws(
    () => notebookParams({ days_ago: 3, group_by: [] }, 'completions', env),
    (e: unknown) => e instanceof InvalidParams && /group_by: \[\]/.test(e.message),
  );
});
