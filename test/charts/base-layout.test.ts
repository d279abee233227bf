import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIGURE_HEIGHT, baseConfig, baseLayout } from '../../lib/charts/base-layout';
import { HOSTILE } from './sample-data';

test('a left-aligned title on white, 480 px high; no subtitle key without a subtitle', () => {
  const layout = baseLayout('Total Cost per Day');
  assert.deepEqual(layout.title, { text: 'Total Cost per Day', x: 0.01, xanchor: 'left' });
  assert.equal(layout.height, FIGURE_HEIGHT);
  assert.equal(FIGURE_HEIGHT, 480);
  assert.deepEqual(layout.margin, { t: 64, r: 24, b: 64, l: 72 });
  assert.equal(layout.paper_bgcolor, '#ffffff');
  assert.equal(layout.plot_bgcolor, '#ffffff');
  assert.equal(layout.font.size, 13);
  assert.ok(!('subtitle' in layout.title));
});

test('a subtitle adds its line and 20 px more room at the top', () => {
  const layout = baseLayout('T', 'Total: $1.00');
  assert.deepEqual(layout.title.subtitle, { text: 'Total: $1.00' });
  assert.equal(layout.margin.t, 84);
  assert.equal(baseLayout('T', '').margin.t, 84, 'an empty subtitle is still a subtitle');
});

test('title and subtitle are escaped for Plotly', () => {
  const layout = baseLayout(HOSTILE, `a < b & ${HOSTILE}`);
  assert.equal(layout.title.text, '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;');
  assert.ok(!(layout.title.subtitle?.text ?? '').includes('<'));
  assert.ok((layout.title.subtitle?.text ?? '').startsWith('a &lt; b &amp; '));
});

test('every call gives a fresh layout and config: one chart changing its own does not change the next', () => {
  const a = baseLayout('A');
  a.margin.t = 999;
  a.title.text = 'changed';
  assert.equal(baseLayout('A').margin.t, 64);
  assert.equal(baseLayout('A').title.text, 'A');
  const config = baseConfig();
  assert.deepEqual(config, { responsive: true, displaylogo: false });
  config.displayModeBar = false;
  assert.deepEqual(baseConfig(), { responsive: true, displaylogo: false });
});
