import { ENDPOINTS, type DimensionName, type WireBucket, type WireCostsResult } from '../catalogue/index';
import { dictEncoder, type DictColumn } from './dict-column';
import { organizationColumns, type OrganizationColumns } from './organization-columns';
import { dimensionField } from './usage-table';

export type CostDimension = DimensionName<'costs'>;
const COST_DIMENSIONS = ENDPOINTS.costs.groupBy as readonly CostDimension[];

/** Columnar costs table: one row per costs result. */
export interface CostTable {
  readonly length: number;
  readonly startTime: Float64Array;
  readonly endTime: Float64Array;
  /** `amount.value`; numeric strings parsed, null or missing → 0 (as the seed). */
  readonly amount: Float64Array;
  /** `amount.currency`; "usd" when amount is missing (as the seed). */
  readonly currency: DictColumn;
  readonly lineItem: DictColumn;
  readonly projectId: DictColumn;
  readonly apiKeyId: DictColumn;
  /** NaN when null or missing. */
  readonly quantity: Float64Array;
  readonly quantityUnit: DictColumn;
  /** Every costs dimension of the catalogue by its API name (`user_id`, `api_source`… included). */
  readonly dimensions: Readonly<Record<CostDimension, DictColumn>>;
  /** Each row's organization when read from several organizations (results tagged); absent for one. */
  readonly organizations?: OrganizationColumns;
}

/** Parses `amount.value`: number, numeric string (seen live) or null. Anything else fails loudly. */
export function amountValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  throw new TypeError(`invalid amount.value: ${JSON.stringify(value)}`);
}

/**
 * Flattens costs buckets into typed columns, once, at the boundary.
 * @example const costs = costTable(await client.fetchAll('costs', { start_time: daysAgo(30) }))
 */
export function costTable(buckets: readonly WireBucket<WireCostsResult>[]): CostTable {
  let length = 0;
  for (const bucket of buckets) length += bucket.results.length;
  const startTime = new Float64Array(length);
  const endTime = new Float64Array(length);
  const amount = new Float64Array(length);
  const quantity = new Float64Array(length);
  const currency = { enc: dictEncoder(), codes: new Int32Array(length) };
  const unit = { enc: dictEncoder(), codes: new Int32Array(length) };
  const dims = COST_DIMENSIONS.map((name) => ({ name, enc: dictEncoder(), codes: new Int32Array(length) }));
  let row = 0;
  // Indexed loops: until they are compiled, `for…of` allocates a result object per step (~10^6 steps a year).
  for (let b = 0; b < buckets.length; b++) {
    const bucket = buckets[b];
    if (bucket === undefined) continue;
    const results = bucket.results;
    for (let k = 0; k < results.length; k++) {
      const r = results[k];
      if (r === undefined) continue;
      startTime[row] = bucket.start_time;
      endTime[row] = bucket.end_time;
      const a = r.amount;
      amount[row] = a ? amountValue(a.value) : 0;
      currency.codes[row] = currency.enc.encode(a ? dimensionField(a.currency ?? 'usd') : 'usd');
      for (let j = 0; j < dims.length; j++) {
        const d = dims[j];
        if (d !== undefined) d.codes[row] = d.enc.encode(dimensionField(r[d.name]));
      }
      const q = r.quantity;
      quantity[row] = typeof q === 'number' ? q : q === null || q === undefined ? NaN : amountValue(q);
      unit.codes[row] = unit.enc.encode(dimensionField(r.quantity_unit));
      row++;
    }
  }
  const dimensions = {} as Record<CostDimension, DictColumn>;
  for (const d of dims) dimensions[d.name] = { codes: d.codes, values: d.enc.values };
  const organizations = organizationColumns(buckets);
  return {
    length,
    startTime,
    endTime,
    amount,
    currency: { codes: currency.codes, values: currency.enc.values },
    lineItem: dimensions.line_item,
    projectId: dimensions.project_id,
    apiKeyId: dimensions.api_key_id,
    quantity,
    quantityUnit: { codes: unit.codes, values: unit.enc.values },
    dimensions,
    ...(organizations === undefined ? {} : { organizations }),
  };
}
