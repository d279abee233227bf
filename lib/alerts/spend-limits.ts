import {
  isUsageApiError,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
  type DirectorySource,
} from '../api/index';
import type { SpendLimits } from './evaluate';

/**
 * The budgets of rules without `amount`: the organization's spend limit and spend alerts, and the limits of the
 * given projects, read from the API. Enrichment: an API failure is one notice and leaves what was read (a budget
 * rule then says it has no budget), never an error.
 */
export async function readSpendLimits(
  client: DirectorySource,
  projectIds: readonly string[],
  onNotice: (message: string) => void,
): Promise<SpendLimits> {
  const out: { spendLimit?: number | null; spendAlerts?: number[]; projectLimits?: Record<string, number> } = {};
  try {
    out.spendLimit = (await organizationSpendLimit(client))?.thresholdAmount ?? null;
    out.spendAlerts = (await spendAlerts(client)).map((a) => a.thresholdAmount);
    const projectLimits: Record<string, number> = {};
    for (const id of projectIds) {
      const limit = await projectSpendLimit(client, id);
      if (limit !== null) projectLimits[id] = limit.thresholdAmount;
    }
    out.projectLimits = projectLimits;
  } catch (e) {
    if (!isUsageApiError(e)) throw e;
    onNotice(`spend limits not read (budget rules without amount have no budget): ${e.message}`);
  }
  return out;
}
