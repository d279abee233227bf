import {
  isUsageApiError,
  monthlyBudgets,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
  type DirectorySource,
  type SpendLimit,
} from '../api/index';
import { storedSpendLimits, type UsageStore } from '../store/index';
import type { SpendLimits } from './evaluate';

/**
 * The spend limits the last directory sync stored for an organization (no request), or null when it stored none
 * (the key could not read them, or the store was synced before they were stored).
 */
export async function readStoredSpendLimits(store: UsageStore, organizationId: string): Promise<SpendLimits | null> {
  const stored = await storedSpendLimits(store, organizationId);
  return stored.read ? monthlyBudgets(stored.organizationLimit, stored.alerts, stored.projectLimits) : null;
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
    return monthlyBudgets(organization, alerts, projects);
  } catch (e) {
    if (!isUsageApiError(e)) throw e;
    onNotice(`spend limits not read (budget rules without amount have no budget): ${e.message}`);
    return {};
  }
}
