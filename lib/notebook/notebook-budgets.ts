import {
  enrichmentFailure,
  escapedId,
  monthlyBudgets,
  organizationSpendLimit,
  pathSegment,
  projectSpendLimit,
  spendAlerts,
  type ApiBudgets,
  type DirectorySource,
  type SpendLimit,
} from '../api/index';
import type { StoredSpendLimits } from '../store/index';
import type { DisplayWriter } from './mime-bundle';
import { showNotice } from './show-notice';
import { tslabWriter } from './tslab-writer';

/**
 * The budgets of the organizations a store read covers, from their stored spend limits (no request). One
 * organization: its limit, alerts and project limits. Several (their spend is summed): the sum of their limits when
 * each has one, no alerts (an alert belongs to one organization's spend), every project's limit. Null when none of
 * them had its limits read, which the caller says.
 * @example budgetsFromStored([await reader.spendLimits(orgId)])
 */
export function budgetsFromStored(stored: readonly StoredSpendLimits[]): ApiBudgets | null {
  const read = stored.map(storedBudgets).filter((b): b is ApiBudgets => b !== null);
  if (read.length === 0) return null;
  // An organization whose limits were not read leaves the summed limit unknown.
  const combined = budgetsOfOrganizations(read);
  return read.length === stored.length ? combined : { ...combined, spendLimit: null, spendAlerts: [] };
}

/**
 * One organization's budgets from its stored spend limits (monthly USD), or null when its last directory sync could
 * not read them.
 * @example storedBudgets(await reader.spendLimits(organizationId))
 */
export function storedBudgets(stored: StoredSpendLimits): ApiBudgets | null {
  return stored.read ? monthlyBudgets(stored.organizationLimit, stored.alerts, stored.projectLimits) : null;
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
  try {
    return await readBudgets(client, projectIds, notice, 'their forecasts use the budget parameter only');
  } catch (err) {
    notice(`Spend limits unavailable, the forecast uses the budget parameter only (${enrichmentFailure(err)}).`);
    return { spendLimit: null, spendAlerts: [], projectLimits: {} };
  }
}

/**
 * `loadBudgets` without its fallback: the budgets, or the error that stopped their read (the caller says what goes on
 * without them). Projects whose ID no URL path can carry are left out, said through `notice` with `without` (what
 * goes on without their limits).
 * @example await readBudgets(client, projectIds, warn, 'budget rules without an amount have no budget for them')
 */
export async function readBudgets(
  client: DirectorySource,
  projectIds: readonly string[],
  notice: (line: string) => void,
  without: string,
): Promise<ApiBudgets> {
  const unreadable = projectIds.filter((id) => pathSegment(id) === null);
  const limit = await organizationSpendLimit(client);
  const alerts = await spendAlerts(client);
  const projectLimits: SpendLimit[] = [];
  for (const id of projectIds) {
    if (unreadable.includes(id)) continue;
    const p = await projectSpendLimit(client, id);
    if (p !== null) projectLimits.push(p);
  }
  if (unreadable.length > 0)
    notice(
      `Spend limits of project${unreadable.length === 1 ? '' : 's'} ${unreadable.map(escapedId).join(', ')} not ` +
        `read (no URL path can carry the ID); ${without}.`,
    );
  return monthlyBudgets(limit, alerts, projectLimits);
}
