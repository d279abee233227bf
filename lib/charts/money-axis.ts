import type { ChartAxis } from './figure';
import { invalid } from './check-options';

/** Checks an ISO currency code (the Costs API reports lowercase "usd"). */
export function checkCurrency(currency: unknown): string {
  if (currency === undefined) return 'usd';
  if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) throw invalid('currency', currency);
  return currency.toLowerCase();
}

/** Value axis for money: "$" ticks for USD, code in the title otherwise; two decimals for small totals. */
export function moneyAxis(currency: string, max: number): ChartAxis {
  const usd = currency === 'usd';
  const axis: ChartAxis = {
    title: { text: `Total Cost (${currency.toUpperCase()})` },
    rangemode: 'tozero',
    automargin: true,
    tickformat: max >= 10 ? ',.0f' : ',.2f',
  };
  if (usd) axis.tickprefix = '$';
  return axis;
}
