import {
  enrichmentFailure,
  escapedId,
  organizationSpendLimit,
  pathSegment,
  projectSpendLimit,
  spendAlerts,
  type DirectorySource,
} from '../api/index';
import type { DisplayWriter } from './mime-bundle';
import { showNotice } from './show-notice';
import { tslabWriter } from './tslab-writer';

/** The budgets an organization configured, in USD per month, as `resolveBudget` and `forecastByProject` take them. */
export interface ApiBudgets {
  spendLimit: number | null;
  spendAlerts: number[];
  projectLimits: Record<string, number>;
}

/**
 * Reads the organization's spend limit, spend alerts and the given projects' spend limits (monthly, USD only). When
 * they cannot be read (no permission, 5xx after retries, anything else) the notebook goes on without them and says
 * so once (in the cell's output by default); a project whose ID no URL path can carry is left out, said in the same
 * one notice.
 * @example const fromApi = await loadBudgets(conn.client, projectIds)
 */
export async function loadBudgets(
  client: DirectorySource,
  projectIds: readonly string[],
  writer: DisplayWriter = tslabWriter(),
): Promise<ApiBudgets> {
  const monthlyUsd = (l: { currency: string; interval: string }): boolean =>
    l.currency.toLowerCase() === 'usd' && l.interval === 'month';
  const notice = (line: string): void => showNotice(line, 'warning', writer);
  const unreadable = projectIds.filter((id) => pathSegment(id) === null);
  try {
    const limit = await organizationSpendLimit(client);
    const alerts = await spendAlerts(client);
    const projectLimits: Record<string, number> = {};
    for (const id of projectIds) {
      if (unreadable.includes(id)) continue;
      const p = await projectSpendLimit(client, id);
      if (p !== null && monthlyUsd(p) && p.thresholdAmount > 0) projectLimits[id] = p.thresholdAmount;
    }
    if (unreadable.length > 0)
      notice(
        `Spend limits of project${unreadable.length === 1 ? '' : 's'} ${unreadable.map(escapedId).join(', ')} not ` +
          'read (no URL path can carry the ID); their forecasts use the budget parameter only.',
      );
    return {
      spendLimit: limit !== null && monthlyUsd(limit) && limit.thresholdAmount > 0 ? limit.thresholdAmount : null,
      spendAlerts: alerts.filter((a) => monthlyUsd(a) && a.thresholdAmount > 0).map((a) => a.thresholdAmount),
      projectLimits,
    };
  } catch (err) {
    notice(`Spend limits unavailable, the forecast uses the budget parameter only (${enrichmentFailure(err)}).`);
    return { spendLimit: null, spendAlerts: [], projectLimits: {} };
  }
}
