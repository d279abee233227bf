import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDbStore, enumOf } from '../../lib/store/duckdb-store';
import { readRange } from '../../lib/store/range-reads';
import type { Param, QueryColumns, Row, SqlDriver, StoreContext } from '../../lib/store/sql-driver';
import type { RangeQuery } from '../../lib/store/store';
import { contentOf, tempDir } from './helpers';

const DAY = 86_400;
const D0 = 1_735_689_600; // 2025-01-01
const DAYS = 100;

/** Text a DuckDB ENUM literal must carry unchanged: quotes, non-ASCII, inline (≤ 12 bytes) and longer strings. */
const PROJECTS = ["proj_o'brien", 'proj_"quoted"', 'proj_ü😀', 'p', 'proj_a-much-longer-identifier-than-twelve', null];
const LINE_ITEMS = ['gpt-4o-2024-08-06, input', 'gpt-4o, output', "it's, cached input", null];

function cost(
  project: string | null,
  lineItem: string | null,
  usd: number,
  unit: string | null,
): Record<string, unknown> {
  return {
    object: 'organization.costs.result',
    amount: { value: usd, currency: 'usd' },
    quantity: unit === null ? null : usd * 1000,
    quantity_unit: unit,
    project_id: project,
    line_item: lineItem,
  };
}

/** The day's results of one organization: every project and line item, amounts that differ per day and org. */
function dayResults(day: number, org: number): Record<string, unknown>[] {
  return PROJECTS.flatMap((p, i) =>
    LINE_ITEMS.map((li, j) => cost(p, li, (day + 1) * 10 + i + j / 8 + org / 64, j % 2 === 0 ? 'tokens' : null)),
  );
}

/**
 * The store's own statements through `query` only: what a driver without `repeatedText` (PostgreSQL) reads, and,
 * with `repeated`, a driver whose fast path is given and may fail.
 */
function plainContext(
  store: DuckDbStore,
  repeated?: (expr: string, values: readonly string[]) => string | undefined,
): StoreContext & { failed: number } {
  const unused = (): never => {
    throw new Error('not used by reads');
  };
  const state = { failed: 0 };
  const db: SqlDriver = {
    exec: unused,
    bulkInsert: unused,
    tableNames: unused,
    viewNames: unused,
    columnNames: unused,
    columnsByTable: unused,
    query: (sql: string, params?: readonly Param[]): Promise<Row[]> => store.query(sql, params),
    queryColumns: async (sql: string, params?: readonly Param[]): Promise<QueryColumns> => {
      const rows = await store.query(sql, params).catch((error: unknown) => {
        state.failed++;
        throw error;
      });
      const names = Object.keys(rows[0] ?? {});
      return { names, rowCount: rows.length, values: names.map((n) => rows.map((r) => r[n] ?? null)) };
    },
    ...(repeated === undefined ? {} : { repeatedText: repeated }),
  };
  return {
    db,
    location: store.location,
    transaction: (fn) => fn(),
    get failed() {
      return state.failed;
    },
  };
}

describe('range reads: text crosses over once per distinct value (DuckDB), the same buckets as read row by row', () => {
  const tmp = tempDir('range-reads-');
  let store: DuckDbStore;
  before(async () => {
    store = await DuckDbStore.open(path.join(tmp.dir, 'reads.duckdb'));
    // Long enough for the ENUM read (short ranges read their text as is).
    for (const [org, organizationId] of ['org-a', 'org-b'].entries()) {
      await store.writeWindow({
        organizationId,
        endpoint: 'costs',
        grouping: 'project_id,line_item',
        width: '1d',
        start: D0,
        end: D0 + DAYS * DAY,
        final: true,
        syncedAt: D0 + DAYS * DAY,
        buckets: Array.from({ length: DAYS }, (_, d) => ({
          object: 'bucket',
          start_time: D0 + d * DAY,
          end_time: D0 + (d + 1) * DAY,
          results: dayResults(d, org),
        })),
      });
    }
  });
  after(async () => {
    await store.close();
    tmp.remove();
  });

  const all = { start: D0, end: D0 + DAYS * DAY, width: '1d' as const };
  const queries: Record<string, RangeQuery> = {
    'one organization as stored': { ...all, groupBy: ['project_id', 'line_item'], organizations: ['org-a'] },
    'two organizations summed': { ...all, groupBy: ['project_id', 'line_item'] },
    'organizations apart': { ...all, groupBy: ['project_id', 'line_item', 'organization_id'] },
    'coarser than stored (units dropped)': { ...all, end: D0 + 95 * DAY, groupBy: ['project_id'] },
    'filtered by odd IDs': {
      ...all,
      start: D0 + DAY,
      groupBy: ['line_item'],
      where: { project_id: ["proj_o'brien", 'proj_ü😀'] },
    },
    'a short range (text read as is)': { ...all, end: D0 + 3 * DAY, groupBy: ['project_id', 'line_item'] },
  };
  for (const [name, query] of Object.entries(queries)) {
    test(`${name}: DuckDB's ENUM read, the plain read, a driver declining and a failed fast path agree`, async () => {
      const fast = await store.readRange('costs', query);
      const plain = await readRange(plainContext(store), 'costs', query);
      // DuckDB's own conversion through the same wrapper: it must run, not fall back.
      const enums = plainContext(store, enumOf);
      const throughEnums = await readRange(enums, 'costs', query);
      const declining = await readRange(
        plainContext(store, () => undefined),
        'costs',
        query,
      );
      const broken = plainContext(store, (expr) => `CAST(${expr} AS ENUM('not a stored value'))`);
      const fallback = await readRange(broken, 'costs', query);
      assert.ok(
        fast.some((b) => b.results.length > 0),
        'the read holds rows',
      );
      // Key order included: the buckets are what a notebook prints.
      assert.equal(JSON.stringify(fast), JSON.stringify(plain));
      assert.equal(JSON.stringify(throughEnums), JSON.stringify(plain));
      assert.equal(enums.failed, 0, 'the ENUM statement ran');
      assert.equal(JSON.stringify(declining), JSON.stringify(plain));
      assert.equal(JSON.stringify(fallback), JSON.stringify(plain));
      const short = (query.end - query.start) / DAY < 90;
      assert.equal(
        broken.failed,
        short ? 0 : 1,
        short ? 'no fast statement' : 'the fast statement failed once, then fell back',
      );
    });
  }

  test('one organization as stored reads back exactly what was written', async () => {
    const read = await store.readRange('costs', {
      ...all,
      groupBy: ['project_id', 'line_item'],
      organizations: ['org-a'],
    });
    const written = Array.from({ length: DAYS }, (_, d) => ({
      start_time: D0 + d * DAY,
      results: dayResults(d, 0).map((r) => ({ ...r, user_id: null, api_key_id: null, api_source: null })),
    }));
    assert.deepEqual(contentOf(read), contentOf(written));
  });
});
