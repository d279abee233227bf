import type { Figure } from './figure';
import { baseConfig, baseLayout } from './base-layout';
import { escapeLabel } from './escape-label';

/** Message for figures without usage data. */
export const NO_USAGE_DATA = 'No usage data for this range';
/** Message for figures without cost data. */
export const NO_COST_DATA = 'No cost data for this range';

/** A figure with no traces, hidden axes and a centred message instead of an empty grid. */
export function emptyFigure(id: string, title: string, message: string): Figure {
  const layout = baseLayout(title);
  layout.xaxis = { visible: false };
  layout.yaxis = { visible: false };
  layout.showlegend = false;
  layout.height = 260;
  layout.annotations = [
    {
      text: escapeLabel(message),
      showarrow: false,
      xref: 'paper',
      yref: 'paper',
      x: 0.5,
      y: 0.5,
      font: { size: 16, color: '#666666' },
    },
  ];
  return { id, title, subtitle: message, data: [], layout, config: baseConfig() };
}
