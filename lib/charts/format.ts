import type { BucketWidth } from '../catalogue/index';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
// Made once: building a NumberFormat costs far more than formatting (a year's chart hovers format ~10^4 amounts).
const money2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money4 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** Formats a count with thousands separators: 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/**
 * Formats money: "$1,234.56" for USD; other ISO codes as "1,234.56 EUR". Amounts below one cent keep up to
 * four decimals so tiny line items do not all show as "$0.00".
 * @example formatCurrency(1234.5) // "$1,234.50"; formatCurrency(0.00123) // "$0.0012"; formatCurrency(10, "eur") // "10.00 EUR"
 */
export function formatCurrency(value: number, currency = 'usd'): string {
  const text = (value !== 0 && Math.abs(value) < 0.01 ? money4 : money2).format(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  return currency.toLowerCase() === 'usd' ? `${sign}$${text}` : `${sign}${text} ${currency.toUpperCase()}`;
}

/** Formats a fraction (0..1) as a percentage with one decimal: 0.1234 → "12.3%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Formats Unix seconds in UTC: "YYYY-MM-DD" for daily buckets, "YYYY-MM-DD HH:MM" for 1h/1m. */
export function formatBucketTime(unixSeconds: number, width: BucketWidth): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return width === '1d' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
