import { organizationTagOf } from '../catalogue/index';
import { organizationFields, organizationKey } from './organization-parts';
import type { PricedUsage } from './price-usage';

/** One row of `savings.csv`. */
export type SavingsRow = {
  /** The organization's ID and name: present for usage read from several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  date: string;
  model: string;
  /** List price of the cached tokens at the uncached rate minus their cache-read price. */
  cached_savings_usd: number;
  /** Standard price of batch rows minus their batch price. */
  batch_savings_usd: number;
};

/**
 * Dollars saved by cached input and by the Batch API against list prices, per UTC day and billing model; read from
 * several organizations, per organization too (`organization_id` and `organization` first, organization by
 * organization by ID).
 * @example savings(priceUsage([completions])) // [{ date: '2026-11-01', model, cached_savings_usd, batch_savings_usd }, …]
 */
export function savings(usage: PricedUsage): SavingsRow[] {
  const out = new Map<string, SavingsRow>();
  for (const row of usage.rows) {
    if (row.price === null) continue;
    const tag = organizationTagOf(row);
    const k = `${organizationKey(tag)}${row.date}\u0000${row.billingModel}`;
    const s = out.get(k) ?? {
      ...organizationFields(tag),
      date: row.date,
      model: row.billingModel,
      cached_savings_usd: 0,
      batch_savings_usd: 0,
    };
    s.cached_savings_usd += row.price.cachedSavings;
    s.batch_savings_usd += row.price.batchSavings;
    out.set(k, s);
  }
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
}
