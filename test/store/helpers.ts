import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ENDPOINTS, type EndpointName } from '../../lib/api/endpoints';
import { WIDTH_SECONDS } from '../../lib/api/plan-windows';
import type { BucketWidth } from '../../lib/api/wire';
import type { RunningEmulator } from '../../lib/emulator/index';
import { syncGroupings } from '../../lib/store/plan-sync';
import type { UsageStore } from '../../lib/store/store';
import { allTableSchemas, cellText, groupingKey, tableSchema } from '../../lib/store/table-schema';
import { getAllBuckets, num, type Bucket } from '../emulator/helpers';

const ROOT = path.resolve(__dirname, '..', '..');

/** "Now" of the emulator in store tests (Unix seconds, not minute-aligned). */
export const NOW = 1_739_208_663;
export const DAY = 86_400;

export { tempDir } from '../../tools/temp-dir';

/** Whether another process can open the DuckDB `file` now (it must not while any store here has it open). */
export function otherProcessOpensDuckDb(file: string): boolean {
  const api = path.join(ROOT, 'node_modules', '@duckdb', 'node-api');
  const code = `require(${JSON.stringify(api)}).DuckDBInstance.create(${JSON.stringify(file)}).then((i) => { i.closeSync(); process.exit(0); }, () => process.exit(3));`;
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' }).status === 0;
}

/** Every bucket of [start, end) straight from the emulator with plain fetch: the ground truth. */
export async function rawBuckets(
  emu: RunningEmulator,
  endpoint: EndpointName,
  start: number,
  end: number,
  width: BucketWidth,
  groupBy: readonly string[],
): Promise<Bucket[]> {
  const spec = ENDPOINTS[endpoint];
  const max = spec.limits[width]?.max ?? 1;
  const groups = groupBy.map((g) => `&group_by[]=${g}`).join('');
  return getAllBuckets(
    emu.baseURL,
    `${spec.path}?start_time=${start}&end_time=${end}&bucket_width=${width}&limit=${max}${groups}`,
    emu.adminKey,
  );
}

/** A result as sorted-key JSON, so results compare regardless of key and row order. */
export function canonical(result: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;
  return JSON.stringify(sorted(result));
}

/** Buckets as {start: sorted canonical results}: the comparable content of a range. */
export function contentOf(
  buckets: ReadonlyArray<{ start_time: number; results: ReadonlyArray<Record<string, unknown>> }>,
): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const b of buckets) out[b.start_time] = b.results.map(canonical).sort();
  return out;
}

/** Rows of a store table sharing a key (organization, start, width, grouping, every dimension) with another row. */
export async function duplicateKeys(store: UsageStore, endpoint: EndpointName): Promise<number> {
  const schema = tableSchema(ENDPOINTS[endpoint]);
  const key = ['organization_id', 'start_time', 'bucket_width', 'group_by', ...schema.dims.map((d) => d.name)]
    .map((n) => `"${n}"`)
    .join(', ');
  const rows = await store.query(
    `SELECT count(*) AS n FROM (SELECT ${key}, count(*) AS c FROM "${schema.table}" GROUP BY ${key} HAVING count(*) > 1) d`,
  );
  return Number(rows[0]?.['n']);
}

/** Aligns down to the width's UTC grid. */
export function floorTo(t: number, width: BucketWidth): number {
  const s = WIDTH_SECONDS[width];
  return Math.floor(t / s) * s;
}

/** The rows of one data table (or of one grouping, width and range of it) as sorted text. */
async function tableRows(
  store: UsageStore,
  endpoint: EndpointName,
  span?: { grouping: string; width: string; start: number; end: number },
): Promise<string[]> {
  const schema = tableSchema(ENDPOINTS[endpoint]);
  const rows =
    span === undefined
      ? await store.query(`SELECT * FROM "${schema.table}"`)
      : await store.query(
          `SELECT * FROM "${schema.table}" WHERE group_by = $1 AND bucket_width = $2 AND start_time >= $3 AND start_time < $4`,
          [span.grouping, span.width, span.start, span.end],
        );
  return rows.map((r) => `${endpoint} ${JSON.stringify(schema.columns.map((c) => r[c.name] ?? null))}`).sort();
}

/**
 * What the default width tiers hold after a sync of [since, now) (a range of at most 30 days): 1d and 1h over it,
 * 1m over the last day, each from the grid line at or before its start, up to now (the open bucket included).
 */
export function defaultTierRanges(
  since: number,
  now: number,
): Record<'1d' | '1h' | '1m', { start: number; end: number }> {
  return {
    '1d': { start: floorTo(since, '1d'), end: now },
    '1h': { start: floorTo(since, '1h'), end: now },
    '1m': { start: floorTo(Math.max(since, now - DAY), '1m'), end: now },
  };
}

/** Every row of every data table, sorted, as text: two stores with equal dumps hold the same data. */
export async function dumpTables(store: UsageStore, endpoints: readonly EndpointName[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of endpoints) out.push(...(await tableRows(store, e)));
  return out.sort();
}

/** Row count and sum of every value column per table, width and grouping: the aggregates a BI tool would show. */
export type Aggregate = Record<string, string | number | null>;

/** The store's aggregates (SQL), sums to 12 significant digits (summation order may change the last bits). */
export async function aggregates(store: UsageStore): Promise<Aggregate[]> {
  const out: Aggregate[] = [];
  for (const t of allTableSchemas()) {
    const sums = t.values.map((v) => `sum("${v.name}") AS "${v.name}"`).join(', ');
    const rows = await store.query(
      `SELECT bucket_width, group_by, count(*) AS n, ${sums} FROM "${t.table}" GROUP BY bucket_width, group_by ORDER BY bucket_width, group_by`,
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

/**
 * The same aggregates from the emulator's raw JSON (plain fetch, summed in a loop), for each endpoint over the
 * given range per width, fetched with the groupings sync stores (`syncGroupings`).
 */
export async function rawAggregates(
  emu: RunningEmulator,
  endpoints: readonly EndpointName[],
  ranges: Partial<Record<BucketWidth, { start: number; end: number }>>,
): Promise<Aggregate[]> {
  const out: Aggregate[] = [];
  for (const e of endpoints) {
    const spec = ENDPOINTS[e];
    for (const width of spec.bucketWidths) {
      const range = ranges[width];
      if (range === undefined) continue;
      // Every grouping the sync stores (costs: also by API key from the API's cut-off on).
      for (const plan of syncGroupings(e, range.start, range.end)) {
        const groupBy = plan.groupBy;
        const start = Math.max(range.start, floorTo(plan.since, width));
        const buckets = await rawBuckets(emu, e, start, range.end, width, groupBy);
        const row: Aggregate = {
          table: tableSchema(spec).table,
          bucket_width: width,
          group_by: groupingKey(spec, groupBy),
        };
        let n = 0;
        const sums: Record<string, number> = {};
        for (const b of buckets)
          for (const r of b.results) {
            n++;
            for (const m of spec.metrics) {
              // Money is {value, currency} on the wire, `<metric>_value` in the store.
              const money = spec.metricKinds[m] === 'money';
              const raw = r[m];
              const value = money
                ? typeof raw === 'object' && raw !== null
                  ? num({ ...raw }, 'value')
                  : 0
                : num(r, m);
              const col = money ? `${m}_value` : m;
              sums[col] = (sums[col] ?? 0) + value;
            }
          }
        row['n'] = n;
        Object.assign(row, sums);
        // SQL's GROUP BY has no empty groups: nothing sent, no aggregate.
        if (n > 0) out.push(row);
      }
    }
  }
  return out;
}

/** Aggregates agree: the same tables, widths and groupings, equal counts, sums within 1e-9 (null counts as 0). */
export function assertAggregatesClose(actual: readonly Aggregate[], expected: readonly Aggregate[]): void {
  const key = (a: Aggregate): string => `${a['table']} ${a['bucket_width']} ${a['group_by']}`;
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort());
  for (const want of expected) {
    const got = actual.find((a) => key(a) === key(want)) ?? {};
    for (const [col, v] of Object.entries(want)) {
      if (typeof v !== 'number') continue;
      const g = Number(got[col] ?? 0);
      assert.ok(Math.abs(g - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${key(want)} ${col}: ${g}, expected ${v}`);
    }
  }
}

export interface CoverageRow {
  endpoint: EndpointName;
  group_by: string;
  bucket_width: BucketWidth;
  start_time: number;
  end_time: number;
  final: boolean;
}

/** The coverage table without its sync times, in a fixed order. */
export async function coverageRows(store: UsageStore): Promise<CoverageRow[]> {
  const rows = await store.query(
    'SELECT endpoint, group_by, bucket_width, start_time, end_time, final FROM coverage ORDER BY endpoint, group_by, bucket_width, start_time',
  );
  return rows.map((r) => ({
    endpoint: String(r['endpoint']) as EndpointName,
    group_by: String(r['group_by']),
    bucket_width: String(r['bucket_width']) as BucketWidth,
    start_time: Number(r['start_time']),
    end_time: Number(r['end_time']),
    final: r['final'] === true,
  }));
}

/**
 * What a killed sync left is whole: every covered interval holds exactly the reference's rows there, with the
 * reference's finality, nothing final within the default re-read window before `now` (usage 48 h, costs 3 days),
 * and no row outside the coverage: no half-written window is marked covered. Returns how many rows it holds.
 */
export async function assertOnlyWholeWindows(
  partial: UsageStore,
  reference: UsageStore,
  endpoints: readonly EndpointName[],
  now: number,
): Promise<number> {
  const known = await coverageRows(reference);
  let inside = 0;
  for (const c of await coverageRows(partial)) {
    const trailing = c.endpoint === 'costs' ? 3 * DAY : 2 * DAY;
    assert.ok(!c.final || c.end_time <= now - trailing, `final coverage ${JSON.stringify(c)} ends before the re-read`);
    assert.ok(
      known.some(
        (r) =>
          r.endpoint === c.endpoint &&
          r.group_by === c.group_by &&
          r.bucket_width === c.bucket_width &&
          r.start_time <= c.start_time &&
          c.end_time <= r.end_time &&
          r.final === c.final,
      ),
      `coverage ${JSON.stringify(c)} lies within the uninterrupted sync's, with its finality`,
    );
    const span = { grouping: c.group_by, width: c.bucket_width, start: c.start_time, end: c.end_time };
    const rows = await tableRows(partial, c.endpoint, span);
    assert.deepEqual(rows, await tableRows(reference, c.endpoint, span), `rows of ${JSON.stringify(c)}`);
    inside += rows.length;
  }
  assert.equal((await dumpTables(partial, endpoints)).length, inside, 'no stored row outside the recorded coverage');
  return inside;
}

/** A resumed store equals the uninterrupted one: rows, aggregates and coverage; no key twice. */
export async function assertSameStore(
  resumed: UsageStore,
  reference: UsageStore,
  endpoints: readonly EndpointName[],
): Promise<void> {
  assert.deepEqual(await dumpTables(resumed, endpoints), await dumpTables(reference, endpoints));
  assert.deepEqual(await aggregates(resumed), await aggregates(reference));
  for (const e of endpoints) assert.equal(await duplicateKeys(resumed, e), 0, `duplicate keys in ${e}`);
  assert.deepEqual(await coverageRows(resumed), await coverageRows(reference));
}

export interface ScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ScriptRun {
  child: ChildProcess;
  done: Promise<ScriptExit>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
}

/** `scripts/<script>` (`npm run sync`, `npm run dashboard`…) as a child process against the emulator (the admin key only in its environment). */
export function runScript(script: string, emu: RunningEmulator, args: readonly string[]): ScriptRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
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
  const done = new Promise<ScriptExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** The endpoints the SIGKILL-and-resume tests sync (DuckDB and PostgreSQL alike). */
export const KILL_TEST_ENDPOINTS = ['completions', 'embeddings', 'costs'] as const;

/** The `npm run sync` arguments of those tests: 10 days up to NOW, one window at a time (so a kill lands mid-way). */
export function killTestArgs(store: string, endpoints: readonly string[] = KILL_TEST_ENDPOINTS): string[] {
  return [
    '--store',
    store,
    '--now',
    String(NOW),
    '--since',
    '10d',
    '--endpoints',
    endpoints.join(','),
    '--concurrency',
    '1',
  ];
}

/** `npm run sync -- ARGS` as a child process against the emulator. */
export function runSync(emu: RunningEmulator, args: readonly string[]): ScriptRun {
  return runScript('sync.ts', emu, args);
}

/** Polls `condition` every 20 ms; fails after `ms`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
