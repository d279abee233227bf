import { CATALOGUE, ENDPOINTS, type EndpointName, type EndpointSpec } from '../api/endpoints';
import type { EndpointDecl } from '../catalogue/index';

/** SQL column types both adapters understand with the same name. */
export type ColumnType = 'BIGINT' | 'FLOAT8' | 'TEXT' | 'BOOLEAN';

export interface Column {
  name: string;
  type: ColumnType;
}

/** A bucket value of a stored row: what the adapters bind (numbers are JSON doubles, so FLOAT8 is lossless). */
export type Cell = number | string | boolean | null;

/** The table of one endpoint, derived from its catalogue entry (never hand-listed). */
export interface TableSchema {
  endpoint: EndpointName;
  table: string;
  /**
   * Same columns, for the partial first buckets a notebook read starts inside (the API's bucket from the query's
   * start to the next boundary); kept apart so that sums over `table` never count a span twice.
   */
  partialTable: string;
  /** Key columns: organization, bucket start/end, width, the grouping the rows were fetched with. */
  keys: readonly Column[];
  /** Dimensions: the endpoint's `group_by` values, named as in the API. */
  dims: readonly Column[];
  /** Values: the endpoint's metrics, flattened where the API nests them (`amount` -> amount_value, amount_currency). */
  values: readonly Column[];
  /** Keys of a result that are neither dims nor metrics but are still part of the result (e.g. `quantity_unit`). */
  attributes: readonly Column[];
  /** Every column in table order, ending with `extra` (JSON of result keys the catalogue does not know). */
  columns: readonly Column[];
}

const DECLS: Readonly<Record<EndpointName, EndpointDecl>> = CATALOGUE;

/** Money metrics (`{value, currency}` on the wire) become two columns: `<name>_value`, `<name>_currency`. */
function isMoney(spec: EndpointSpec, metric: string): boolean {
  return spec.metricKinds[metric] === 'money';
}

function isBooleanDim(endpoint: EndpointName, dim: string): boolean {
  return DECLS[endpoint].dimensions[dim]?.type === 'boolean';
}

const KEYS: readonly Column[] = [
  { name: 'organization_id', type: 'TEXT' },
  { name: 'start_time', type: 'BIGINT' },
  { name: 'end_time', type: 'BIGINT' },
  { name: 'bucket_width', type: 'TEXT' },
  { name: 'group_by', type: 'TEXT' },
];

/** Table name of an endpoint: the endpoint name itself (`usage_` prefix for usage endpoints keeps BI lists tidy). */
export function tableName(endpoint: EndpointName): string {
  return endpoint === 'costs' ? 'costs' : `usage_${endpoint}`;
}

/** Derives the table of one endpoint from its catalogue entry. */
export function tableSchema(spec: EndpointSpec): TableSchema {
  const dims = spec.groupBy.map((name): Column => ({ name, type: isBooleanDim(spec.name, name) ? 'BOOLEAN' : 'TEXT' }));
  const values: Column[] = [];
  const attributes: Column[] = [];
  for (const metric of spec.metrics) {
    if (isMoney(spec, metric)) {
      values.push({ name: `${metric}_value`, type: 'FLOAT8' });
      attributes.push({ name: `${metric}_currency`, type: 'TEXT' });
    } else {
      values.push({ name: metric, type: 'FLOAT8' });
    }
  }
  for (const a of spec.attributes) attributes.push({ name: a, type: 'TEXT' });
  const extra: Column = { name: 'extra', type: 'TEXT' };
  return {
    endpoint: spec.name,
    table: tableName(spec.name),
    partialTable: `${tableName(spec.name)}_partial`,
    keys: KEYS,
    dims,
    values,
    attributes,
    columns: [...KEYS, ...dims, ...values, ...attributes, extra],
  };
}

/** Every endpoint's table, from the catalogue: a new endpoint gets its table without code here. */
export function allTableSchemas(): TableSchema[] {
  return Object.values(ENDPOINTS).map(tableSchema);
}

/** The canonical text of a grouping, as stored in `group_by` and the coverage table ('' = ungrouped). */
export function groupingKey(spec: EndpointSpec, groupBy: readonly string[]): string {
  for (const g of groupBy) {
    if (!spec.groupBy.includes(g))
      throw new TypeError(
        `invalid group_by for ${spec.name}: ${JSON.stringify(g)} (allowed: ${spec.groupBy.join(', ')})`,
      );
  }
  return spec.groupBy.filter((g) => groupBy.includes(g)).join(',');
}

export function parseGroupingKey(key: string): string[] {
  return key === '' ? [] : key.split(',');
}

/** The stored groupings that hold every dimension of `wanted`, smallest first (the cheapest to sum from). */
export function groupingsHolding<K extends { grouping: string }>(keys: readonly K[], wanted: readonly string[]): K[] {
  return keys
    .filter((k) => wanted.every((d) => parseGroupingKey(k.grouping).includes(d)))
    .sort((a, b) => parseGroupingKey(a.grouping).length - parseGroupingKey(b.grouping).length);
}

/** A wire value as text: scalars as themselves, anything structured as JSON (never "[object Object]"). */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Rebuilds an API-shaped result from stored dims and values (the inverse of `BucketColumns`, `extra` merged back). */
export function resultFromRow(schema: TableSchema, row: Readonly<Record<string, Cell>>): Record<string, unknown> {
  const spec = ENDPOINTS[schema.endpoint];
  const out: Record<string, unknown> = { object: spec.resultObject };
  for (const metric of spec.metrics) {
    if (isMoney(spec, metric)) {
      const value = row[`${metric}_value`];
      out[metric] =
        value === null || value === undefined ? null : { value, currency: row[`${metric}_currency`] ?? null };
    } else {
      const value = row[metric] ?? null;
      // Fields older buckets lack are stored as null and given back absent, as the API sends them.
      if (value !== null || !spec.mayBeAbsent.includes(metric)) out[metric] = value;
    }
  }
  for (const a of spec.attributes) out[a] = row[a] ?? null;
  for (const d of schema.dims) out[d.name] = row[d.name] ?? null;
  const extra = row['extra'];
  if (typeof extra === 'string') Object.assign(out, JSON.parse(extra) as Record<string, unknown>);
  return out;
}
