import { escapeHtml } from '../html/index';
import { toTabular, type TableLike } from './tabular';
import type { Cell } from './make-frame';
import { visibleText } from '../shared/index';

export interface FrameHtmlOptions {
  /** Rows shown, like pandas' head(); default 10. Infinity shows all. */
  limit?: number;
  /** Caption above the table. */
  title?: string;
  /** Header of a Pivot's row-label column; default "". */
  rowHeader?: string;
  /** Said instead of the table when it has no rows (e.g. "Every model with usage has a price"). */
  empty?: string;
}

/** Thousands separators; fractions to 6 digits; tiny non-zero values in exponent form rather than "0". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-6) return value.toExponential(3);
  return value.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(value) ? 0 : 6 });
}

/** Unix-second columns (`start_time`, `end_time`…) are identifiers to copy, not quantities: no separators. */
const TIMESTAMP_COLUMN = /(^|_)time$/;

function cellHtml(value: Cell, plain: boolean): string {
  if (value === null) return '<td></td>';
  if (typeof value === 'number')
    return `<td style="text-align:right">${escapeHtml(plain ? String(value) : formatNumber(value))}</td>`;
  return `<td>${escapeHtml(visibleText(String(value)))}</td>`;
}

/**
 * Renders a DataFrame, Pivot or records as an HTML table string for notebook display. All text is
 * escaped (hostile names render as text, bidi overrides and NUL as visible `\uXXXX`); numbers are right-aligned with thousands separators, except Unix-second
 * columns (`*_time`), shown as the API sends them.
 */
export function frameToHtml(input: TableLike, options: FrameHtmlOptions = {}): string {
  const limit = options.limit ?? 10;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) throw new RangeError(`invalid limit: ${limit}`);
  const { columns, rows } = toTabular(input, options.rowHeader ?? '');
  const caption = options.title === undefined ? '' : `<caption>${escapeHtml(visibleText(options.title))}</caption>`;
  // No placeholder row posing as data: an empty table says so in words.
  if (rows.length === 0 && options.empty !== undefined)
    return `<table class="frame">${caption}</table>\n<p>${escapeHtml(visibleText(options.empty))}</p>`;
  const shown = rows.slice(0, limit);
  const numeric = columns.map((_, c) => shown.some((r) => typeof r[c] === 'number'));
  const head = columns
    .map((name, c) => `<th${numeric[c] ? ' style="text-align:right"' : ''}>${escapeHtml(visibleText(name))}</th>`)
    .join('');
  const plain = columns.map((name) => TIMESTAMP_COLUMN.test(name));
  const body = shown.map((r) => `<tr>${r.map((v, c) => cellHtml(v, plain[c] === true)).join('')}</tr>`).join('\n');
  const more = rows.length > shown.length ? `\n<p>${shown.length} of ${formatNumber(rows.length)} rows shown</p>` : '';
  return `<table class="frame">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${more}`;
}
