import {
  CATALOGUE,
  ENDPOINTS,
  type EndpointName,
  type EndpointSpec,
  type EndpointDecl,
  type MetricKind,
  type EndpointResultMap,
} from '../catalogue/index';
import { isJsonObject } from '../shared/index';

/** SQL column types both adapters understand with the same name. */
export type ColumnType = 'BIGINT' | 'FLOAT8' | 'TEXT' | 'BOOLEAN';

export interface Column {
  name: string;
  type: ColumnType;
}

/** A value column: the metric it stores and how that metric adds up (a money metric's `<name>_value`). */
export interface ValueColumn extends Column {
  metric: string;
  kind: MetricKind;
  /** The column of a money metric's currency. */
  currency?: string;
}

/**
 * An attribute column: a money metric's currency (`<name>_currency`, the same for every row summed), or a result
 * attribute such as `quantity_unit` (meaningful only within one line item).
 */
export interface AttributeColumn extends Column {
  role: 'currency' | 'attribute';
  /** The money metric whose currency it holds. */
  metric?: string;
}

/** A bucket value of a stored row: what the adapters bind (numbers are JSON doubles, so FLOAT8 is lossless). */
export type Cell = number | string | boolean | null;

/** The table of one endpoint, derived from its catalogue entry (never hand-listed). */
export interface TableSchema<E extends EndpointName = EndpointName> {
  endpoint: E;
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
  values: readonly ValueColumn[];
  /** Keys of a result that are neither dims nor metrics but are still part of the result (e.g. `quantity_unit`). */
  attributes: readonly AttributeColumn[];
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
  const values: ValueColumn[] = [];
  const attributes: AttributeColumn[] = [];
  for (const metric of spec.metrics) {
    const kind = spec.metricKinds[metric] ?? 'count';
    if (isMoney(spec, metric)) {
      const currency = `${metric}_currency`;
      values.push({ name: `${metric}_value`, type: 'FLOAT8', metric, kind, currency });
      attributes.push({ name: currency, type: 'TEXT', role: 'currency', metric });
    } else {
      values.push({ name: metric, type: 'FLOAT8', metric, kind });
    }
  }
  for (const a of spec.attributes) attributes.push({ name: a, type: 'TEXT', role: 'attribute' });
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

/** The table of one endpoint, typed by it (reads return that endpoint's results). */
export function tableSchemaOf<E extends EndpointName>(endpoint: E): TableSchema<E> {
  return { ...tableSchema(ENDPOINTS[endpoint]), endpoint };
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

/**
 * A result read back from the store: the endpoint's wire result, plus `organization_id` when the read kept
 * organizations apart (or when the API sent a field of that name, kept in `extra`).
 */
export type StoredResult<E extends EndpointName> = EndpointResultMap[E] & { organization_id?: string | null };

const isNumber = (v: unknown): boolean => typeof v === 'number';
const isText = (v: unknown): boolean => typeof v === 'string';

/**
 * What rebuilding a result of one table needs, worked out once per schema (a read rebuilds ~10^5 results): the
 * value columns with their metric's rules, the attribute and dimension columns, the dimensions never read.
 */
interface ResultPlan {
  allDims: readonly Column[];
  resultObject: string;
  values: readonly {
    name: string;
    metric: string;
    currency: string | undefined;
    /** Stored null and given back absent (fields older buckets lack). */
    absentWhenNull: boolean;
    required: boolean;
  }[];
  /** Result attributes (`quantity_unit`), not currencies. */
  attributes: readonly string[];
  dims: readonly { name: string; type: 'boolean' | 'string' }[];
  /** Dimensions of the endpoint the schema does not read: null unless `extra` gave them. */
  unread: readonly string[];
}

const PLANS = new WeakMap<TableSchema, ResultPlan>();

function resultPlan(schema: TableSchema, allDims: readonly Column[]): ResultPlan {
  const cached = PLANS.get(schema);
  if (cached !== undefined && cached.allDims === allDims) return cached;
  const spec = ENDPOINTS[schema.endpoint];
  const plan: ResultPlan = {
    allDims,
    resultObject: spec.resultObject,
    values: schema.values.map((v) => ({
      name: v.name,
      metric: v.metric,
      currency: v.currency,
      absentWhenNull: spec.mayBeAbsent.includes(v.metric),
      required: spec.requiredMetrics.includes(v.metric),
    })),
    attributes: schema.attributes.filter((a) => a.role === 'attribute').map((a) => a.name),
    dims: schema.dims.map((d) => ({ name: d.name, type: d.type === 'BOOLEAN' ? 'boolean' : 'string' })),
    unread: allDims.filter((d) => !schema.dims.some((s) => s.name === d.name)).map((d) => d.name),
  };
  PLANS.set(schema, plan);
  return plan;
}

/**
 * The first field of a rebuilt result that does not have the type its column kind gives it (undefined when all
 * do): the check that lets the store hand out `StoredResult<E>` with no cast. Enum dimensions are checked as text,
 * as the API parser does, so a value the catalogue has not learned yet still reads.
 */
function mistypedField(plan: ResultPlan, r: Readonly<Record<string, unknown>>): string | undefined {
  if (r['object'] !== plan.resultObject) return 'object';
  for (const v of plan.values) {
    const x = r[v.metric];
    if (v.currency !== undefined) {
      if (x === null || x === undefined) continue;
      if (!isJsonObject(x)) return v.metric;
      const value = x['value'];
      if (value !== null && value !== undefined && !isNumber(value) && !isText(value)) return `${v.metric}.value`;
      if (x['currency'] !== undefined && !isText(x['currency'])) return `${v.metric}.currency`;
    } else if (v.required ? !isNumber(x) : x !== null && x !== undefined && !isNumber(x)) return v.metric;
  }
  for (const a of plan.attributes) {
    const x = r[a];
    if (x !== null && x !== undefined && !isText(x)) return a;
  }
  for (const d of plan.dims) {
    const x = r[d.name];
    if (x !== null && x !== undefined && typeof x !== d.type) return d.name;
  }
  const org = r['organization_id'];
  if (org !== null && org !== undefined && !isText(org)) return 'organization_id';
  return undefined;
}

/** True when `checked` (its columns were checked and it was built from them alone), else when no field is mistyped. */
function isStoredResult<E extends EndpointName>(
  plan: ResultPlan,
  r: Record<string, unknown>,
  checked: boolean,
): r is Record<string, unknown> & StoredResult<E> {
  return checked || mistypedField(plan, r) === undefined;
}

const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isNumberOrText = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';

/** Whether the cells of the rows read (`rows`, else the first `count`) are null (when `nullable`) or pass `is`. */
function cellsAre(
  cells: readonly Cell[] | undefined,
  rows: readonly number[] | undefined,
  count: number,
  is: (v: unknown) => boolean,
  nullable: boolean,
): boolean {
  if (cells === undefined) return nullable || count === 0;
  for (let k = 0; k < count; k++) {
    const v = cells[rows === undefined ? k : (rows[k] ?? -1)] ?? null;
    if (v === null ? !nullable : !is(v)) return false;
  }
  return true;
}

/** True when no two of a result's fields (metrics, attributes, dimensions, the organization key) share a name. */
function distinctKeys(plan: ResultPlan, organization: boolean): boolean {
  const names = [
    'object',
    ...plan.values.map((v) => v.metric),
    ...plan.attributes,
    ...plan.dims.map((d) => d.name),
    ...plan.unread,
    ...(organization ? ['organization_id'] : []),
  ];
  return new Set(names).size === names.length;
}

/** How `resultFromRow` shapes a result beyond the stored columns. */
export interface ResultShape {
  /** Every dimension of the endpoint: the ones not read are given back null, as the API does when not grouped by. */
  allDims: readonly Column[];
  /** Present when the read keeps organizations apart: the row's organization. */
  organizationId?: Cell;
}

/**
 * Rebuilds an API-shaped result from stored dims and values (the inverse of `BucketColumns`, `extra` merged back),
 * from the column kinds: a money value column with its currency column becomes `{ value, currency }`.
 */
export function resultFromRow<E extends EndpointName>(
  schema: TableSchema<E>,
  row: Readonly<Record<string, Cell>>,
  shape: ResultShape,
): StoredResult<E> {
  const cells: ReadCells = { rowCount: 1, column: (name) => (name in row ? [row[name] ?? null] : undefined) };
  const [result] = resultsFromCells(schema, cells, {
    allDims: shape.allDims,
    ...('organizationId' in shape ? { organizationIds: [shape.organizationId ?? null] } : {}),
  });
  if (result === undefined) throw new RangeError('invalid row: no result');
  return result;
}

/** The cells of a read, by column name (undefined: a column not read, all null). */
export interface ReadCells {
  rowCount: number;
  column(name: string): readonly Cell[] | undefined;
}

/**
 * Whether every cell of the rows read (`rows`, default every row) has the type its column kind gives the result
 * field (`mistypedField`'s checks, column by column) and no two result fields share a name: a result built from
 * these cells alone is then what the catalogue declares. Cells of `extra` are not looked at.
 */
export function cellsChecked(
  schema: TableSchema,
  cells: ReadCells,
  shape: { allDims: readonly Column[]; organizationIds?: readonly Cell[] },
  rows?: readonly number[],
): boolean {
  const plan = resultPlan(schema, shape.allDims);
  const count = rows === undefined ? cells.rowCount : rows.length;
  const organizations = shape.organizationIds;
  return (
    distinctKeys(plan, organizations !== undefined) &&
    plan.values.every((v) =>
      v.currency === undefined
        ? cellsAre(cells.column(v.name), rows, count, isNumber, !v.required)
        : cellsAre(cells.column(v.name), rows, count, isNumberOrText, true) &&
          cellsAre(cells.column(v.currency), rows, count, isText, true),
    ) &&
    plan.attributes.every((name) => cellsAre(cells.column(name), rows, count, isText, true)) &&
    plan.dims.every((d) =>
      cellsAre(cells.column(d.name), rows, count, d.type === 'boolean' ? isBoolean : isText, true),
    ) &&
    (organizations === undefined || cellsAre(organizations, rows, count, isText, true))
  );
}

/**
 * `resultFromRow` for rows of a read (`rows`, in that order; default every row), built straight from its columns:
 * no object per row in between (a year is ~10^5 rows of up to 30 columns). `organizationIds`: the rows'
 * organizations when the read keeps them apart.
 */
export function resultsFromCells<E extends EndpointName>(
  schema: TableSchema<E>,
  cells: ReadCells,
  shape: { allDims: readonly Column[]; organizationIds?: readonly Cell[] },
  rows?: readonly number[],
): StoredResult<E>[] {
  const plan = resultPlan(schema, shape.allDims);
  // Each column looked up once per read, not once per cell.
  const values = plan.values.map((v) => ({
    ...v,
    cells: cells.column(v.name),
    currencyCells: v.currency === undefined ? undefined : cells.column(v.currency),
  }));
  const attributes = plan.attributes.map((name) => ({ name, cells: cells.column(name) }));
  const dims = plan.dims.map((d) => ({ name: d.name, cells: cells.column(d.name) }));
  const extras = cells.column('extra');
  const organizations = shape.organizationIds;
  const count = rows === undefined ? cells.rowCount : rows.length;
  const out = new Array<StoredResult<E>>(count);
  // Results share their keys: each is a copy of a template holding them in order (one template per set of optional
  // metrics present), so a row sets ~30 existing fields instead of adding them one by one (most of a read's time).
  const optional = values.filter((v) => v.absentWhenNull && v.currency === undefined);
  const templates = new Map<number, Readonly<Record<string, unknown>>>();
  const templateFor = (present: number): Readonly<Record<string, unknown>> => {
    let template = templates.get(present);
    if (template === undefined) {
      const keys = [
        'object',
        ...values
          .filter((v) => !optional.includes(v) || (present & (1 << optional.indexOf(v))) !== 0)
          .map((v) => v.metric),
        ...attributes.map((a) => a.name),
        ...dims.map((d) => d.name),
        ...plan.unread,
        ...(organizations === undefined ? [] : ['organization_id']),
      ];
      // From entries, not field by field: V8 keeps such an object (and its copies) in fast mode, where ~30 fields
      // added one by one make a slow dictionary object.
      template = Object.fromEntries([...new Set(keys)].map((k) => [k, k === 'object' ? plan.resultObject : null]));
      templates.set(present, template);
    }
    return template;
  };
  const templated = optional.length <= 30;
  // Checked column by column when every result built from a template is then right by construction (the same
  // checks `mistypedField` makes per result, where they cost a fifth of a year's read); a column that fails falls
  // back to the check per result, which names the field and the result.
  const columnsChecked = templated && cellsChecked(schema, cells, shape, rows);
  for (let k = 0; k < count; k++) {
    const i = rows === undefined ? k : (rows[k] ?? -1);
    const extra = extras?.[i];
    let r: Record<string, unknown>;
    if (templated && typeof extra !== 'string') {
      let present = 0;
      for (let j = 0; j < optional.length; j++) if ((optional[j]?.cells?.[i] ?? null) !== null) present |= 1 << j;
      r = { ...templateFor(present) };
      for (const v of values) {
        const value = v.cells?.[i] ?? null;
        if (v.currency !== undefined) {
          const currency = v.currencyCells?.[i] ?? null;
          r[v.metric] = value === null ? null : currency === null ? { value } : { value, currency };
        } else if (value !== null) r[v.metric] = value;
      }
      for (const a of attributes) r[a.name] = a.cells?.[i] ?? null;
      for (const d of dims) r[d.name] = d.cells?.[i] ?? null;
      if (organizations !== undefined) r['organization_id'] = organizations[i] ?? null;
    } else {
      r = { object: plan.resultObject };
      for (const v of values) {
        const value = v.cells?.[i] ?? null;
        if (v.currency !== undefined) {
          // A currency the API did not send stays absent, as on the wire.
          const currency = v.currencyCells?.[i] ?? null;
          r[v.metric] = value === null ? null : currency === null ? { value } : { value, currency };
        } else if (value !== null || !v.absentWhenNull) {
          // Fields older buckets lack are stored as null and given back absent, as the API sends them.
          r[v.metric] = value;
        }
      }
      for (const a of attributes) r[a.name] = a.cells?.[i] ?? null;
      for (const d of dims) r[d.name] = d.cells?.[i] ?? null;
      if (typeof extra === 'string') {
        const kept: unknown = JSON.parse(extra);
        if (isJsonObject(kept)) Object.assign(r, kept);
      }
      // The read dimensions are set above (or by `extra`): only the others can be missing.
      for (const d of plan.unread) if (!(d in r)) r[d] = null;
      // The key, after `extra`: a result field the API called organization_id never stands in for it.
      if (organizations !== undefined) r['organization_id'] = organizations[i] ?? null;
    }
    if (!isStoredResult<E>(plan, r, columnsChecked && templated && typeof extra !== 'string'))
      throw new TypeError(
        `invalid stored ${schema.endpoint} result in ${schema.table}: field ${mistypedField(plan, r)} ` +
          `is not what the catalogue declares (${JSON.stringify(r)})`,
      );
    out[k] = r;
  }
  return out;
}
