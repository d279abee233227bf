import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Figure } from '../../lib/charts/index';
import { figureBundle } from '../../lib/notebook/index';
import { textOf } from './display-recorder';

const hostile = '</script><script>alert(1)</script>';
const figure: Figure = {
  id: 'token-usage',
  title: `Tokens ${hostile}`,
  data: [
    {
      type: 'bar',
      name: hostile,
      x: ['2025-01-01'],
      y: [3],
      marker: { color: '#1f77b4' },
      customdata: [[hostile]],
      hovertemplate: '%{customdata[0]}',
    },
  ],
  layout: {
    title: { text: 'Tokens', x: 0, xanchor: 'left' },
    margin: { t: 1, r: 1, b: 1, l: 1 },
    height: 420,
    font: { family: 'sans-serif', size: 12 },
  },
  config: { responsive: true, displaylogo: false },
};

test('a figure bundle carries the Plotly JSON, an escaped HTML note without scripts and a text summary', () => {
  const bundle = figureBundle(figure);
  assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
  assert.deepEqual(bundle['application/vnd.plotly.v1+json'], {
    data: figure.data,
    layout: figure.layout,
    config: figure.config,
  });
  const html = textOf(bundle['text/html']);
  assert.ok(!/<script/i.test(html), 'no script: nothing in the notebook needs plotly.js');
  assert.ok(html.includes('&lt;/script&gt;'), 'the hostile title is shown as text');
  assert.equal(figureBundle(figure)['text/html'], html, 'same figure, same output');
  assert.match(textOf(bundle['text/plain']), /Plotly figure "token-usage"/);
});

test('the Plotly JSON holds only data, layout and config (no id or title of ours); the text names the figure', () => {
  const bundle = figureBundle({ ...figure, id: 'cost-per-day', title: 'Cost "per" day & more' });
  const spec = bundle['application/vnd.plotly.v1+json'];
  assert.ok(typeof spec === 'object');
  assert.deepEqual(Object.keys(spec), ['data', 'layout', 'config']);
  assert.equal(
    bundle['text/plain'],
    'Cost "per" day & more (Plotly figure "cost-per-day"; open in JupyterLab to interact)',
  );
  assert.match(
    textOf(bundle['text/html']),
    /^<div class="usage-figure"><em>Cost (&quot;|")per(&quot;|") day &amp; more: /,
  );
});
