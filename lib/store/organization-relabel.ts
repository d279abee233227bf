// Relabelling a stand-in: rows stored under `name:<NAME>` (no ID known then) move to the organization's real ID.
import { ENDPOINTS, WIDTH_SECONDS, type BucketWidth, type EndpointName } from '../catalogue/index';
import { addCoverage, type CoverageInterval } from './coverage';
import { COVERAGE_COLUMNS } from './migrations';
import { organizationTables } from './organization-tables';
import { insertRows, num, q, type Param, type Row, type StoreContext } from './sql-driver';
import type { OrganizationIdentity, RelabelReport } from './store';
import { allTableSchemas, tableSchema } from './table-schema';

const KEY_COLUMNS = 'endpoint, group_by, bucket_width';

interface CoverageRow extends CoverageInterval {
  endpoint: EndpointName;
  grouping: string;
  width: BucketWidth;
  syncedAt: number;
}

function coverageRowOf(r: Row): CoverageRow {
  const endpoint = String(r['endpoint']);
  const width = String(r['bucket_width']);
  if (!(endpoint in ENDPOINTS) || !(width in WIDTH_SECONDS))
    throw new TypeError(`invalid stored coverage: endpoint ${endpoint}, width ${width}`);
  return {
    endpoint: endpoint as EndpointName,
    grouping: String(r['group_by']),
    width: width as BucketWidth,
    start: num(r['start_time']),
    end: num(r['end_time']),
    final: r['final'] === true,
    syncedAt: num(r['synced_at']),
  };
}

async function coverageOf(ctx: StoreContext, table: string, organizationId: string): Promise<CoverageRow[]> {
  const rows = await ctx.db.query(
    `SELECT ${KEY_COLUMNS}, start_time, end_time, final, synced_at FROM ${q(table)} WHERE organization_id = $1 ORDER BY ${KEY_COLUMNS}, start_time`,
    [organizationId],
  );
  return rows.map(coverageRowOf);
}

const keyOf = (c: Pick<CoverageRow, 'endpoint' | 'grouping' | 'width'>): string =>
  JSON.stringify([c.endpoint, c.grouping, c.width]);

async function count(ctx: StoreContext, table: string, where: string, params: readonly Param[]): Promise<number> {
  const rows = await ctx.db.query(`SELECT count(*) AS n FROM ${q(table)} WHERE ${where}`, params);
  return num(rows[0]?.['n'] ?? 0);
}

/** Deletes the rows matching `where` and says how many there were. */
async function drop(ctx: StoreContext, table: string, where: string, params: readonly Param[]): Promise<number> {
  const n = await count(ctx, table, where, params);
  if (n > 0) await ctx.db.exec(`DELETE FROM ${q(table)} WHERE ${where}`, params);
  return n;
}

/**
 * True when the store knows this organization: its `organizations` row, or coverage, directory or alert rows (data
 * rows exist only where coverage does).
 */
async function hasRowsOf(ctx: StoreContext, organizationId: string): Promise<boolean> {
  const lookups: Array<[string, string]> = [
    ['organizations', 'organization_id'],
    ['coverage', 'organization_id'],
    ['partial_coverage', 'organization_id'],
    ['directory', 'organization_id'],
    ['alert_events', 'organization'],
  ];
  for (const [table, column] of lookups) {
    const rows = await ctx.db.query(`SELECT 1 AS one FROM ${q(table)} WHERE ${q(column)} = $1 LIMIT 1`, [
      organizationId,
    ]);
    if (rows.length > 0) return true;
  }
  return false;
}

/**
 * Moves every row of organization `from` (a stand-in, `name:<NAME>`) to `to` (its real ID) in one transaction: data,
 * partial, coverage, directory and alert rows, and its `organizations` row (the earlier first sync kept). Where `to`
 * already holds a bucket (its coverage says so), a partial bucket, its directory or an alert event, that copy is the
 * one kept (synced later) and `from`'s is dropped; coverage is merged (the real ID's spans, then the stand-in's where
 * the real ID has none), so every bucket is stored once and coverage stays truthful. Undefined when the store holds
 * nothing of `from`.
 */
export async function relabelOrganization(
  ctx: StoreContext,
  from: string,
  to: OrganizationIdentity,
): Promise<RelabelReport | undefined> {
  if (from === to.id || from === '' || to.id === '')
    throw new TypeError(`invalid relabel: ${JSON.stringify(from)} to ${JSON.stringify(to.id)} (two organization IDs)`);
  return ctx.transaction(async () => {
    if (!(await hasRowsOf(ctx, from))) return undefined;
    const present = new Set(await ctx.db.tableNames());
    let droppedRows = 0;
    // Whole buckets: the real ID's coverage holds its own copy of every bucket starting inside it.
    const real = await coverageOf(ctx, 'coverage', to.id);
    for (const r of real) {
      const table = tableSchema(ENDPOINTS[r.endpoint]).table;
      if (!present.has(table)) continue;
      droppedRows += await drop(
        ctx,
        table,
        'organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5',
        [from, r.width, r.grouping, r.start, r.end],
      );
    }
    const standIn = await coverageOf(ctx, 'coverage', from);
    const keys = new Map<string, { standIn: CoverageRow[]; real: CoverageRow[] }>();
    for (const c of standIn) {
      const k = keys.get(keyOf(c)) ?? { standIn: [], real: [] };
      k.standIn.push(c);
      keys.set(keyOf(c), k);
    }
    for (const c of real) keys.get(keyOf(c))?.real.push(c);
    for (const { standIn: mine, real: theirs } of keys.values()) {
      const first = mine[0];
      if (first === undefined) continue;
      // The real ID's spans replace the stand-in's where they overlap (addCoverage), with their own finality.
      const merged = theirs.reduce<CoverageInterval[]>(
        (acc, c) => addCoverage(acc, c),
        mine.map((c) => ({ start: c.start, end: c.end, final: c.final })),
      );
      const syncedAt = Math.max(...mine.map((c) => c.syncedAt), ...theirs.map((c) => c.syncedAt));
      await ctx.db.exec(
        'DELETE FROM coverage WHERE organization_id IN ($1, $2) AND endpoint = $3 AND group_by = $4 AND bucket_width = $5',
        [from, to.id, first.endpoint, first.grouping, first.width],
      );
      await insertRows(
        ctx.db,
        'coverage',
        COVERAGE_COLUMNS,
        merged.map((i) => [to.id, first.endpoint, first.grouping, first.width, i.start, i.end, i.final, syncedAt]),
      );
    }
    // Partial first buckets: at most one per grid bucket, grouping and width; the real ID's stays.
    const realPartials = await coverageOf(ctx, 'partial_coverage', to.id);
    for (const p of await coverageOf(ctx, 'partial_coverage', from)) {
      const size = WIDTH_SECONDS[p.width];
      const bucket = Math.floor(p.start / size) * size;
      const clash = realPartials.some((r) => keyOf(r) === keyOf(p) && r.start >= bucket && r.start < bucket + size);
      if (!clash) continue;
      const span: Param[] = [from, p.width, p.grouping, bucket, bucket + size];
      const where =
        'organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5';
      const partialTable = tableSchema(ENDPOINTS[p.endpoint]).partialTable;
      if (present.has(partialTable)) droppedRows += await drop(ctx, partialTable, where, span);
      await ctx.db.exec(`DELETE FROM partial_coverage WHERE ${where} AND endpoint = $6`, [...span, p.endpoint]);
    }
    // The directory is replaced whole at each sync: the real ID's, when it has one, is the newer.
    if ((await count(ctx, 'directory', 'organization_id = $1', [to.id])) > 0)
      await ctx.db.exec('DELETE FROM directory WHERE organization_id = $1', [from]);
    // Alert events keyed by the organization: one event per key, the real ID's when both recorded it.
    const sameEvent = (table: string): string =>
      `organization = $1 AND EXISTS (SELECT 1 FROM alert_events r WHERE r.organization = $2 AND r.rule = ${table}.rule ` +
      `AND r.scope = ${table}.scope AND r.period = ${table}.period AND r.state = ${table}.state)`;
    await ctx.db.exec(`DELETE FROM alert_deliveries WHERE ${sameEvent('alert_deliveries')}`, [from, to.id]);
    await ctx.db.exec(`DELETE FROM alert_events WHERE ${sameEvent('alert_events')}`, [from, to.id]);
    for (const table of ['alert_events', 'alert_deliveries'])
      await ctx.db.exec(`UPDATE ${q(table)} SET organization = $2 WHERE organization = $1`, [from, to.id]);
    let movedRows = 0;
    const dataTables = new Set(allTableSchemas().flatMap((t) => [t.table, t.partialTable]));
    for (const table of organizationTables()) {
      if (!present.has(table)) continue;
      if (dataTables.has(table)) movedRows += await count(ctx, table, 'organization_id = $1', [from]);
      await ctx.db.exec(`UPDATE ${q(table)} SET organization_id = $2 WHERE organization_id = $1`, [from, to.id]);
    }
    await mergeOrganizationRow(ctx, from, to);
    return { movedRows, droppedRows };
  });
}

/** One `organizations` row for both: the real ID's, with the earlier first sync and the later last sync. */
async function mergeOrganizationRow(ctx: StoreContext, from: string, to: OrganizationIdentity): Promise<void> {
  const rows = await ctx.db.query(
    'SELECT organization_id, first_synced_at, synced_at FROM organizations WHERE organization_id IN ($1, $2)',
    [from, to.id],
  );
  const standIn = rows.find((r) => r['organization_id'] === from);
  if (standIn === undefined) return;
  const real = rows.find((r) => r['organization_id'] === to.id);
  if (real === undefined) {
    await ctx.db.exec('UPDATE organizations SET organization_id = $2, id_source = $3 WHERE organization_id = $1', [
      from,
      to.id,
      to.idSource,
    ]);
    return;
  }
  await ctx.db.exec('UPDATE organizations SET first_synced_at = $2, synced_at = $3 WHERE organization_id = $1', [
    to.id,
    Math.min(num(real['first_synced_at']), num(standIn['first_synced_at'])),
    Math.max(num(real['synced_at']), num(standIn['synced_at'])),
  ]);
  await ctx.db.exec('DELETE FROM organizations WHERE organization_id = $1', [from]);
}
