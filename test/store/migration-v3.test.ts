// Schema 2 -> 3 on a real store written by main at d1718dc (test/fixtures/store-v2): every row kept, labelled ''
// until the organization the old code synced (the demo's "acme" here) claims them on its first sync.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore } from '../../lib/store/open-store';
import { UNLABELLED_ORGANIZATION_NAME, type UsageStore } from '../../lib/store/store';
import { claimsUnlabelledRows, syncStore } from '../../lib/store/sync';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { rawBuckets, tempDir } from './helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'store-v2', 'main-d1718dc.duckdb.gz');
/** The fixture's `--now` and `--since 3d --widths 1d,1h:1d` (see its README). */
const FIXTURE_NOW = Date.UTC(2026, 10, 20, 12) / 1000;
const SINCE = FIXTURE_NOW - 3 * 86_400;
const TIERS = [
  { width: '1d', maxAgeSeconds: null },
  { width: '1h', maxAgeSeconds: 86_400 },
] as const;

type Rows = Record<string, string[]>;

/** A JSON cell as text (DuckDB's JSON rows give names as strings). */
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every row of every base table of a DuckDB file, as sorted JSON per table (read without this project's code). */
async function rawDuckRows(file: string): Promise<Rows> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    const tables = (
      await conn.runAndReadAll(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
      )
    )
      .getRowObjectsJson()
      .map((r) => text(r['table_name']));
    const out: Rows = {};
    for (const t of tables) {
      const rows = (await conn.runAndReadAll(`SELECT * FROM "${t}"`)).getRowObjectsJson();
      out[t] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A table's rows through the store, only the given (version-2) columns, as JSON in DuckDB's JSON spelling. */
async function storeRows(store: UsageStore, table: string, columns: readonly string[]): Promise<string[]> {
  const rows = await store.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`);
  return rows
    .map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of columns) {
        const v = r[c];
        // DuckDB's JSON rows give BIGINT as text and FLOAT8 as numbers; PostgreSQL as numbers (parsed here).
        o[c] = typeof v === 'number' && Number.isInteger(v) && /time|_at$|version/.test(c) ? String(v) : v;
      }
      return JSON.stringify(o);
    })
    .sort();
}

function columnsOf(row: string | undefined): string[] {
  return row === undefined ? [] : Object.keys(JSON.parse(row) as Record<string, unknown>);
}

/** Daily cost per day from the store (all organizations summed), and per organization. */
async function dailyCosts(store: UsageStore): Promise<Map<string, number>> {
  const rows = await store.query(
    "SELECT organization_id, start_time, sum(amount_value) AS v FROM costs WHERE bucket_width = '1d' AND group_by = 'project_id,line_item,api_source' GROUP BY organization_id, start_time ORDER BY 1, 2",
  );
  return new Map(rows.map((r) => [`${String(r['organization_id'])}@${String(r['start_time'])}`, Number(r['v'])]));
}

async function assertMigratedAsIs(store: UsageStore, old: Rows): Promise<void> {
  assert.equal(await store.schemaVersion(), 3);
  for (const [table, rows] of Object.entries(old)) {
    if (table === 'schema_version') continue;
    const columns = columnsOf(rows[0]);
    if (columns.length === 0) continue;
    assert.deepEqual(await storeRows(store, table, columns), rows, `${table}: every row kept as it was`);
    const labelled = await store.query(`SELECT count(*) AS n FROM "${table}" WHERE organization_id <> ''`);
    assert.equal(Number(labelled[0]?.['n']), 0, `${table}: no row relabelled`);
    const nulls = await store.query(`SELECT count(*) AS n FROM "${table}" WHERE organization_id IS NULL`);
    assert.equal(Number(nulls[0]?.['n']), 0, `${table}: every row labelled ''`);
  }
  // Readers show them as the organization '' with its name.
  const names = await store.query('SELECT DISTINCT organization_id, organization FROM costs_daily');
  assert.deepEqual(names, [{ organization_id: '', organization: UNLABELLED_ORGANIZATION_NAME }]);
  const byOrg = await store.readRange('costs', {
    start: Math.floor(SINCE / 86_400) * 86_400,
    end: FIXTURE_NOW,
    width: '1d',
    groupBy: ['organization_id', 'project_id'],
  });
  assert.ok(byOrg.some((b) => b.results.length > 0));
  for (const b of byOrg) for (const r of b.results) assert.equal(r['organization_id'], '');
}

describe('schema 2 -> 3 migration of a store written by main at d1718dc', () => {
  const tmp = tempDir('store-v3-');
  let acme: RunningEmulator;
  let globex: RunningEmulator;
  let old: Rows;
  let oldFile: string;
  before(async () => {
    oldFile = path.join(tmp.dir, 'fixture.duckdb');
    writeFileSync(oldFile, gunzipSync(readFileSync(FIXTURE)));
    old = await rawDuckRows(oldFile);
    acme = await startEmulator({ now: () => FIXTURE_NOW, seed: 42 });
    globex = await startEmulator({ now: () => FIXTURE_NOW, seed: 4250, dataset: { projects: 4, scale: 0.4 } });
  });
  after(async () => {
    await acme.close();
    await globex.close();
    tmp.remove();
  });

  test('the fixture is a version-2 store with data', () => {
    assert.deepEqual(
      old['schema_version']?.map((r) => (JSON.parse(r) as Record<string, unknown>)['version']),
      ['2'],
    );
    assert.ok((old['costs']?.length ?? 0) > 50, 'costs rows');
    assert.ok((old['usage_completions']?.length ?? 0) > 500, 'completions rows');
    assert.ok((old['directory']?.length ?? 0) > 10, 'directory rows');
  });

  for (const kind of ['duckdb', 'postgres'] as const) {
    test(
      `${kind}: every row kept and unlabelled; another organization leaves them (one notice); acme claims them`,
      { skip: kind === 'postgres' ? skipWithoutPostgres() : false },
      async () => {
        let pg: TestPostgres | undefined;
        let location: string;
        if (kind === 'duckdb') {
          location = path.join(tmp.dir, 'copy.duckdb');
          writeFileSync(location, readFileSync(oldFile));
        } else {
          pg = await startTestPostgres();
          location = await createDatabase(pg.url, 'v2_store');
          await copyToPostgres(oldFile, location);
        }
        const clients: UsageClient[] = [];
        const clientOf = (emu: RunningEmulator): UsageClient => {
          const c = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => FIXTURE_NOW * 1000 });
          clients.push(c);
          return c;
        };
        try {
          const store = await openStore(location);
          try {
            await assertMigratedAsIs(store, old);
            const before = await dailyCosts(store);
            // Another organization syncs first: the unlabelled rows stay as they are, said once.
            const notices: string[] = [];
            const other = { id: 'org-globex-test', name: 'globex', idSource: 'header' as const };
            await syncStore({
              client: clientOf(globex),
              store,
              organization: other,
              claimsUnlabelled: claimsUnlabelledRows('globex', 'demo'),
              onNotice: (m) => notices.push(m),
              now: FIXTURE_NOW,
              since: SINCE,
              tiers: TIERS,
              endpoints: ['costs', 'completions'],
            });
            assert.equal(notices.length, 1, notices.join('\n'));
            assert.match(notices[0] ?? '', /written before organizations/);
            for (const [table, rows] of Object.entries(old)) {
              if (table === 'schema_version' || rows.length === 0) continue;
              const n = await store.query(`SELECT count(*) AS n FROM "${table}" WHERE organization_id = ''`);
              assert.equal(Number(n[0]?.['n']), rows.length, `${table}: unlabelled rows untouched`);
            }
            // The organization the old code synced (the demo's acme) claims them, then syncs on top.
            const acmeId = 'org-acme-test';
            const claimNotices: string[] = [];
            const report = await syncStore({
              client: clientOf(acme),
              store,
              organization: { id: acmeId, name: 'acme', idSource: 'header' },
              claimsUnlabelled: claimsUnlabelledRows('acme', 'demo'),
              onNotice: (m) => claimNotices.push(m),
              now: FIXTURE_NOW,
              since: SINCE,
              tiers: TIERS,
            });
            assert.deepEqual(claimNotices, []);
            // Only the trailing windows were fetched again: the final ones were claimed, not re-read.
            assert.ok(report.windows > 0 && report.windows < 35, `windows: ${report.windows}`);
            assert.equal(await store.hasUnlabelledRows(), false);
            for (const table of Object.keys(old)) {
              if (table === 'schema_version' || table === 'alert_events' || table === 'alert_deliveries') continue;
              const n = await store.query(`SELECT count(*) AS n FROM "${table}" WHERE organization_id = ''`);
              assert.equal(Number(n[0]?.['n']), 0, `${table}: claimed`);
            }
            const after = await dailyCosts(store);
            // Claimed days keep their figures (final ones were not re-read), under acme's ID.
            for (const [key, value] of before) {
              const day = key.split('@')[1] ?? '';
              if (Number(day) + 86_400 > FIXTURE_NOW - 3 * 86_400) continue;
              assert.equal(after.get(`${acmeId}@${day}`), value, `day ${day}`);
            }
            // acme's totals are its own API's, globex's its own (fetched raw).
            for (const [emu, id] of [
              [acme, acmeId],
              [globex, other.id],
            ] as const) {
              const raw = await rawBuckets(emu, 'costs', Math.floor(SINCE / 86_400) * 86_400, FIXTURE_NOW, '1d', [
                'project_id',
                'line_item',
                'api_source',
              ]);
              for (const b of raw) {
                const want = b.results.reduce((s, r) => s + Number((r['amount'] as { value: number }).value), 0);
                const got = after.get(`${id}@${b.start_time}`) ?? 0;
                assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `${id} ${b.start_time}: ${got} vs ${want}`);
              }
            }
            assert.deepEqual(
              (await store.listOrganizations()).map((o) => [o.id, o.name]),
              [
                [acmeId, 'acme'],
                [other.id, 'globex'],
              ],
            );
          } finally {
            await store.close();
          }
        } finally {
          for (const c of clients) c.close();
          pg?.stop();
        }
      },
    );
  }
});

/** A version-2 PostgreSQL store: the fixture's tables created with their version-2 columns, rows copied as is. */
async function copyToPostgres(file: string, url: string): Promise<void> {
  const duck = await readFixtureTables(file);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const { table, columns, rows } of duck) {
      await client.query(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
      for (const r of rows) {
        const marks = columns.map((_, i) => `$${i + 1}`).join(', ');
        await client.query(
          `INSERT INTO "${table}" VALUES (${marks})`,
          columns.map((c) => r[c.name] ?? null),
        );
      }
    }
  } finally {
    await client.end();
  }
}

/** The fixture's tables (name, version-2 columns with PostgreSQL types, rows), read with DuckDB alone. */
async function readFixtureTables(
  file: string,
): Promise<
  Array<{ table: string; columns: Array<{ name: string; type: string }>; rows: Array<Record<string, unknown>> }>
> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const types: Record<string, string> = { BIGINT: 'BIGINT', DOUBLE: 'FLOAT8', VARCHAR: 'TEXT', BOOLEAN: 'BOOLEAN' };
  try {
    const cols = (
      await conn.runAndReadAll(
        "SELECT table_name, column_name, data_type FROM information_schema.columns c WHERE table_schema = 'main' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position",
      )
    ).getRowObjectsJson();
    const out: Array<{
      table: string;
      columns: Array<{ name: string; type: string }>;
      rows: Array<Record<string, unknown>>;
    }> = [];
    for (const c of cols) {
      const table = text(c['table_name']);
      let entry = out.find((e) => e.table === table);
      if (entry === undefined) {
        entry = { table, columns: [], rows: [] };
        out.push(entry);
      }
      entry.columns.push({ name: text(c['column_name']), type: types[text(c['data_type'])] ?? 'TEXT' });
    }
    for (const e of out) e.rows = (await conn.runAndReadAll(`SELECT * FROM "${e.table}"`)).getRowObjectsJson();
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
