import { invalid } from './check-options';
import { formatCount, formatCurrency } from './format';
import { checkCurrency } from './money-axis';

/** How values of a generic chart are shown: counts ("1,234") or money ("$1,234.56"). */
export type ValueFormat = 'count' | 'currency';

/** Returns the formatter for a value format, validating both options. */
export function valueFormatter(format: ValueFormat | undefined, currency: string | undefined): (v: number) => string {
  if (format === undefined || format === 'count') return formatCount;
  if (format !== 'currency') throw invalid('valueFormat', format);
  const code = checkCurrency(currency);
  return (v) => formatCurrency(v, code);
}
