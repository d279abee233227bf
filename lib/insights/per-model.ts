import { organizationTagOf } from '../catalogue/index';
import { compareOrganizations, organizationFields, organizationKey } from './organization-parts';
import type { ReconciliationRow } from './reconcile';
import type { SavingsRow } from './savings';

/** Billed vs estimated of one model over the whole range. */
export type ModelReconciliation = {
  /** The organization's ID and name: present for rows of several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  model: string;
  billed_usd: number;
  estimated_usd: number | null;
};

/** Cached and batch savings of one model over the whole range. */
export type ModelSavings = {
  /** The organization's ID and name: present for rows of several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  model: string;
  cached_savings_usd: number;
  batch_savings_usd: number;
};

/**
 * `reconcile` rows summed per model over the range, largest bill first; the estimate is null when any day of the
 * model could not be priced (a partial estimate would look like a saving). Rows of several organizations (tagged):
 * per organization and model, `organization_id` and `organization` first.
 * @example showTable(recordsFrame(reconciliationByModel(reconcile(priced, costs))))
 */
export function reconciliationByModel(rows: readonly ReconciliationRow[]): ModelReconciliation[] {
  const byModel = new Map<string, ModelReconciliation>();
  for (const r of rows) {
    const tag = organizationTagOf(r);
    const k = `${organizationKey(tag)}${r.model}`;
    const m = byModel.get(k) ?? { ...organizationFields(tag), model: r.model, billed_usd: 0, estimated_usd: 0 };
    m.billed_usd += r.billed_usd;
    m.estimated_usd = m.estimated_usd === null || r.estimated_usd === null ? null : m.estimated_usd + r.estimated_usd;
    byModel.set(k, m);
  }
  return [...byModel.values()].sort(
    (a, b) => b.billed_usd - a.billed_usd || compareOrganizations(a, b) || (a.model < b.model ? -1 : 1),
  );
}

/**
 * `savings` rows summed per model over the range, largest total saving first; rows of several organizations (tagged)
 * per organization and model, `organization_id` and `organization` first.
 * @example showTable(recordsFrame(savingsByModel(savings(priced))))
 */
export function savingsByModel(rows: readonly SavingsRow[]): ModelSavings[] {
  const byModel = new Map<string, ModelSavings>();
  for (const s of rows) {
    const tag = organizationTagOf(s);
    const k = `${organizationKey(tag)}${s.model}`;
    const m = byModel.get(k) ?? {
      ...organizationFields(tag),
      model: s.model,
      cached_savings_usd: 0,
      batch_savings_usd: 0,
    };
    m.cached_savings_usd += s.cached_savings_usd;
    m.batch_savings_usd += s.batch_savings_usd;
    byModel.set(k, m);
  }
  const total = (m: ModelSavings): number => m.cached_savings_usd + m.batch_savings_usd;
  return [...byModel.values()].sort(
    (a, b) => total(b) - total(a) || compareOrganizations(a, b) || (a.model < b.model ? -1 : 1),
  );
}

/**
 * Cached plus batch savings of all rows, in USD.
 * @example totalSavings([{ date: '2026-11-01', model: 'gpt-4o', cached_savings_usd: 1.5, batch_savings_usd: 0.25 }]) // 1.75
 */
export function totalSavings(rows: readonly SavingsRow[]): number {
  return rows.reduce((acc, s) => acc + s.cached_savings_usd + s.batch_savings_usd, 0);
}
