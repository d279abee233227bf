import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Figure } from '../../lib/charts/index';
import { figureBundle } from '../../lib/notebook/figure-bundle';
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
