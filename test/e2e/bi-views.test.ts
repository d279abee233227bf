import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import type { EndpointName } from '../../lib/api/endpoints';
import type { BucketWidth } from '../../lib/api/wire';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore } from '../../lib/store/open-store';
import type { UsageStore } from '../../lib/store/store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { DAY, NOW, floorTo, rawBuckets, runSync, tempDir } from '../store/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SINCE_DAYS = 60;
const FIRST_DAY = floorTo(NOW - SINCE_DAYS * DAY, '1d');

/** The ```sql blocks of docs/sql.md, verbatim, in order. */
function docQueries(): string[] {
  const text = readFileSync(path.join(ROOT, 'docs', 'sql.md'), 'utf8');
  return [...text.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** A timestamp cell as Unix seconds: DuckDB gives `2025-02-10 00:00:00+00`, node-postgres a Date. */
function epochOf(v: unknown): number {
  if (v instanceof Date) return v.getTime() / 1000;
  const iso = String(v)
    .replace(' ', 'T')
    .replace(/([+-]\d\d)$/, '$1:00');
  const ms = Date.parse(iso);
  assert.ok(Number.isFinite(ms), `a timestamp: ${String(v)}`);
  return ms / 1000;
}

const num = (v: unknown): number => (v === null ? 0 : Number(v));

/** Sums a metric of raw API buckets per key (built from each bucket's start and result). */
async function rawSums(
  emu: RunningEmulator,
  endpoint: EndpointName,
  groupBy: readonly string[],
  key: (start: number, r: Record<string, unknown>) => string,
  value: (r: Record<string, unknown>) => number,
  width: BucketWidth = '1d',
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const b of await rawBuckets(emu, endpoint, FIRST_DAY, NOW, width, groupBy)) {
    for (const r of b.results) out.set(key(b.start_time, r), (out.get(key(b.start_time, r)) ?? 0) + value(r));
  }
  return out;
}

function assertSumsEqual(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same keys`);
  for (const [k, v] of expected) {
    const got = actual.get(k) ?? NaN;
    assert.ok(Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${what} ${k}: ${got} vs ${v}`);
  }
}

/** Runs the documented queries on a store and checks each against the API's own sums. */
async function checkDocQueries(store: UsageStore, emu: RunningEmulator): Promise<void> {
  const [perProjectDay, perLineItem, perModelDay] = docQueries();
  assert.ok(perProjectDay !== undefined && perLineItem !== undefined && perModelDay !== undefined, 'three queries');
  const amount = (r: Record<string, unknown>): number => {
    const a = r['amount'];
    return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
  };

  const rows1 = await store.query(perProjectDay);
  const days = new Set(rows1.map((r) => epochOf(r['day'])));
  assert.equal(Math.min(...days), FIRST_DAY, 'from the first synced day');
  assert.equal(days.size, SINCE_DAYS + 1, 'every day of the range, the open one included');
  assertSumsEqual(
    new Map(rows1.map((r) => [`${epochOf(r['day'])} ${String(r['project_id'])}`, num(r['usd'])])),
    await rawSums(emu, 'costs', ['project_id'], (s, r) => `${s} ${String(r['project_id'])}`, amount),
    'spend per project and day',
  );
  assert.ok(
    rows1.some((r) => typeof r['project_name'] === 'string' && r['project_name'] !== ''),
    'projects named from the stored directory',
  );

  const rows2 = await store.query(perLineItem);
  assertSumsEqual(
    new Map(rows2.map((r) => [String(r['line_item']), num(r['usd'])])),
    await rawSums(emu, 'costs', ['line_item'], (_, r) => String(r['line_item']), amount),
    'spend per line item',
  );

  const rows3 = await store.query(perModelDay);
  // One figure per model and day that changes if any of the three sums is wrong.
  const figure = (input: unknown, output: unknown, requests: unknown): number =>
    num(input) + 1e3 * num(output) + 1e9 * num(requests);
  assertSumsEqual(
    new Map(
      rows3.map((r) => [
        `${epochOf(r['day'])} ${String(r['model'])}`,
        figure(r['input_tokens'], r['output_tokens'], r['requests']),
      ]),
    ),
    await rawSums(
      emu,
      'completions',
      ['model'],
      (s, r) => `${s} ${String(r['model'])}`,
      (r) => figure(r['input_tokens'], r['output_tokens'], r['num_model_requests']),
    ),
    'tokens per model and day',
  );
}

/** What notebooks with `source: "sync"` add: coarser groupings over the last ten days (the views must not double). */
async function addNotebookGroupings(location: string, emu: RunningEmulator): Promise<void> {
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  const store = await openStore(location);
  try {
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: NOW,
      since: NOW - 10 * DAY,
      endpoints: ['costs', 'completions'],
      groupings: { costs: ['project_id'], completions: ['model'] },
    });
    const doubled = await store.query(
      "SELECT count(DISTINCT group_by) AS n FROM costs WHERE bucket_width = '1d' AND start_time = $1",
      [floorTo(NOW - 2 * DAY, '1d')],
    );
    assert.equal(Number(doubled[0]?.['n']), 2, 'the table now holds one day under two groupings');
  } finally {
    await store.close();
    client.close();
  }
}

describe('BI views: the documented SQL on a store filled by npm run sync alone', () => {
  let emu: RunningEmulator;
  const tmp = tempDir('bi-views-');
  const syncArgs = (store: string): string[] => [
    '--store',
    store,
    '--now',
    String(NOW),
    '--since',
    `${SINCE_DAYS}d`,
    '--endpoints',
    'completions,costs',
  ];
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 } });
  });
  after(async () => {
    await emu.close();
    tmp.remove();
  });

  const fill = async (location: string): Promise<void> => {
    const run = await runSync(emu, syncArgs(location)).done;
    assert.equal(run.code, 0, run.stderr);
  };
  const check = async (location: string): Promise<void> => {
    const store = await openStore(location);
    try {
      await checkDocQueries(store, emu);
    } finally {
      await store.close();
    }
  };

  test('DuckDB: right after the sync, and still right once notebooks stored coarser groupings', async () => {
    const file = path.join(tmp.dir, 'usage.duckdb');
    await fill(file);
    await check(file);
    await addNotebookGroupings(file, emu);
    await check(file);
  });

  describe('PostgreSQL', { skip: skipWithoutPostgres() }, () => {
    let pg: TestPostgres;
    before(async () => {
      pg = await startTestPostgres();
    });
    after(() => pg.stop());

    test('the same queries, verbatim, give the API sums', async () => {
      const url = await createDatabase(pg.url, 'bi_views');
      await fill(url);
      await check(url);
      await addNotebookGroupings(url, emu);
      await check(url);
    });
  });
});
