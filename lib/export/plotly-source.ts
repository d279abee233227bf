import { escapeHtml } from '../html/index';
import { inlineScriptText } from './inline-script-text';

/** Where a page gets plotly.js: inlined (self-contained, ~4.8 MB) or a relative/absolute script URL. */
export type PlotlySource = 'inline' | { src: string };

/** Checks a plotly source option early. */
export function checkPlotlySource(plotly: unknown): PlotlySource {
  if (plotly === 'inline') return plotly;
  if (typeof plotly === 'object' && plotly !== null && 'src' in plotly) {
    const { src } = plotly;
    if (typeof src === 'string' && src.trim() !== '' && !/^\s*javascript:/i.test(src)) return { src };
  }
  throw new Error(`invalid plotly: ${JSON.stringify(plotly) ?? String(plotly)}`);
}

/**
 * The `<script>` element(s) loading plotly.js. Inline bundles get `</script` and `<!--` neutralised (the
 * bundle has none today; a future version must not be able to end the element early).
 */
export function plotlyScriptTag(plotly: PlotlySource, bundle: () => string): string {
  const config = '<script>window.PlotlyConfig = {MathJaxConfig: "local"};</script>';
  if (plotly !== 'inline') return `${config}\n<script src="${escapeHtml(plotly.src)}" charset="utf-8"></script>`;
  return `${config}\n<script charset="utf-8">${inlineBundle(bundle())}</script>`;
}

/** The last bundle made script-safe: the same 4.8 MB text is scanned once, not once per page. */
const lastInline: { js?: string; safe?: string } = {};

function inlineBundle(js: string): string {
  if (lastInline.js !== js || lastInline.safe === undefined) {
    lastInline.js = js;
    lastInline.safe = inlineScriptText(js);
  }
  return lastInline.safe;
}
