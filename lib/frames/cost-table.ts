import type { WireBucket, WireCostsResult } from '../api/wire';
import { dictEncoder, type DictColumn } from './dict-column';
import { dimensionField } from './usage-table';

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
  const enc = { currency: dictEncoder(), lineItem: dictEncoder(), projectId: dictEncoder(), apiKeyId: dictEncoder(), quantityUnit: dictEncoder() };
  const codes = { currency: new Int32Array(length), lineItem: new Int32Array(length), projectId: new Int32Array(length), apiKeyId: new Int32Array(length), quantityUnit: new Int32Array(length) };
  let row = 0;
  for (const bucket of buckets) {
    for (const r of bucket.results) {
      startTime[row] = bucket.start_time;
      endTime[row] = bucket.end_time;
      const a = r.amount;
      amount[row] = a ? amountValue(a.value) : 0;
      codes.currency[row] = enc.currency.encode(a ? dimensionField(a.currency) : 'usd');
      codes.lineItem[row] = enc.lineItem.encode(dimensionField(r.line_item));
      codes.projectId[row] = enc.projectId.encode(dimensionField(r.project_id));
      codes.apiKeyId[row] = enc.apiKeyId.encode(dimensionField(r.api_key_id));
      const q = r.quantity;
      quantity[row] = typeof q === 'number' ? q : q === null || q === undefined ? NaN : amountValue(q);
      codes.quantityUnit[row] = enc.quantityUnit.encode(dimensionField(r.quantity_unit));
      row++;
    }
  }
  const column = (name: keyof typeof codes): DictColumn => ({ codes: codes[name], values: enc[name].values });
  return {
    length,
    startTime,
    endTime,
    amount,
    currency: column('currency'),
    lineItem: column('lineItem'),
    projectId: column('projectId'),
    apiKeyId: column('apiKeyId'),
    quantity,
    quantityUnit: column('quantityUnit'),
  };
}
