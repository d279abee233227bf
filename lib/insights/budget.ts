/** Where the budget line comes from. */
export type BudgetSource = 'parameter' | 'spend_limit' | 'spend_alert';

/** A monthly budget in USD. */
export interface Budget {
  amount: number;
  source: BudgetSource;
}

/** Checks a budget amount: a finite positive number of USD. */
export function checkBudgetAmount(value: unknown, name = 'budget'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `invalid ${name}: ${JSON.stringify(value) ?? String(value)} (expected a positive amount in USD, or null for none)`,
    );
  }
  return value;
}

/**
 * The budget line: the `budget` parameter when set, else the organization's spend limit, else its lowest spend
 * alert, else none. The API values come in as arguments (read through the directory client), so this stays pure.
 * @example resolveBudget(null, { spendLimit: 500, spendAlerts: [250, 400] }) // { amount: 500, source: 'spend_limit' }
 * resolveBudget(null, { spendAlerts: [400, 250] }) // { amount: 250, source: 'spend_alert' }
 */
export function resolveBudget(
  parameter: number | null | undefined,
  fromApi: { spendLimit?: number | null; spendAlerts?: readonly number[] } = {},
): Budget | null {
  if (parameter !== null && parameter !== undefined)
    return { amount: checkBudgetAmount(parameter), source: 'parameter' };
  if (fromApi.spendLimit !== null && fromApi.spendLimit !== undefined)
    return { amount: checkBudgetAmount(fromApi.spendLimit, 'spend limit'), source: 'spend_limit' };
  const alerts = (fromApi.spendAlerts ?? []).map((a) => checkBudgetAmount(a, 'spend alert'));
  return alerts.length === 0 ? null : { amount: Math.min(...alerts), source: 'spend_alert' };
}
