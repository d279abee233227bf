import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_COST_DATA, NO_USAGE_DATA, emptyFigure } from '../../lib/charts/empty-figure';
import { rawMarkup } from './figure-strings';
import { HOSTILE } from './sample-data';

test('no traces, hidden axes, no legend, a short figure with the message centred', () => {
  const fig = emptyFigure('cost-per-day', 'Total Cost per Day', NO_COST_DATA);
  assert.equal(fig.id, 'cost-per-day');
  assert.equal(fig.title, 'Total Cost per Day');
  assert.equal(fig.subtitle, 'No cost data for this range');
  assert.deepEqual(fig.data, []);
  assert.deepEqual(fig.layout.xaxis, { visible: false });
  assert.deepEqual(fig.layout.yaxis, { visible: false });
  assert.equal(fig.layout.showlegend, false);
  assert.equal(fig.layout.height, 260);
  assert.deepEqual(fig.layout.annotations, [
    {
      text: 'No cost data for this range',
      showarrow: false,
      xref: 'paper',
      yref: 'paper',
      x: 0.5,
      y: 0.5,
      font: { size: 16, color: '#666666' },
    },
  ]);
  assert.deepEqual(fig.config, { responsive: true, displaylogo: false });
  assert.equal(NO_USAGE_DATA, 'No usage data for this range');
});

test('the figure keeps the plain title and message; what Plotly draws is escaped', () => {
  const fig = emptyFigure('x', HOSTILE, `nothing for ${HOSTILE}`);
  assert.equal(fig.title, HOSTILE);
  assert.equal(fig.subtitle, `nothing for ${HOSTILE}`);
  assert.deepEqual(rawMarkup(fig.layout), []);
  assert.ok(fig.layout.title.text.startsWith('&lt;/script&gt;'));
  assert.ok(fig.layout.annotations?.[0]?.text.startsWith('nothing for &lt;/script&gt;'));
});

test('the figure is plain JSON: it survives a round trip unchanged', () => {
  const fig = emptyFigure('usage', 'Usage', NO_USAGE_DATA);
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
});
