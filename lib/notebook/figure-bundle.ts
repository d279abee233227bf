import type { Figure } from '../charts/index';
import { escapeHtml } from '../html/index';
import type { MimeBundle } from './mime-bundle';

/** MIME type rendered by the jupyterlab-plotly extension (shipped in the Python `plotly` wheel). */
const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * The display bundle of one figure: Plotly JSON (JupyterLab's Plotly renderer draws it, also untrusted, and saves a
 * PNG snapshot beside it), a short `text/html` note for viewers without that renderer, and `text/plain`. No output
 * carries plotly.js, so a notebook saved after Run All stays small; the exported report is the shareable copy.
 */
export function figureBundle(fig: Figure): MimeBundle {
  const spec = { data: fig.data, layout: fig.layout, config: fig.config };
  const html =
    `<div class="usage-figure"><em>${escapeHtml(fig.title)}: interactive Plotly chart, drawn by JupyterLab; ` +
    'the exported report (writeExports) or saveChart() makes a page that opens anywhere.</em></div>';
  return {
    [PLOTLY_MIME]: spec,
    'text/html': html,
    'text/plain': `${fig.title} (Plotly figure "${fig.id}"; open in JupyterLab to interact)`,
  };
}
