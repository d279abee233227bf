import type { CostTable } from './cost-table';
import { costTableRows } from './organization-rows';

/** The costs of one currency. */
export interface CurrencyCosts {
  /** Lower-case ISO 4217 code, e.g. "usd". */
  currency: string;
  table: CostTable;
}

/** Lower-case code of row `i` ("usd" when the API sent none, as `costTable`). */
function currencyAt(table: CostTable, i: number): string {
  return (table.currency.values[table.currency.codes[i] ?? 0] ?? 'usd').toLowerCase();
}

/** The currencies present in `table`, sorted. */
export function currenciesOf(table: CostTable): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < table.length; i++) seen.add(currencyAt(table, i));
  return [...seen].sort();
}

/**
 * Fails when `table` holds amounts in more than one currency: 10 USD + 1,000 JPY is not $1,010. Called by every
 * aggregation that adds amounts; split with `byCurrency` first.
 */
export function assertOneCurrency(table: CostTable, what: string): void {
  const currencies = currenciesOf(table);
  if (currencies.length > 1) {
    throw new RangeError(
      `invalid costs for ${what}: amounts in ${currencies.length} currencies (${currencies.join(', ')}) cannot be added; ` +
        'split them with byCurrency(table) and aggregate each currency on its own',
    );
  }
}

/**
 * One cost table per currency, "usd" first, then by currency code; an empty table gives one empty "usd" entry so charts still
 * say "no data". Amounts are never added across the entries.
 * @example for (const { currency, table } of byCurrency(costs)) costPerDayChart(costPerDay(table), { currency });
 */
export function byCurrency(table: CostTable): CurrencyCosts[] {
  // USD (the API's usual currency) first, so its charts keep their plain ids; the others by code.
  const currencies = currenciesOf(table).sort(
    (a, b) => Number(b === 'usd') - Number(a === 'usd') || (a < b ? -1 : a > b ? 1 : 0),
  );
  if (currencies.length === 0) return [{ currency: 'usd', table }];
  if (currencies.length === 1) return [{ currency: currencies[0] ?? 'usd', table }];
  return currencies.map((currency) => {
    const rows: number[] = [];
    for (let i = 0; i < table.length; i++) if (currencyAt(table, i) === currency) rows.push(i);
    return { currency, table: costTableRows(table, rows) };
  });
}

/**
 * The id of the chart or export of the `index`-th entry of `byCurrency`: the first (usually "usd") keeps `id`, any
 * other gets its code appended, with a dash for figure ids and an underscore for snake_case frame names.
 * @example byCurrency(costs).map(({ currency }, i) => currencyId('cost-per-day', i, currency)) // ['cost-per-day', 'cost-per-day-eur']
 */
export function currencyId(id: string, index: number, currency: string): string {
  if (index === 0) return id;
  return `${id}${id.includes('_') ? '_' : '-'}${currency}`;
}
