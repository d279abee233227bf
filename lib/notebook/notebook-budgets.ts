import {
  enrichmentFailure,
  escapedId,
  organizationSpendLimit,
  pathSegment,
  projectSpendLimit,
  spendAlerts,
  type DirectorySource,
  type SpendAlert,
  type SpendLimit,
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

/** A monthly USD threshold's amount; null for none, another currency or interval, or a zero threshold. */
function monthlyAmount(l: { currency: string; interval: string; thresholdAmount: number } | null): number | null {
  return l !== null && l.currency.toLowerCase() === 'usd' && l.interval === 'month' && l.thresholdAmount > 0
    ? l.thresholdAmount
    : null;
}

/** One organization's spend limits and alerts as the store holds them (`storedSpendLimits`). */
export interface StoredBudgetLimits {
  read: boolean;
  organizationLimit: SpendLimit | null;
  projectLimits: readonly SpendLimit[];
  alerts: readonly SpendAlert[];
}

/**
 * The budgets of the organizations a store read covers, from their stored spend limits (no request). One
 * organization: its limit, alerts and project limits. Several (their spend is summed): the sum of their limits when
 * each has one, no alerts (an alert belongs to one organization's spend), every project's limit. Null when none of
 * them had its limits read, which the caller says.
 * @example budgetsFromStored([await reader.spendLimits(orgId)])
 */
export function budgetsFromStored(stored: readonly StoredBudgetLimits[]): ApiBudgets | null {
  const read = stored.filter((s) => s.read);
  if (read.length === 0) return null;
  const limits = stored.map((s) => (s.read ? monthlyAmount(s.organizationLimit) : null));
  const projectLimits: Record<string, number> = {};
  for (const s of read)
    for (const l of s.projectLimits) {
      const amount = monthlyAmount(l);
      if (l.projectId !== null && amount !== null) projectLimits[l.projectId] = amount;
    }
  return {
    spendLimit:
      limits.length > 0 && limits.every((l) => l !== null) ? limits.reduce((a: number, l) => a + (l ?? 0), 0) : null,
    spendAlerts:
      stored.length === 1
        ? read.flatMap((s) => s.alerts.map(monthlyAmount)).filter((a): a is number => a !== null)
        : [],
    projectLimits,
  };
}

/**
 * The budgets of several organizations read together (their spend is summed), as `budgetsFromStored` combines stored
 * ones: the sum of their spend limits when each has one, no alerts (an alert belongs to one organization's spend),
 * every project's limit. One organization: its budgets as they are.
 * @example budgetsOfOrganizations([await loadBudgets(acme, ids), await loadBudgets(globex, ids)])
 */
export function budgetsOfOrganizations(parts: readonly ApiBudgets[]): ApiBudgets {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  const limits = parts.map((p) => p.spendLimit);
  return {
    spendLimit:
      limits.length > 0 && limits.every((l) => l !== null) ? limits.reduce((a: number, l) => a + (l ?? 0), 0) : null,
    spendAlerts: [],
    projectLimits: Object.fromEntries(parts.flatMap((p) => Object.entries(p.projectLimits))),
  };
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
  const notice = (line: string): void => showNotice(line, 'warning', writer);
  const unreadable = projectIds.filter((id) => pathSegment(id) === null);
  try {
    const limit = await organizationSpendLimit(client);
    const alerts = await spendAlerts(client);
    const projectLimits: Record<string, number> = {};
    for (const id of projectIds) {
      if (unreadable.includes(id)) continue;
      const p = await projectSpendLimit(client, id);
      const amount = monthlyAmount(p);
      if (amount !== null) projectLimits[id] = amount;
    }
    if (unreadable.length > 0)
      notice(
        `Spend limits of project${unreadable.length === 1 ? '' : 's'} ${unreadable.map(escapedId).join(', ')} not ` +
          'read (no URL path can carry the ID); their forecasts use the budget parameter only.',
      );
    return {
      spendLimit: monthlyAmount(limit),
      spendAlerts: alerts.map(monthlyAmount).filter((a): a is number => a !== null),
      projectLimits,
    };
  } catch (err) {
    notice(`Spend limits unavailable, the forecast uses the budget parameter only (${enrichmentFailure(err)}).`);
    return { spendLimit: null, spendAlerts: [], projectLimits: {} };
  }
}
