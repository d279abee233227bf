import type { ChartAxis } from './figure';
import { escapeLabel } from './escape-label';

/** Longest tick label shown in full; longer ones are shortened with "…" (hover keeps the full name). */
export const MAX_TICK_CHARS = 32;

/** Longest legend entry name before "…" (legends sit beside the plot and would squeeze it). */
export const LEGEND_CHARS = 40;

/** Fewest characters of a name kept before the suffix a label ends with. */
const NAME_CHARS = 11;

/**
 * Shortens raw `text` to `max` characters with an ellipsis in the middle: names like
 * "evals | gpt-4o-mini-2024-07-18, input" differ at their end as often as at their start. A label's one suffix
 * ("Support Assistant (globex, …gXYFd)", what tells same-named projects apart) stays whole; the name before it is
 * shortened at its end.
 */
export function truncateLabel(text: string, max = MAX_TICK_CHARS): string {
  if (text.length <= max) return text;
  // By code point: slicing UTF-16 units would cut an emoji ("🚀 Launch") into a lone surrogate.
  const chars = [...text];
  if (chars.length <= max) return text;
  // A trailing " (…)" is what tells projects apart: shorten the name before it and keep it whole.
  const suffix = / \([^()]*\)$/.exec(text)?.[0];
  const suffixChars = suffix === undefined ? 0 : [...suffix].length;
  if (suffix !== undefined && suffixChars <= max - 1 - NAME_CHARS)
    return `${chars.slice(0, max - 1 - suffixChars).join('')}…${suffix}`;
  const head = Math.ceil((max - 1) / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (max - 1 - head)).join('')}`;
}

/**
 * Category axis over unique escaped names whose tick texts are shortened (then escaped) copies, so long model or
 * line-item names do not eat the plotting area. Truncating before escaping never cuts an entity in half.
 */
export function categoryTicks(raw: readonly string[]): ChartAxis {
  const escaped = raw.map(escapeLabel);
  return {
    type: 'category',
    categoryorder: 'array',
    categoryarray: escaped,
    tickmode: 'array',
    tickvals: escaped,
    ticktext: raw.map((name) => escapeLabel(truncateLabel(name))),
    automargin: true,
  };
}
