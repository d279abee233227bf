import { frameToHtml, type TableLike } from '../frames/index';
import type { DisplayWriter, MimeBundle } from './mime-bundle';
import { tslabWriter } from './tslab-writer';

/** Options of `showTable`. */
export interface ShowTableOptions {
  /** Rows shown, like pandas' `head(n)`. @default 10 */
  limit?: number;
  /** Caption above the table. */
  title?: string;
  /** Said instead of an empty table, e.g. "Every model with usage has a price". */
  empty?: string;
}

function rowCount(input: TableLike): number {
  // danfojs types its frames loosely (any members), so `in` narrowing leaves `any` here.
  if ('rowTotals' in input) return (input.rows as readonly string[]).length;
  if ('shape' in input) return (input.shape as readonly number[])[0] ?? 0;
  return input.length;
}

/** The display bundle of a table: escaped HTML table plus a one-line text summary. */
export function tableBundle(input: TableLike, options: ShowTableOptions = {}): MimeBundle {
  const html = frameToHtml(input, {
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.empty === undefined ? {} : { empty: options.empty }),
  });
  const rows = rowCount(input);
  return {
    'text/html': html,
    'text/plain':
      rows === 0 && options.empty !== undefined
        ? `${options.title ?? 'Table'}: ${options.empty}`
        : `${options.title ?? 'Table'} (${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'})`,
  };
}

/**
 * Displays a DataFrame, Pivot or records as an HTML table (first `limit` rows, like `df.head()`).
 * @example showTable(usageFrame(table), { limit: 5, title: 'Completions usage' })
 */
export function showTable(
  input: TableLike,
  options: ShowTableOptions = {},
  writer: DisplayWriter = tslabWriter(),
): void {
  writer.publish(tableBundle(input, options), { metadata: { 'usage-notebooks': { role: 'table' } } });
}
