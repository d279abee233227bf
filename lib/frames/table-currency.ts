import type { CostTable } from './cost-table';

/**
 * The one currency of a cost table's amounts ("usd" for an empty table, as the API's default). Mixed currencies
 * are refused rather than summed.
 * @example costPerDayChart(daily, { currency: tableCurrency(costs) })
 */
export function tableCurrency(table: CostTable): string {
  const used = new Set<string>();
  for (let i = 0; i < table.length; i++) {
    const value = table.currency.values[table.currency.codes[i] ?? -1];
    if (value !== null && value !== undefined) used.add(value);
  }
  if (used.size > 1) throw new Error(`invalid currency: ${[...used].sort().join(', ')} (one currency per table)`);
  return [...used][0] ?? 'usd';
}
