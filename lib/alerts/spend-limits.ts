import {
  isUsageApiError,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
  type DirectorySource,
  type SpendAlert,
  type SpendLimit,
} from '../api/index';
import { storedSpendLimits, type UsageStore } from '../store/index';
import type { SpendLimits } from './evaluate';

/** Budgets are monthly USD amounts: a limit or alert in another currency or interval is not one. */
const monthlyUsd = (l: Pick<SpendLimit, 'currency' | 'interval' | 'thresholdAmount'>): boolean =>
  l.currency.toLowerCase() === 'usd' && l.interval === 'month' && l.thresholdAmount > 0;

/** The budgets of rules without `amount`, from the organization's limits and alerts as lib/api parses them. */
export function spendLimitsFrom(
  organizationLimit: SpendLimit | null,
  alerts: readonly SpendAlert[],
  projectLimits: readonly SpendLimit[],
): SpendLimits {
  // fromEntries defines own properties: a project ID "__proto__" keeps its limit instead of setting a prototype.
  const projects: Record<string, number> = Object.fromEntries(
    projectLimits.flatMap((p) => (p.projectId !== null && monthlyUsd(p) ? [[p.projectId, p.thresholdAmount]] : [])),
  );
  return {
    spendLimit: organizationLimit !== null && monthlyUsd(organizationLimit) ? organizationLimit.thresholdAmount : null,
    spendAlerts: alerts.filter(monthlyUsd).map((a) => a.thresholdAmount),
    projectLimits: projects,
  };
}

/**
 * The spend limits the last directory sync stored for an organization (no request), or null when it stored none
 * (the key could not read them, or the store was synced before they were stored).
 */
export async function readStoredSpendLimits(store: UsageStore, organizationId: string): Promise<SpendLimits | null> {
  const stored = await storedSpendLimits(store, organizationId);
  return stored.read ? spendLimitsFrom(stored.organizationLimit, stored.alerts, stored.projectLimits) : null;
}

/**
 * The budgets of rules without `amount`: the organization's spend limit and spend alerts, and the limits of the
 * given projects, read from the API (where the store holds none). Enrichment: an API failure is one notice and
 * leaves what was read (a budget rule then says it has no budget), never an error.
 */
export async function readSpendLimits(
  client: DirectorySource,
  projectIds: readonly string[],
  onNotice: (message: string) => void,
): Promise<SpendLimits> {
  try {
    const organization = await organizationSpendLimit(client);
    const alerts = await spendAlerts(client);
    const projects: SpendLimit[] = [];
    for (const id of projectIds) {
      const limit = await projectSpendLimit(client, id);
      if (limit !== null) projects.push(limit);
    }
    return spendLimitsFrom(organization, alerts, projects);
  } catch (e) {
    if (!isUsageApiError(e)) throw e;
    onNotice(`spend limits not read (budget rules without amount have no budget): ${e.message}`);
    return {};
  }
}
