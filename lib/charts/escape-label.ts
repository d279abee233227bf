import { visibleText } from '../frames/index';

/**
 * Entity-escapes `&`, `<` and `>` so Plotly shows a label as text: Plotly interprets a subset of HTML
 * (`<b>`, `<br>`, `<a href>`) in names, tick labels, hover and pie text, and decodes entities back for display.
 * Bidi overrides and control characters (NUL…) are shown as visible `\uXXXX` escapes.
 */
export function escapeLabel(text: string): string {
  return visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A pie label plotly.js can use as an object key: it keeps per-label state in plain objects, so a label such as
 * `__proto__`, `constructor` or `toString` (a project can be named that) makes the pie throw and draw nothing. Such
 * a label gets an invisible zero-width space in front: it displays exactly as written.
 */
export function plotlyKeySafe(label: string): string {
  return label in Object.prototype ? `\u200b${label}` : label;
}
