import { assertOneCurrency, currenciesOf } from './by-currency';
import type { CostTable } from './cost-table';

/**
 * The one currency of a cost table's amounts, lower-case as `byCurrency` gives it ("usd" for an empty table, as the
 * API's default). Mixed currencies are refused rather than one picked: split them with `byCurrency` first.
 * @example costPerDayChart(daily, { currency: tableCurrency(costs) })
 */
export function tableCurrency(table: CostTable): string {
  assertOneCurrency(table, 'tableCurrency');
  return currenciesOf(table)[0] ?? 'usd';
}
