// Range reads: buckets of a range rebuilt in the API's shape, summed from the stored groupings that hold them.
import { ENDPOINTS, WIDTH_SECONDS, type BucketWidth, type EndpointName, type WireBucket } from '../catalogue/index';
import { missingRanges } from './coverage';
import { endpointCoverage, partialCoverage, type EndpointCoverage } from './coverage-table';
import { num, q, type Param, type QueryColumns, type StoreContext } from './sql-driver';
import { StoreCoverageError, StorePartialBucketError, type RangeQuery } from './store';
import { concatRangeColumns, rangeColumns, type CellsRead, type RangeColumns, type RangeRead } from './range-columns';
import {
  groupingKey,
  groupingsHolding,
  parseGroupingKey,
  resultsFromCells,
  type Cell,
  tableSchemaOf,
  type AttributeColumn,
  type ValueColumn,
  type StoredResult,
  type TableSchema,
} from './table-schema';

/** The pseudo-dimension of `RangeQuery.groupBy` that keeps organizations apart. */
const ORGANIZATION_DIM = 'organization_id';

/** One organization's stored grouping a read sums from. */
interface ReadSource {
  organizationId: string;
  grouping: string;
}

/** `(organization_id = $i AND group_by = $j) OR …` for the sources, its parameters appended to `params`. */
function sourcesFilter(sources: readonly ReadSource[], params: Param[]): string {
  const parts = sources.map((src) => {
    params.push(src.organizationId, src.grouping);
    return `(organization_id = $${params.length - 1} AND group_by = $${params.length})`;
  });
  return `(${parts.join(' OR ')})`;
}

function bucketGrid(start: number, end: number, width: BucketWidth): Array<{ start: number; end: number }> {
  const size = WIDTH_SECONDS[width];
  const out: Array<{ start: number; end: number }> = [];
  for (let t = start; t < end;) {
    const stop = Math.min(Math.floor(t / size) * size + size, end);
    out.push({ start: t, end: stop });
    t = stop;
  }
  return out;
}

/** The organizations a read covers: the query's, else every one with this endpoint stored. */
function organizationsOf(stored: EndpointCoverage, query: RangeQuery): string[] {
  return query.organizations === undefined ? stored.organizations : [...new Set(query.organizations)].sort();
}

/**
 * The stored grouping of one organization that can answer `groupBy` over the range: the smallest superset fully
 * covered.
 */
function pickGrouping(
  ctx: StoreContext,
  stored: EndpointCoverage,
  schema: TableSchema,
  organizationId: string | undefined,
  query: RangeQuery,
  wanted: string,
): string {
  const want = parseGroupingKey(wanted);
  const candidates = groupingsHolding(
    organizationId === undefined ? [] : stored.keys(organizationId, query.width),
    want,
  );
  let best: { grouping: string; missing: Array<{ start: number; end: number }> } | undefined;
  for (const k of candidates) {
    const missing = missingRanges(stored.intervals(k), query.start, query.end, () => true);
    if (missing.length === 0) return k.grouping;
    best ??= { grouping: k.grouping, missing };
  }
  const gap =
    best === undefined
      ? 'nothing is stored'
      : `missing ${best.missing.map((m) => `[${m.start}, ${m.end})`).join(', ')}`;
  const of = organizationId === undefined ? '' : ` of organization ${JSON.stringify(organizationId)}`;
  throw new StoreCoverageError(
    `store ${ctx.location} does not hold ${schema.endpoint}${of} at ${query.width} grouped by [${want.join(', ')}] for [${query.start}, ${query.end}): ${gap} (run sync for that range)`,
  );
}

/**
 * The cells of a range read, one part per table read: the partial first bucket (a start inside a bucket), then the
 * whole buckets; checked against coverage as `readRange` promises.
 */
async function readParts<E extends EndpointName>(
  ctx: StoreContext,
  endpoint: E,
  query: RangeQuery,
): Promise<CellsRead<E>[]> {
  const spec = ENDPOINTS[endpoint];
  const schema = tableSchemaOf(endpoint);
  const asked = query.groupBy ?? [];
  const byOrganization = asked.includes(ORGANIZATION_DIM);
  const dims = asked.filter((d) => d !== ORGANIZATION_DIM);
  const wanted = groupingKey(spec, dims);
  // Filtered dimensions must be in the stored grouping too, or the filter would see nulls.
  const needed = groupingKey(spec, [
    ...dims,
    ...Object.keys(query.where ?? {}).filter((d) => spec.groupBy.includes(d)),
  ]);
  const stored = await endpointCoverage(ctx, endpoint);
  const organizations = organizationsOf(stored, query);
  const wholeSources = (range: RangeQuery): ReadSource[] => {
    // Nothing stored of any organization: the same error as before organizations ("nothing is stored").
    if (organizations.length === 0 && query.organizations === undefined)
      pickGrouping(ctx, stored, schema, undefined, range, needed);
    return organizations.map((organizationId) => ({
      organizationId,
      grouping: pickGrouping(ctx, stored, schema, organizationId, range, needed),
    }));
  };
  const size = WIDTH_SECONDS[query.width];
  const boundary = Math.floor(query.start / size) * size + size;
  if (query.start % size === 0 || query.start >= query.end) {
    const sources = wholeSources(query);
    return [await readCells(ctx, schema, schema.table, sources, wanted, byOrganization, query)];
  }
  // A start inside a bucket: the API's partial first bucket, then whole buckets from the next boundary.
  const headEnd = Math.min(boundary, query.end);
  const want = parseGroupingKey(needed);
  const heads: ReadSource[] = [];
  for (const organizationId of organizations) {
    const partials = await partialCoverage(ctx, {
      organizationId,
      endpoint,
      width: query.width,
      start: query.start,
      end: headEnd,
    });
    const held = groupingsHolding(partials, want)[0];
    if (held === undefined)
      throw new StorePartialBucketError(
        `store ${ctx.location} does not hold the partial first ${query.width} bucket [${query.start}, ${headEnd}) of ${endpoint} ` +
          `of organization ${JSON.stringify(organizationId)} grouped by [${want.join(', ')}]: ` +
          `the range starts inside a bucket (sync that range with source "sync", or start at ${boundary - size} or ${boundary})`,
      );
    heads.push({ organizationId, grouping: held.grouping });
  }
  if (organizations.length === 0 && query.organizations === undefined)
    throw new StorePartialBucketError(
      `store ${ctx.location} does not hold the partial first ${query.width} bucket [${query.start}, ${headEnd}) of ${endpoint} grouped by [${want.join(', ')}]: ` +
        `nothing is stored (sync that range with source "sync", or start at ${boundary - size} or ${boundary})`,
    );
  const head = await readCells(ctx, schema, schema.partialTable, heads, wanted, byOrganization, {
    ...query,
    end: headEnd,
  });
  if (headEnd >= query.end) return [head];
  const rest = { ...query, start: headEnd };
  const sources = wholeSources(rest);
  return [head, await readCells(ctx, schema, schema.table, sources, wanted, byOrganization, rest)];
}

export async function readRange<E extends EndpointName>(
  ctx: StoreContext,
  endpoint: E,
  query: RangeQuery,
): Promise<WireBucket<StoredResult<E>>[]> {
  return (await readParts(ctx, endpoint, query)).flatMap((part) => bucketsOf(part));
}

/**
 * `readRange` as columns: the same rows in the same order, same checks and errors, with no result object per row;
 * as results where a row keeps fields the catalogue did not know or a cell is not of its column's kind.
 */
export async function readRangeColumns<E extends EndpointName>(
  ctx: StoreContext,
  endpoint: E,
  query: RangeQuery,
): Promise<RangeRead<E>> {
  const parts = await readParts(ctx, endpoint, query);
  const columns: RangeColumns[] = [];
  for (const part of parts) {
    const c = rangeColumns(part);
    if (c === undefined) return { kind: 'results', buckets: parts.flatMap((p) => bucketsOf(p)) };
    columns.push(c);
  }
  const [first, ...more] = columns;
  if (first === undefined) throw new RangeError('internal: a range read of no part');
  return { kind: 'columns', columns: more.reduce(concatRangeColumns, first) };
}

/** Reads of fewer buckets than this read their text as is (see `readRows`). */
const REPEATED_TEXT_MIN_BUCKETS = 90;

/** One read's statement in parts: what it selects from which stored columns, how it sums and orders them. */
interface RowsRead {
  /** SELECT expressions over the stored columns. */
  select: string[];
  /** GROUP BY expressions when the read sums stored rows. */
  group?: string[];
  /** ORDER BY expressions (each NULLS FIRST). */
  order: string[];
  /** The stored columns the statement reads. */
  columns: string[];
  /** Which of them are text that repeats (IDs, line items, currencies: a year of rows holds few values of each). */
  text: string[];
}

/**
 * The rows of a read. Where the driver reads repeated text faster (`repeatedText`), the distinct values of the text
 * columns are read first and the stored rows are read through a subquery that converts them (summed, grouped and
 * ordered as such, in the same order: the values are in the store's own text order); the same rows in the same order.
 */
async function readRows(
  ctx: StoreContext,
  table: string,
  read: RowsRead,
  filter: string,
  params: readonly Param[],
  buckets: number,
): Promise<QueryColumns> {
  const where = `WHERE bucket_width = $1 AND start_time >= $2 AND start_time < $3${filter}`;
  const rest =
    (read.group === undefined ? '' : ` GROUP BY ${read.group.join(', ')}`) +
    ` ORDER BY ${read.order.map((o) => `${o} NULLS FIRST`).join(', ')}`;
  const plain = `SELECT ${read.select.join(', ')} FROM ${q(table)} ${where}${rest}`;
  const repeated = ctx.db.repeatedText?.bind(ctx.db);
  // A short range has few rows: the extra statement costs more than converting their text (~4 ms a read).
  if (repeated === undefined || read.text.length === 0 || buckets < REPEATED_TEXT_MIN_BUCKETS)
    return ctx.db.queryColumns(plain, params);
  const distinct = await ctx.db.query(
    `SELECT i, v FROM (${read.text.map((c, i) => `SELECT ${i} AS i, ${q(c)} AS v FROM ${q(table)} ${where} GROUP BY ${q(c)}`).join(' UNION ALL ')}) AS d ` +
      'WHERE v IS NOT NULL ORDER BY i, v',
    params,
  );
  const values = read.text.map((): string[] => []);
  for (const r of distinct) values[num(r['i'])]?.push(String(r['v']));
  const stored = read.columns.map((name) => {
    const at = read.text.indexOf(name);
    const sql =
      at >= 0
        ? repeated(q(name), values[at] ?? [])
        : name === 'start_time' || name === 'end_time'
          ? `CAST(${q(name)} AS FLOAT8)`
          : undefined;
    return sql === undefined ? q(name) : `${sql} AS ${q(name)}`;
  });
  try {
    return await ctx.db.queryColumns(
      `SELECT ${read.select.join(', ')} FROM (SELECT ${stored.join(', ')} FROM ${q(table)} ${where}) AS r${rest}`,
      params,
    );
  } catch {
    // A value written between the two statements (a sync in this process) is not among the ones read: as is.
    return ctx.db.queryColumns(plain, params);
  }
}

/**
 * The cells of [start, end) from one table, each organization's rows from its stored grouping, summed to
 * `wanted` (and kept apart per organization when `byOrganization`), and the rows of each grid span.
 */
async function readCells<E extends EndpointName>(
  ctx: StoreContext,
  schema: TableSchema<E>,
  table: string,
  sources: readonly ReadSource[],
  wanted: string,
  byOrganization: boolean,
  query: RangeQuery,
): Promise<CellsRead<E>> {
  const dims = schema.dims.filter((d) => parseGroupingKey(wanted).includes(d.name));
  const params: Param[] = [query.width, query.start, query.end];
  let filter = ` AND ${sourcesFilter(sources, params)}`;
  for (const [dim, values] of Object.entries(query.where ?? {})) {
    if (!schema.dims.some((d) => d.name === dim))
      throw new TypeError(
        `invalid filter for ${schema.endpoint}: ${JSON.stringify(dim)} (dimensions: ${schema.dims.map((d) => d.name).join(', ')})`,
      );
    const marks = values.map((v) => {
      params.push(v);
      return `$${params.length}`;
    });
    filter += marks.length === 0 ? ' AND FALSE' : ` AND ${q(dim)} IN (${marks.join(', ')})`;
  }
  const org = byOrganization ? [ORGANIZATION_DIM] : [];
  let read: RowsRead | undefined;
  if (sources.length === 1 && sources[0]?.grouping === wanted) {
    // The columns a result is rebuilt from, not the key columns every row repeats (width, grouping).
    const cols = [
      'start_time',
      'end_time',
      ...org,
      ...[...schema.dims, ...schema.values, ...schema.attributes].map((c) => c.name),
      'extra',
    ];
    read = {
      select: cols.map(q),
      order: ['start_time', ...org, ...schema.dims.map((d) => d.name)].map(q),
      columns: cols,
      text: [...org, ...schema.dims.filter((d) => d.type === 'TEXT').map((d) => d.name)].concat(
        schema.attributes.map((a) => a.name),
      ),
    };
  } else if (sources.length > 0) {
    // Coarser than stored, or several organizations summed: one row per bucket and asked dimensions.
    // Coarser grouping than stored: sum the values; attributes that depend on a dropped dimension become null.
    const keepUnit = parseGroupingKey(wanted).includes('line_item');
    const kept = (a: AttributeColumn): boolean => a.role === 'currency' || keepUnit;
    // A quantity only adds up within one line item (its unit); the API leaves it null otherwise.
    const summed = (v: ValueColumn): boolean => v.kind !== 'quantity' || keepUnit;
    const keyCols = [...org, ...dims.map((d) => d.name)];
    read = {
      select: [
        'start_time',
        'max(end_time) AS end_time',
        ...keyCols.map(q),
        ...schema.values.map((v) => (summed(v) ? `sum(${q(v.name)}) AS ${q(v.name)}` : `NULL AS ${q(v.name)}`)),
        ...schema.attributes.map((a) => (kept(a) ? q(a.name) : `NULL AS ${q(a.name)}`)),
      ],
      // Grouped by start only (not end): organizations' buckets of one span end alike, but a partial bucket synced
      // at another moment may not; the bucket ends at the latest.
      group: ['start_time', ...keyCols.map(q), ...schema.attributes.filter(kept).map((a) => q(a.name))],
      // By every grouped column: rows of one line item in two units (or currencies) tie otherwise, and DuckDB's
      // aggregate hands ties back in no fixed order.
      order: ['start_time', ...keyCols.map(q), ...schema.attributes.filter(kept).map((a) => q(a.name))],
      columns: [
        'start_time',
        'end_time',
        ...keyCols,
        ...schema.values.filter(summed).map((v) => v.name),
        ...schema.attributes.filter(kept).map((a) => a.name),
      ],
      text: [...org, ...dims.filter((d) => d.type === 'TEXT').map((d) => d.name)].concat(
        schema.attributes.filter(kept).map((a) => a.name),
      ),
    };
  }
  const grid = bucketGrid(query.start, query.end, query.width);
  const cells = read === undefined ? undefined : await readRows(ctx, table, read, filter, params, grid.length);
  const at = new Map(cells?.names.map((name, i) => [name, i]));
  const column = (name: string): readonly Cell[] | undefined => cells?.values[at.get(name) ?? -1];
  const starts = column('start_time') ?? [];
  const ends = column('end_time') ?? [];
  // Row indices per bucket start, in row order (rows starting off the grid belong to no bucket).
  const byStart = new Map<number, number[]>();
  // Rows come ordered by start: one lookup per run of equal starts, not per row.
  let last: number | undefined;
  let list: number[] = [];
  for (let i = 0; i < (cells?.rowCount ?? 0); i++) {
    const v = starts[i];
    const s = typeof v === 'number' ? v : num(v);
    if (s !== last) {
      last = s;
      const seen = byStart.get(s);
      if (seen === undefined) byStart.set(s, (list = []));
      else list = seen;
    }
    list.push(i);
  }
  const all = dims.length === schema.dims.length ? schema : { ...schema, dims };
  const buckets = grid.map((span) => {
    const list = byStart.get(span.start) ?? [];
    // The latest of its rows' ends (a partial bucket synced at another moment may end later), within the span.
    let end = -Infinity;
    for (const i of list) {
      const e = ends[i];
      end = Math.max(end, typeof e === 'number' ? e : num(e));
    }
    return { start: span.start, end: list.length === 0 ? span.end : Math.min(end, span.end), rows: list };
  });
  return {
    schema: all,
    allDims: schema.dims,
    cells: { rowCount: cells?.rowCount ?? 0, column },
    organizationIds: byOrganization ? (column(ORGANIZATION_DIM) ?? []) : undefined,
    buckets,
    rows: bucketRows(buckets),
  };
}

/** Every bucket's rows, one bucket after the other (a loop: `flatMap` over ~10^5 rows cost a read ~15 ms). */
function bucketRows(buckets: ReadonlyArray<{ rows: readonly number[] }>): number[] {
  let n = 0;
  for (const b of buckets) n += b.rows.length;
  const rows = new Array<number>(n);
  let k = 0;
  for (const b of buckets) for (const i of b.rows) rows[k++] = i;
  return rows;
}

/** A table's read as the API's buckets: one result per row, rebuilt from its cells. */
function bucketsOf<E extends EndpointName>(read: CellsRead<E>): WireBucket<StoredResult<E>>[] {
  const results = resultsFromCells(
    read.schema,
    read.cells,
    read.organizationIds === undefined
      ? { allDims: read.allDims }
      : { allDims: read.allDims, organizationIds: read.organizationIds },
    read.rows,
  );
  let next = 0;
  return read.buckets.map((b) => {
    const from = next;
    next += b.rows.length;
    return { object: 'bucket', start_time: b.start, end_time: b.end, results: results.slice(from, next) };
  });
}
