// Issue 17: `npm run sync` (a child process) syncs several organizations into one store, DuckDB and PostgreSQL. Two
// emulated organizations with the same project IDs and names: each organization's totals in the store equal the raw
// sums of its own emulator. One organization failing (401, 500, closed port, a server failing mid-sync) never stops
// or rolls back the others; SIGKILL mid-sync and resume holds exactly once per organization; the demo never writes
// into a store the user named.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ENDPOINTS as API_ENDPOINTS, type EndpointName } from '../../lib/catalogue/index';
import { DEMO_ORGANIZATIONS } from '../../lib/demo/index';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../lib/emulator/index';
import { openStore, sqlString, type UsageStore, cellText, tableSchema } from '../../lib/store/index';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import {
  DAY,
  NOW,
  assertAggregatesClose,
  defaultTierRanges,
  rawAggregates,
  tempDir,
  until,
  type Aggregate,
  type ScriptExit,
} from '../store/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const ENDPOINTS: readonly EndpointName[] = ['completions', 'costs'];
const SINCE = NOW - 10 * DAY;
const ARGS = ['--now', String(NOW), '--since', '10d', '--endpoints', ENDPOINTS.join(','), '--concurrency', '2'];

/** The same projects (IDs and names) in both organizations: only the organization tells their rows apart. */
const PROJECTS = {
  dataset: { projectIds: ['proj_search', 'proj_chat', 'proj_batch'], streams: 20 },
  directory: { projectNames: ['Search', 'Chat', 'Batch'] },
} satisfies EmulatorOptions;

interface SyncChild {
  done: Promise<ScriptExit>;
  kill(): void;
  running(): boolean;
}

/** `npm run sync -- ARGS` as a child process with exactly these variables (keys only in its environment). */
function runSync(env: Record<string, string>, args: readonly string[]): SyncChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ScriptExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    done,
    kill: () => child.kill('SIGKILL'),
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** The variables of named organizations: `OPENAI_ADMIN_KEY_<NAME>` and `OPENAI_BASE_URL_<NAME>` only. */
function orgEnv(orgs: Record<string, { key: string; url: string }>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, o] of Object.entries(orgs)) {
    env[`OPENAI_ADMIN_KEY_${name}`] = o.key;
    env[`OPENAI_BASE_URL_${name}`] = o.url;
  }
  return env;
}

const of = (emu: RunningEmulator): { key: string; url: string } => ({ key: emu.adminKey, url: emu.baseURL });

/** One organization's aggregates in the store (SQL), in the shape of `rawAggregates`. */
async function organizationAggregates(store: UsageStore, organizationId: string): Promise<Aggregate[]> {
  const out: Aggregate[] = [];
  for (const e of ENDPOINTS) {
    const t = tableSchema(API_ENDPOINTS[e]);
    const sums = t.values.map((v) => `sum("${v.name}") AS "${v.name}"`).join(', ');
    const rows = await store.query(
      `SELECT bucket_width, group_by, count(*) AS n, ${sums} FROM "${t.table}" WHERE organization_id = ${sqlString(organizationId)} GROUP BY bucket_width, group_by ORDER BY bucket_width, group_by`,
    );
    for (const r of rows) {
      const rounded: Aggregate = { table: t.table };
      for (const [k, v] of Object.entries(r))
        rounded[k] = typeof v === 'number' ? Number(v.toPrecision(12)) : v === null ? null : cellText(v);
      out.push(rounded);
    }
  }
  return out;
}

/** Rows sharing a key (organization, start, width, grouping, every dimension) with another row: none may exist. */
async function duplicateRows(store: UsageStore): Promise<number> {
  let n = 0;
  for (const e of ENDPOINTS) {
    const t = tableSchema(API_ENDPOINTS[e]);
    const key = ['organization_id', 'start_time', 'bucket_width', 'group_by', ...t.dims.map((d) => d.name)]
      .map((c) => `"${c}"`)
      .join(', ');
    const rows = await store.query(
      `SELECT count(*) AS n FROM (SELECT ${key}, count(*) AS c FROM "${t.table}" GROUP BY ${key} HAVING count(*) > 1) d`,
    );
    n += Number(rows[0]?.['n'] ?? 0);
  }
  return n;
}

async function assertOrganizationComplete(store: UsageStore, emu: RunningEmulator): Promise<void> {
  assertAggregatesClose(
    await organizationAggregates(store, emu.organizationId),
    await rawAggregates(emu, ENDPOINTS, defaultTierRanges(SINCE, NOW)),
  );
}

function noKeyIn(exit: ScriptExit, keys: readonly string[]): void {
  for (const k of keys) assert.ok(!exit.stdout.includes(k) && !exit.stderr.includes(k), 'no key is ever printed');
}

/** The two organizations of the store tests, and a third one's closed port. */
async function startOrganizations(): Promise<{ acme: RunningEmulator; globex: RunningEmulator; closedUrl: string }> {
  const acme = await startEmulator({ now: () => NOW, seed: 11, organizationId: 'acme-e2e001', ...PROJECTS });
  const globex = await startEmulator({
    now: () => NOW,
    seed: 12,
    organizationId: 'globex-e2e002',
    ...PROJECTS,
    dataset: { ...PROJECTS.dataset, scale: 0.5 },
  });
  const closed = await startEmulator({ now: () => NOW });
  const closedUrl = closed.baseURL;
  await closed.close();
  return { acme, globex, closedUrl };
}

for (const kind of ['duckdb', 'postgres'] as const) {
  describe(
    `npm run sync with several organizations: ${kind}`,
    { skip: kind === 'postgres' && skipWithoutPostgres() },
    () => {
      let acme: RunningEmulator;
      let globex: RunningEmulator;
      let closedUrl: string;
      let pg: TestPostgres | undefined;
      const tmp = tempDir(`sync-orgs-${kind}-`);
      let n = 0;
      /** A new empty store of this kind. */
      const newStore = async (): Promise<string> => {
        n++;
        if (kind === 'duckdb') return path.join(tmp.dir, `store-${n}.duckdb`);
        pg ??= await startTestPostgres();
        return createDatabase(pg.url, `orgs_${n}`);
      };
      before(async () => {
        ({ acme, globex, closedUrl } = await startOrganizations());
      });
      after(async () => {
        await acme.close();
        await globex.close();
        pg?.stop();
        tmp.remove();
      });

      test('two organizations with the same projects: each one’s totals are its own emulator’s raw sums', async () => {
        const store = await newStore();
        const exit = await runSync(orgEnv({ acme: of(acme), globex: of(globex) }), ['--store', store, ...ARGS]).done;
        assert.equal(exit.code, 0, exit.stderr);
        assert.match(exit.stdout, /^synced acme \(acme-e2e001\) into .*: \d+ windows/m);
        assert.match(exit.stdout, /^synced globex \(globex-e2e002\) into .*: \d+ windows/m);
        // Named keys alone are real organizations: no demo anywhere.
        assert.doesNotMatch(exit.stderr, /Demo mode/);
        noKeyIn(exit, [acme.adminKey, globex.adminKey]);
        const s = await openStore(store);
        try {
          await assertOrganizationComplete(s, acme);
          await assertOrganizationComplete(s, globex);
          assert.equal(await duplicateRows(s), 0);
          const orgs = await s.listOrganizations();
          assert.deepEqual(
            orgs.map((o) => [o.id, o.name, o.idSource]),
            [
              ['acme-e2e001', 'acme', 'header'],
              ['globex-e2e002', 'globex', 'header'],
            ],
          );
          // The rows of one project ID are two organizations' rows, never merged: each sums to its own.
          const byOrg = await s.query(
            `SELECT organization_id, count(*) AS n FROM costs WHERE project_id = 'proj_search' GROUP BY organization_id ORDER BY organization_id`,
          );
          assert.deepEqual(
            byOrg.map((r) => String(r['organization_id'])),
            ['acme-e2e001', 'globex-e2e002'],
          );
        } finally {
          await s.close();
        }
        // Synced again: nothing doubles.
        const again = await runSync(orgEnv({ acme: of(acme), globex: of(globex) }), ['--store', store, ...ARGS]).done;
        assert.equal(again.code, 0, again.stderr);
        const s2 = await openStore(store);
        try {
          await assertOrganizationComplete(s2, acme);
          await assertOrganizationComplete(s2, globex);
          assert.equal(await duplicateRows(s2), 0);
        } finally {
          await s2.close();
        }
      });

      test('organizations that fail (401, 500, closed port) never stop the others: exit 1 naming each and why', async () => {
        const store = await newStore();
        globex.setFaults({ serverError: { count: 1_000_000 } });
        try {
          const env = orgEnv({
            acme: of(acme),
            globex: of(globex),
            // Sorted first: the organizations after it are still synced.
            Alpha: { key: 'sk-admin-not-accepted-anywhere-000', url: acme.baseURL },
            umbrella: { key: 'sk-admin-nobody-listens-000000000', url: closedUrl },
          });
          const exit = await runSync(env, ['--store', store, ...ARGS]).done;
          assert.equal(exit.code, 1, exit.stdout);
          const last = exit.stderr.trim().split('\n').pop() ?? '';
          assert.match(last, /^sync: 3 of 4 organizations failed \(the others are synced\): /);
          assert.match(last, /globex: .*500/);
          assert.match(last, /Alpha: invalid OPENAI_ADMIN_KEY_Alpha: .* rejected it \(401\)/);
          assert.match(last, /umbrella: .*(ECONNREFUSED|connection refused)/);
          assert.match(exit.stdout, /^synced acme \(acme-e2e001\)/m);
          noKeyIn(exit, [acme.adminKey, globex.adminKey, 'sk-admin-not-accepted-anywhere-000', 'sk-admin-nobody']);
          const s = await openStore(store);
          try {
            await assertOrganizationComplete(s, acme);
            assert.deepEqual(
              (await s.listOrganizations()).map((o) => o.id),
              ['acme-e2e001'],
            );
          } finally {
            await s.close();
          }
        } finally {
          globex.setFaults({});
        }
      });

      test('a server failing mid-sync: what it wrote stays, the other organization is complete, the next run completes it', async () => {
        const store = await newStore();
        const env = orgEnv({ acme: of(acme), globex: of(globex) });
        globex.resetRequests();
        globex.setFaults({ latencyMs: 40 });
        const run = runSync(env, ['--store', store, ...ARGS]);
        await until(() => globex.requests.length >= 6 || !run.running(), 120_000, 'globex half-way');
        globex.setFaults({ serverError: { count: 1_000_000 } });
        const exit = await run.done;
        globex.setFaults({});
        assert.equal(exit.code, 1, exit.stdout);
        assert.match(exit.stderr, /^sync: 1 of 2 organizations failed \(the others are synced\): globex: .*500/m);
        const partial = await openStore(store);
        try {
          await assertOrganizationComplete(partial, acme);
          const written = await partial.query(
            `SELECT count(*) AS n FROM coverage WHERE organization_id = ${sqlString(globex.organizationId)}`,
          );
          assert.ok(Number(written[0]?.['n']) > 0, 'the windows globex wrote before failing stay');
        } finally {
          await partial.close();
        }
        const again = await runSync(env, ['--store', store, ...ARGS]).done;
        assert.equal(again.code, 0, again.stderr);
        const s = await openStore(store);
        try {
          await assertOrganizationComplete(s, acme);
          await assertOrganizationComplete(s, globex);
          assert.equal(await duplicateRows(s), 0);
        } finally {
          await s.close();
        }
      });

      test('SIGKILL mid-sync with two organizations, then resume: exactly once per organization', async () => {
        const store = await newStore();
        const env = orgEnv({ acme: of(acme), globex: of(globex) });
        acme.setFaults({ latencyMs: 30 });
        globex.setFaults({ latencyMs: 30 });
        try {
          // Killed in acme's sync, then in globex's (after acme finished in the resumed run).
          for (const [emu, requests] of [
            [acme, 5],
            [globex, 5],
          ] as const) {
            emu.resetRequests();
            const run = runSync(env, ['--store', store, ...ARGS, '--concurrency', '1']);
            await until(() => emu.requests.length >= requests || !run.running(), 120_000, `${requests} requests`);
            run.kill();
            await run.done;
          }
          const last = await runSync(env, ['--store', store, ...ARGS]).done;
          assert.equal(last.code, 0, last.stderr);
        } finally {
          acme.setFaults({});
          globex.setFaults({});
        }
        const s = await openStore(store);
        try {
          await assertOrganizationComplete(s, acme);
          await assertOrganizationComplete(s, globex);
          assert.equal(await duplicateRows(s), 0);
        } finally {
          await s.close();
        }
      });

      test('--organizations picks some (case-insensitively); an unknown name stops before any request', async () => {
        const store = await newStore();
        const env = orgEnv({ acme: of(acme), globex: of(globex) });
        acme.resetRequests();
        globex.resetRequests();
        const bad = await runSync(env, ['--store', store, ...ARGS, '--organizations', 'acme,initech']).done;
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /^sync: invalid --organizations: initech \(configured: acme, globex\)$/m);
        assert.equal(acme.requests.length + globex.requests.length, 0, 'no request sent');
        const one = await runSync(env, ['--store', store, ...ARGS, '--organizations', 'GLOBEX']).done;
        assert.equal(one.code, 0, one.stderr);
        assert.equal(acme.requests.length, 0);
        const s = await openStore(store);
        try {
          assert.deepEqual(
            (await s.listOrganizations()).map((o) => o.name),
            ['globex'],
          );
          await assertOrganizationComplete(s, globex);
        } finally {
          await s.close();
        }
      });
    },
  );
}

describe('npm run sync: one organization behind two keys, and the demo', () => {
  const tmp = tempDir('sync-orgs-demo-');
  after(() => tmp.remove());

  test('two keys of one organization: a warning, synced once under the first name', async () => {
    const keys = ['sk-admin-first-key-0000000000000', 'sk-admin-second-key-000000000000'];
    const shared = await startEmulator({ now: () => NOW, seed: 11, organizationId: 'org-shared', adminKeys: keys });
    try {
      const store = path.join(tmp.dir, 'shared.duckdb');
      const env = orgEnv({
        Zeta: { key: keys[1] ?? '', url: shared.baseURL },
        beta: { key: keys[0] ?? '', url: shared.baseURL },
      });
      const exit = await runSync(env, ['--store', store, ...ARGS, '--endpoints', 'costs']).done;
      assert.equal(exit.code, 0, exit.stderr);
      assert.match(
        exit.stderr,
        /warning: organizations beta and Zeta are the same organization \(org-shared\): synced once, as beta/,
      );
      assert.equal((exit.stdout.match(/^synced /gm) ?? []).length, 1);
      noKeyIn(exit, keys);
      const s = await openStore(store);
      try {
        assert.deepEqual(
          (await s.listOrganizations()).map((o) => [o.id, o.name]),
          [['org-shared', 'beta']],
        );
      } finally {
        await s.close();
      }
    } finally {
      await shared.close();
    }
  });

  test('without a key the demo never writes into a store the user named; with --demo it does, both organizations', async () => {
    const named = path.join(tmp.dir, 'named.duckdb');
    const refused = await runSync({}, ['--store', named, '--since', '2d', '--endpoints', 'costs']).done;
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^sync: invalid --store: refusing to write the demo's synthetic organizations into DuckDB store named\.duckdb: no OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_<NAME> is set/m,
    );
    assert.equal(existsSync(named), false, 'the store was not even created');
    const fromEnv = await runSync({ USAGE_STORE_URL: named }, ['--since', '2d', '--endpoints', 'costs']).done;
    assert.equal(fromEnv.code, 1);
    assert.match(fromEnv.stderr, /invalid USAGE_STORE_URL: refusing/);
    const demo = await runSync({}, ['--store', named, '--demo', '--since', '2d', '--endpoints', 'costs']).done;
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stderr, /Demo mode \(--demo\): two emulated organizations \(acme, globex/);
    const s = await openStore(named);
    try {
      assert.deepEqual(
        (await s.listOrganizations()).map((o) => [o.id, o.name]),
        DEMO_ORGANIZATIONS.map((d) => [d.organizationId, d.name]),
      );
    } finally {
      await s.close();
    }
  });

  test("a store written before organizations: the demo's first sync labels its rows acme's, none left unlabelled", async () => {
    // A real schema-2 store written by main at d1718dc in demo mode (test/fixtures/store-v2/README.md).
    const file = path.join(tmp.dir, 'v2.duckdb');
    writeFileSync(
      file,
      gunzipSync(readFileSync(path.join(ROOT, 'test', 'fixtures', 'store-v2', 'main-d1718dc.duckdb.gz'))),
    );
    const v2 = await openStore(file);
    let old: number;
    try {
      old = Number((await v2.query("SELECT count(*) AS n FROM costs WHERE organization_id = ''"))[0]?.['n']);
      assert.ok(old > 0, 'the old rows are there, unlabelled');
    } finally {
      await v2.close();
    }
    const args = ['--store', file, '--demo', '--since', '3d', '--widths', '1d,1h:1d', '--now', '2026-11-20T12:00:00Z'];
    const exit = await runSync({}, [...args, '--quiet']).done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.doesNotMatch(exit.stderr, /written before organizations/, 'claimed, so no notice');
    const s = await openStore(file);
    try {
      const counts = await s.query(
        'SELECT organization_id, count(*) AS n FROM costs GROUP BY organization_id ORDER BY 1',
      );
      const acme = DEMO_ORGANIZATIONS[0]?.organizationId ?? '';
      const globex = DEMO_ORGANIZATIONS[1]?.organizationId ?? '';
      assert.deepEqual(
        counts.map((r) => String(r['organization_id'])),
        [acme, globex],
      );
      // The same seed, clock and range as the old sync: acme's rows are the old rows, relabelled, none doubled.
      assert.equal(Number(counts[0]?.['n']), old);
    } finally {
      await s.close();
    }
  });
});
