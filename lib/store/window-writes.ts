// Window writes: the buckets of one fetch window replace what was stored there, with its coverage, in one transaction.
import { ENDPOINTS, WIDTH_SECONDS } from '../catalogue/index';
import { BucketColumns, type ColumnCells } from './column-batch';
import { addCoverage } from './coverage';
import { coverage } from './coverage-table';
import { COVERAGE_COLUMNS } from './migrations';
import { insertRows, q, type Param, type StoreContext } from './sql-driver';
import type { WindowWrite } from './store';
import { tableSchema, type TableSchema } from './table-schema';

export async function writeWindow(ctx: StoreContext, w: WindowWrite): Promise<number> {
  const schema = tableSchema(ENDPOINTS[w.endpoint]);
  const rows = new BucketColumns(
    schema,
    w.buckets.reduce((n, b) => n + b.results.length, 0),
  );
  for (const b of w.buckets) {
    if (b.start_time < w.start || b.start_time >= w.end) {
      throw new RangeError(`bucket ${b.start_time} of ${w.endpoint} is outside the window [${w.start}, ${w.end})`);
    }
    rows.add(w.organizationId, w.width, w.grouping, b);
  }
  if (w.partial === true) return writePartial(ctx, schema, w, rows);
  return ctx.transaction(async () => {
    const covered = await coverage(ctx, w);
    // Rows exist only where coverage was recorded (same transaction), so a first write has nothing to delete.
    if (covered.some((c) => c.start < w.end && c.end > w.start)) {
      await ctx.db.exec(
        `DELETE FROM ${q(schema.table)} WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5`,
        [w.organizationId, w.width, w.grouping, w.start, w.end],
      );
    }
    if (rows.rowCount > 0) await ctx.db.bulkInsert(schema.table, schema.columns, rows);
    const next = addCoverage(covered, { start: w.start, end: w.end, final: w.final });
    await ctx.db.exec(
      'DELETE FROM coverage WHERE organization_id = $1 AND endpoint = $2 AND group_by = $3 AND bucket_width = $4',
      [w.organizationId, w.endpoint, w.grouping, w.width],
    );
    await insertRows(
      ctx.db,
      'coverage',
      COVERAGE_COLUMNS,
      next.map((i) => [w.organizationId, w.endpoint, w.grouping, w.width, i.start, i.end, i.final, w.syncedAt]),
    );
    return rows.rowCount;
  });
}

/**
 * Stores one partial first bucket, replacing any partial bucket of the same grid bucket (at most one per bucket,
 * key and width, so repeated notebook runs do not pile them up).
 */
async function writePartial(
  ctx: StoreContext,
  schema: TableSchema,
  w: WindowWrite,
  rows: ColumnCells,
): Promise<number> {
  const size = WIDTH_SECONDS[w.width];
  const bucket = Math.floor(w.start / size) * size;
  if (w.start === bucket || w.end > bucket + size || w.end <= w.start)
    throw new RangeError(
      `invalid partial bucket [${w.start}, ${w.end}) of ${w.endpoint} at ${w.width}: it must start inside one bucket and end by its boundary`,
    );
  return ctx.transaction(async () => {
    const key: Param[] = [w.organizationId, w.width, w.grouping, bucket, bucket + size];
    await ctx.db.exec(
      `DELETE FROM ${q(schema.partialTable)} WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5`,
      key,
    );
    await ctx.db.exec(
      'DELETE FROM partial_coverage WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5 AND endpoint = $6',
      [...key, w.endpoint],
    );
    if (rows.rowCount > 0) await ctx.db.bulkInsert(schema.partialTable, schema.columns, rows);
    await insertRows(ctx.db, 'partial_coverage', COVERAGE_COLUMNS, [
      [w.organizationId, w.endpoint, w.grouping, w.width, w.start, w.end, w.final, w.syncedAt],
    ]);
    return rows.rowCount;
  });
}
