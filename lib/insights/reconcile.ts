import { organizationTagOf, type OrganizationTag } from '../catalogue/index';
import { organizationOfRow, type CostTable } from '../frames/index';
import { parseLineItem } from './line-item';
import { organizationFields, organizationKey } from './organization-parts';
import type { PricedUsage } from './price-usage';
import { utcDate } from '../shared/index';

/** One row of `reconciliation.csv`: billed vs estimated per UTC day and model. */
export type ReconciliationRow = {
  /** The organization's ID and name: present for data read from several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  date: string;
  /** The billing model (fine-tunes as `ft-<base>`), or the whole line item when it names no model (tools, storage). */
  model: string;
  billed_usd: number;
  /** Null when the usage of that model and day cannot be priced (unknown model, or no token usage). */
  estimated_usd: number | null;
  difference_usd: number | null;
};

/**
 * Billed (Costs API, grouped by `line_item`) against estimated (usage priced at list rates) per UTC day and model.
 * A day and model with any unpriced usage gets no estimate (null), never a partial or $0 one. Read from several
 * organizations: per organization too (`organization_id` and `organization` first), organization by organization
 * (by ID), each in the order of one.
 * @example reconcile(priceUsage([completions]), costs) // [{ date, model, billed_usd, estimated_usd, difference_usd }, …]
 */
export function reconcile(usage: PricedUsage, costs: CostTable): ReconciliationRow[] {
  type Cell = {
    tag: OrganizationTag | undefined;
    date: string;
    model: string;
    billed: number;
    estimated?: number | null;
  };
  const cells = new Map<string, Cell>();
  const cell = (tag: OrganizationTag | undefined, date: string, model: string): Cell => {
    const k = `${organizationKey(tag)}${date}\u0000${model}`;
    let c = cells.get(k);
    if (c === undefined) cells.set(k, (c = { tag, date, model, billed: 0 }));
    return c;
  };
  const items = costs.lineItem;
  const parsed = items.values.map((v) => (v === null ? null : parseLineItem(v)));
  const organizationOf = organizationOfRow(costs.organizations);
  for (let i = 0; i < costs.length; i++) {
    const code = items.codes[i] ?? -1;
    const item = parsed[code] ?? null;
    if (item === null)
      throw new RangeError('invalid costs table: rows without line_item (group_by must include "line_item")');
    cell(organizationOf(i), utcDate(costs.startTime[i] ?? 0), item.model ?? item.raw).billed += costs.amount[i] ?? 0;
  }
  for (const row of usage.rows) {
    const c = cell(organizationTagOf(row), row.date, row.billingModel);
    if (row.price === null) c.estimated = null;
    else if (c.estimated !== null) c.estimated = (c.estimated ?? 0) + row.price.estimated;
  }
  return [...cells.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([, c]) => {
      const e = c.estimated ?? null;
      return {
        ...organizationFields(c.tag),
        date: c.date,
        model: c.model,
        billed_usd: c.billed,
        estimated_usd: e,
        difference_usd: e === null ? null : c.billed - e,
      };
    });
}
