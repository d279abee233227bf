import { createHash } from 'node:crypto';
import type { Figure } from '../charts/index';
import { escapeHtml } from '../frames/frame-html';
import { safeJson } from '../export/index';
import type { MimeBundle } from './mime-bundle';

/** MIME type rendered by the jupyterlab-plotly extension (shipped in the Python `plotly` wheel). */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * The display bundle of one figure: Plotly JSON (JupyterLab renders it natively, also untrusted), `text/html` (a div
 * plus `Plotly.newPlot`, for nbconvert HTML and trusted outputs once `initPlotly()` ran) and `text/plain`.
 * The div id is derived from the figure's content, so re-running a notebook gives identical outputs.
 */
export function figureBundle(fig: Figure): MimeBundle {
  const spec = { data: fig.data, layout: fig.layout, config: fig.config };
  const json = safeJson(spec);
  const domId = `plot-${fig.id}-${createHash('sha256').update(json).digest('hex').slice(0, 10)}`;
  const height = typeof fig.layout.height === 'number' ? fig.layout.height : 450;
  const html = [
    `<div class="usage-figure" id="${domId}" style="width:100%;min-height:${height}px">`,
    `<em>${escapeHtml(fig.title)}: interactive Plotly chart (run <code>initPlotly()</code> in a trusted notebook, or open the exported HTML).</em></div>`,
    `<script>(function(){var el=document.getElementById(${safeJson(domId)});if(!el||!window.Plotly){return;}`,
    `var s=${json};el.innerHTML="";window.Plotly.newPlot(el,s.data,s.layout,s.config);})();</script>`,
  ].join('');
  return {
    [PLOTLY_MIME]: spec,
    'text/html': html,
    'text/plain': `${fig.title} (Plotly figure "${fig.id}"; open in JupyterLab to interact)`,
  };
}
