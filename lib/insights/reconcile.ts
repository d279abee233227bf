import type { CostTable } from '../frames/index';
import { parseLineItem } from './line-item';
import type { PricedUsage } from './price-usage';
import { utcDate } from '../shared/index';

/** One row of `reconciliation.csv`: billed vs estimated per UTC day and model. */
export type ReconciliationRow = {
  date: string;
  /** The billing model (fine-tunes as `ft-<base>`), or the whole line item when it names no model (tools, storage). */
  model: string;
  billed_usd: number;
  /** Null when the usage of that model and day cannot be priced (unknown model, or no token usage). */
  estimated_usd: number | null;
  difference_usd: number | null;
};

function key(date: string, model: string): string {
  return `${date}\u0000${model}`;
}

/**
 * Billed (Costs API, grouped by `line_item`) against estimated (usage priced at list rates) per UTC day and model.
 * A day and model with any unpriced usage gets no estimate (null), never a partial or $0 one.
 * @example reconcile(priceUsage([completions]), costs) // [{ date, model, billed_usd, estimated_usd, difference_usd }, …]
 */
export function reconcile(usage: PricedUsage, costs: CostTable): ReconciliationRow[] {
  const billed = new Map<string, number>();
  const estimated = new Map<string, number | null>();
  const items = costs.lineItem;
  const parsed = items.values.map((v) => (v === null ? null : parseLineItem(v)));
  for (let i = 0; i < costs.length; i++) {
    const code = items.codes[i] ?? -1;
    const item = parsed[code] ?? null;
    if (item === null)
      throw new RangeError('invalid costs table: rows without line_item (group_by must include "line_item")');
    const k = key(utcDate(costs.startTime[i] ?? 0), item.model ?? item.raw);
    billed.set(k, (billed.get(k) ?? 0) + (costs.amount[i] ?? 0));
  }
  for (const row of usage.rows) {
    const k = key(row.date, row.billingModel);
    const prev = estimated.get(k);
    if (row.price === null) estimated.set(k, null);
    else if (prev !== null) estimated.set(k, (prev ?? 0) + row.price.estimated);
  }
  const keys = [...new Set([...billed.keys(), ...estimated.keys()])].sort();
  return keys.map((k) => {
    const [date = '', model = ''] = k.split('\u0000');
    const b = billed.get(k) ?? 0;
    const e = estimated.get(k) ?? null;
    return { date, model, billed_usd: b, estimated_usd: e, difference_usd: e === null ? null : b - e };
  });
}
