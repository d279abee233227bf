// `conn.table` (issue 21): from a synced store, the tables built straight from the store's columns are the tables
// `usageTable` / `costTable` build from `conn.fetch`'s buckets, for every endpoint, one organization and two, DuckDB
// and PostgreSQL; from the API, the same as over `fetch` too.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { UsageQuery } from '../../lib/api/index';
import { ENDPOINTS, USAGE_ENDPOINT_NAMES, type WireBucket, type WireCostsResult } from '../../lib/catalogue/index';
import type { RunningEmulator } from '../../lib/emulator/index';
import { costTable, usageTable } from '../../lib/frames/index';
import { connectNotebook, type NotebookConnection } from '../../lib/notebook/index';
import { skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { startTwoOrganizations, syncTwoOrganizations, twoOrganizationsEnv } from '../helpers/two-organizations';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01 00:00 UTC
const SINCE = NOW - 4 * DAY;
const emulators: RunningEmulator[] = [];
let tmp: { dir: string; remove: () => void };
let file = '';

before(async () => {
  tmp = tempDir('conn-table-');
  file = path.join(tmp.dir, 'usage.duckdb');
  emulators.push(...(await startTwoOrganizations(NOW)));
  await syncTwoOrganizations(file, emulators, { now: NOW, since: SINCE, directory: false });
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  tmp?.remove();
});

/**
 * The queries read of an endpoint: every dimension synced, none, one, and a start inside the first day (widened).
 * Costs are synced by project, line item and API key (the notebooks' groupings), not by every dimension.
 */
function queriesOf(endpoint: (typeof USAGE_ENDPOINT_NAMES)[number] | 'costs'): UsageQuery[] {
  const range = { start_time: SINCE, end_time: NOW, bucket_width: '1d' as const };
  const dims = endpoint === 'costs' ? ['project_id', 'line_item', 'api_key_id'] : ENDPOINTS[endpoint].groupBy;
  const by = (groupBy: readonly string[]): UsageQuery =>
    groupBy.length === 0 ? range : { ...range, group_by: [...groupBy] };
  return [by(dims), range, by(dims.slice(1, 2)), { ...by(dims.slice(0, 1)), start_time: SINCE + 5 * 3600 }];
}

async function open(options: { store?: string; organizations: readonly string[] | null; source?: string }) {
  const notices: string[] = [];
  const conn = await connectNotebook({
    source: options.source ?? 'store',
    ...(options.store === undefined ? {} : { store: options.store }),
    organizations: options.organizations,
    env:
      options.source === 'api'
        ? { ...twoOrganizationsEnv(emulators), USAGE_NOW: String(NOW) }
        : { OPENAI_ADMIN_KEY: 'sk-admin-unused', OPENAI_BASE_URL: 'http://127.0.0.1:9' },
    dotenvPath: path.join(tmp.dir, 'no.env'),
    writer: { publish: (b) => notices.push(JSON.stringify(b)) },
  });
  return { conn, notices };
}

/** Every endpoint's table of every query equals the one built over `fetch`'s buckets; returns the rows compared. */
async function sameTables(conn: NotebookConnection, organizations: number): Promise<number> {
  let rows = 0;
  for (const endpoint of USAGE_ENDPOINT_NAMES)
    for (const query of queriesOf(endpoint)) {
      const table = await conn.table(endpoint, query);
      assert.deepStrictEqual(
        table,
        usageTable(endpoint, await conn.fetch(endpoint, query)),
        `${endpoint} ${JSON.stringify(query)}`,
      );
      assert.equal(
        table.organizations?.id.values.length,
        organizations > 1 && table.length > 0 ? organizations : undefined,
      );
      rows += table.length;
    }
  const costs = queriesOf('costs');
  for (const query of costs) {
    const table = await conn.table('costs', query);
    assert.deepStrictEqual(table, costTable(await conn.fetch('costs', query)), `costs ${JSON.stringify(query)}`);
    rows += table.length;
  }
  // Several queries: their rows one after the other, as the buckets of each in turn.
  const buckets: WireBucket<WireCostsResult>[] = [];
  for (const query of costs.slice(0, 3)) buckets.push(...(await conn.fetch('costs', query)));
  assert.deepStrictEqual(await conn.table('costs', costs.slice(0, 3)), costTable(buckets));
  const [first, second] = queriesOf('completions');
  assert.ok(first && second);
  assert.deepStrictEqual(
    await conn.table('completions', [first, second]),
    usageTable('completions', [
      ...(await conn.fetch('completions', first)),
      ...(await conn.fetch('completions', second)),
    ]),
  );
  return rows;
}

for (const organizations of [['acme'], null] as const) {
  const count = organizations === null ? 2 : 1;
  test(`DuckDB store, ${count} organization(s): conn.table equals the tables over conn.fetch`, async () => {
    const { conn } = await open({ store: file, organizations });
    try {
      assert.ok((await sameTables(conn, count)) > 1000, 'the store holds rows to compare');
    } finally {
      await conn.close();
    }
  });
}

test('API source, two organizations: conn.table equals the tables over conn.fetch', async () => {
  const { conn } = await open({ source: 'api', organizations: null });
  try {
    const [query] = queriesOf('completions');
    assert.ok(query);
    const table = await conn.table('completions', query);
    assert.deepStrictEqual(table, usageTable('completions', await conn.fetch('completions', query)));
    assert.equal(table.organizations?.id.values.join(','), 'org-acme-test,org-globex-test');
    const costs = queriesOf('costs').slice(0, 2);
    const buckets: WireBucket<WireCostsResult>[] = [];
    for (const q of costs) buckets.push(...(await conn.fetch('costs', q)));
    assert.deepStrictEqual(await conn.table('costs', costs), costTable(buckets));
  } finally {
    await conn.close();
  }
});

describe('PostgreSQL store', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
    await syncTwoOrganizations(pg.url, emulators, { now: NOW, since: SINCE, directory: false });
  });
  after(() => pg.stop());

  for (const organizations of [['globex'], null] as const) {
    const count = organizations === null ? 2 : 1;
    test(`${count} organization(s): conn.table equals the tables over conn.fetch`, async () => {
      const { conn } = await open({ store: pg.url, organizations });
      try {
        assert.ok((await sameTables(conn, count)) > 1000);
      } finally {
        await conn.close();
      }
    });
  }
});
