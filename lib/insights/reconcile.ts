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
    /** Organization, date and model as one string: the order of the result. */
    order: string;
  };
  const cells: Cell[] = [];
  // Cells by organization and date, then by model: rows come date by date (one organization at a time), so the
  // cells of a date are found once per run of rows, not by a key string built per row (~10^5 rows a year).
  const byDay = new Map<string, Map<string, Cell>>();
  let day: Map<string, Cell> | undefined;
  let dayTag: OrganizationTag | undefined;
  let dayDate: string | undefined;
  const cellsOf = (tag: OrganizationTag | undefined, date: string): Map<string, Cell> => {
    if (day !== undefined && tag === dayTag && date === dayDate) return day;
    const k = `${organizationKey(tag)}${date}`;
    day = byDay.get(k);
    if (day === undefined) byDay.set(k, (day = new Map<string, Cell>()));
    dayTag = tag;
    dayDate = date;
    return day;
  };
  const cell = (ofDay: Map<string, Cell>, tag: OrganizationTag | undefined, date: string, model: string): Cell => {
    let c = ofDay.get(model);
    if (c === undefined) {
      ofDay.set(model, (c = { tag, date, model, billed: 0, order: `${organizationKey(tag)}${date}\u0000${model}` }));
      cells.push(c);
    }
    return c;
  };
  const items = costs.lineItem;
  const parsed = items.values.map((v) => (v === null ? null : parseLineItem(v)));
  const organizationOf = organizationOfRow(costs.organizations);
  let start = NaN;
  let date = '';
  for (let i = 0; i < costs.length; i++) {
    const code = items.codes[i] ?? -1;
    const item = parsed[code] ?? null;
    if (item === null)
      throw new RangeError('invalid costs table: rows without line_item (group_by must include "line_item")');
    const t = costs.startTime[i] ?? 0;
    if (t !== start) date = utcDate((start = t));
    const tag = organizationOf(i);
    cell(cellsOf(tag, date), tag, date, item.model ?? item.raw).billed += costs.amount[i] ?? 0;
  }
  // A usage row's tag is made again only where its organization changes (rows of one come together).
  let id: unknown;
  let name: unknown;
  let tag: OrganizationTag | undefined;
  // An indexed loop: until it is compiled, `for…of` allocates a result object per row.
  for (let i = 0; i < usage.rows.length; i++) {
    const row = usage.rows[i];
    if (row === undefined) continue;
    if (row.organization_id !== id || row.organization !== name) {
      id = row.organization_id;
      name = row.organization;
      tag = organizationTagOf(row);
    }
    const c = cell(cellsOf(tag, row.date), tag, row.date, row.billingModel);
    if (row.price === null) c.estimated = null;
    else if (c.estimated !== null) c.estimated = (c.estimated ?? 0) + row.price.estimated;
  }
  // Keys unique: the order a sort of the keys gives, as when the cells were a map by that key.
  return cells
    .sort((a, b) => (a.order < b.order ? -1 : 1))
    .map((c) => {
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
