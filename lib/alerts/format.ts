/** One formatter: `toLocaleString` with options builds a new one per call, and a replay formats every day. */
const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Dollars as messages show them: `$1,234.50`. */
export const usd = (n: number): string => `$${DOLLARS.format(n)}`;
