import {
  CATALOGUE,
  ENDPOINTS,
  type EndpointName,
  type BucketWidth,
  type DimensionDecl,
  type DirectoryKind,
} from '../catalogue/index';
import { q, sqlString, type SqlDriver } from './sql-driver';
import { UNLABELLED_ORGANIZATION_NAME } from './store';
import { tableSchema, type TableSchema } from './table-schema';

/** The view name's suffix per bucket width: `costs_daily`, `usage_completions_hourly`, `usage_embeddings_minute`. */
const WIDTH_SUFFIX: Readonly<Record<BucketWidth, string>> = { '1d': 'daily', '1h': 'hourly', '1m': 'minute' };

/** One BI-facing view: a data table at one bucket width, one stored grouping per bucket. */
export interface BiView {
  name: string;
  endpoint: EndpointName;
  table: string;
  width: BucketWidth;
  /** Column names in view order. */
  columns: readonly string[];
  /** The `SELECT` the view is defined by (portable between DuckDB and PostgreSQL). */
  select: string;
}

/** The directory kind that names each dimension of an endpoint that has one (from the catalogue). */
function namedDims(endpoint: EndpointName): Array<{ dim: string; kind: DirectoryKind }> {
  const dims: Readonly<Record<string, DimensionDecl>> = CATALOGUE[endpoint].dimensions;
  const out: Array<{ dim: string; kind: DirectoryKind }> = [];
  for (const [dim, decl] of Object.entries(dims)) {
    if (decl.type === 'string' && decl.names !== undefined) out.push({ dim, kind: decl.names });
  }
  return out;
}

/** `project_id` is named by `project_name`, `api_key_id` by `api_key_name`: the kind, then `_name`. */
const nameColumn = (kind: DirectoryKind): string => `${kind}_name`;

/**
 * The number of dimensions a stored grouping holds, in SQL: the finest grouping of a bucket is the one the view
 * gives, so that any `GROUP BY` over its dimensions is a sum of one grouping, never of two.
 */
const DIM_COUNT =
  "CASE WHEN g.group_by = '' THEN 0 ELSE LENGTH(g.group_by) - LENGTH(REPLACE(g.group_by, ',', '')) + 1 END";

function viewOf(schema: TableSchema, width: BucketWidth): BiView {
  const named = namedDims(schema.endpoint);
  const data = [...schema.dims, ...schema.values, ...schema.attributes].map((c) => c.name);
  const columns = [
    'start_time',
    'end_time',
    'bucket_start',
    'organization_id',
    'organization',
    ...data,
    ...named.map((n) => nameColumn(n.kind)),
    'group_by',
  ];
  const joins = named.map(
    ({ dim, kind }, i) =>
      `LEFT JOIN directory n${i} ON n${i}.organization_id = t.organization_id AND n${i}.kind = ${sqlString(kind)} AND n${i}.id = t.${q(dim)}`,
  );
  // Per organization and bucket (start_time), the grouping with the most dimensions; ties go to the first grouping
  // key in text order, so the choice is the same on every read and on both databases.
  const chosen =
    `SELECT organization_id, start_time, group_by FROM (SELECT g.organization_id, g.start_time, g.group_by, ROW_NUMBER() OVER ` +
    `(PARTITION BY g.organization_id, g.start_time ORDER BY ${DIM_COUNT} DESC, g.group_by) AS pick FROM ` +
    `(SELECT DISTINCT organization_id, start_time, group_by FROM ${q(schema.table)} WHERE bucket_width = ${sqlString(width)}) g) r ` +
    `WHERE pick = 1`;
  // The configured name; rows of a version-2 store not claimed yet have organization '' and say so.
  const organization =
    `CASE WHEN t.organization_id = '' THEN ${sqlString(UNLABELLED_ORGANIZATION_NAME)} ` +
    `ELSE COALESCE(o.name, t.organization_id) END AS organization`;
  const select =
    `SELECT t.start_time, t.end_time, to_timestamp(t.start_time) AS bucket_start, t.organization_id, ${organization}, ` +
    [...data.map((c) => `t.${q(c)}`), ...named.map(({ kind }, i) => `n${i}.name AS ${q(nameColumn(kind))}`)].join(
      ', ',
    ) +
    `, t.group_by FROM ${q(schema.table)} t JOIN (${chosen}) c ON c.organization_id = t.organization_id AND ` +
    `c.start_time = t.start_time AND c.group_by = t.group_by ` +
    `LEFT JOIN organizations o ON o.organization_id = t.organization_id ` +
    `${joins.join(' ')} WHERE t.bucket_width = ${sqlString(width)}`;
  return {
    name: `${schema.table}_${WIDTH_SUFFIX[width]}`,
    endpoint: schema.endpoint,
    table: schema.table,
    width,
    columns,
    select,
  };
}

/**
 * The BI-facing views of every data table, one per bucket width the endpoint has: `costs_daily`,
 * `usage_completions_daily`, `_hourly`, `_minute`, … Each gives, for every stored bucket, the rows of one stored
 * grouping (the finest), so `SELECT … GROUP BY project_id` over it is right whatever groupings syncs and notebooks
 * stored, never doubled and never partial; plus `bucket_start` (a timestamp) and the directory's names.
 */
export function biViews(): BiView[] {
  return Object.values(ENDPOINTS).flatMap((spec) => spec.bucketWidths.map((w) => viewOf(tableSchema(spec), w)));
}

/**
 * Creates the views that are missing or whose columns differ from this code's (a catalogue change added a column):
 * unchanged views are left alone, so opening a store never takes a lock a BI tool reading a view would wait on.
 */
export async function ensureBiViews(
  db: SqlDriver,
  /** The views and every table's and view's columns, when the caller has just read them. @default read here */
  known?: { views: readonly string[]; columnsOf: ReadonlyMap<string, readonly string[]> },
): Promise<void> {
  const existing = new Set(known?.views ?? (await db.viewNames()));
  const columnsOf = known?.columnsOf ?? (await db.columnsByTable());
  for (const view of biViews()) {
    if (existing.has(view.name)) {
      const have = columnsOf.get(view.name) ?? [];
      if (have.length === view.columns.length && have.every((c, i) => c === view.columns[i])) continue;
      await db.exec(`DROP VIEW ${q(view.name)}`);
    }
    await db.exec(`CREATE VIEW ${q(view.name)} AS ${view.select}`);
  }
}
