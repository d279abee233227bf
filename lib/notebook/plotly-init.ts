import { inlineScriptText } from '../export/index';
import type { MimeBundle } from './mime-bundle';

/**
 * The one-time output that loads plotly.js into the page (offline: the whole bundle inline, no CDN), only when no
 * `window.Plotly` exists yet, like plotly.py's `init_notebook_mode(connected=False)`.
 */
export function plotlyInitBundle(plotlyJs: string): MimeBundle {
  const version = /plotly\.js v([\d.]+)/.exec(plotlyJs)?.[1] ?? 'unknown';
  return {
    'text/html': `<script type="text/javascript">window.PlotlyConfig={MathJaxConfig:'local'};\nif(!window.Plotly){\n${inlineScriptText(plotlyJs)}\n}</script>`,
    'text/plain': `plotly.js ${version} loaded for offline charts`,
  };
}
