import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart, requestsByModelProjectChart } from '../../lib/charts/index';
// Through the room's entry: figureHtml is public (lib/export/index.ts).
import { figureHtml } from '../../lib/export/index';
import { HOSTILE, dailyCosts, modelProjectRequests } from '../charts/sample-data';

const fakeBundle = (): string => 'window.Plotly = {}; // "</script>" in a comment';

test('figure page embeds the figure with a script-safe payload and an escaped title', () => {
  const fig = { ...requestsByModelProjectChart(modelProjectRequests), title: HOSTILE };
  const html = figureHtml(fig, { plotly: 'inline', bundle: fakeBundle });
  assert.match(html, /<title>&lt;\/script&gt;&lt;img/);
  assert.match(html, /<div id="plot-requests-by-model-project"/);
  assert.match(html, /Plotly\.newPlot\("plot-requests-by-model-project", \[/);
  // Only our own script tags: the two config/bundle tags and one per figure.
  assert.equal(html.match(/<script/gi)?.length, 3);
  assert.equal(html.match(/<\/script>/gi)?.length, 3);
  assert.ok(!html.includes('<img'));
});

test('sibling mode references plotly.min.js instead of inlining it', () => {
  const html = figureHtml(costPerDayChart(dailyCosts), { plotly: { src: 'plotly.min.js' } });
  assert.match(html, /<script src="plotly\.min\.js" charset="utf-8"><\/script>/);
  assert.ok(html.length < 20_000);
});

test('by default the page inlines the real plotly.js bundle, once', () => {
  const html = figureHtml(costPerDayChart(dailyCosts), { plotly: 'inline' });
  assert.equal(html.match(/plotly\.js v\d/g)?.length, 1);
  assert.ok(html.includes('<section class="card" id="cost-per-day">'));
  assert.ok(html.indexOf('Plotly.newPlot(') > html.indexOf('plotly.js v'), 'drawn after the bundle loads');
});

test('a bad figure or plotly source is refused before any page is built', () => {
  const fig = costPerDayChart(dailyCosts);
  let read = 0;
  const bundle = (): string => {
    read++;
    return '';
  };
  assert.throws(() => figureHtml({ ...fig, id: '../x' }, { plotly: 'inline', bundle }), /invalid figure id: "\.\.\/x"/);
  assert.throws(() => figureHtml(fig, { plotly: { src: 'javascript:alert(1)' }, bundle }), /invalid plotly: /);
  assert.equal(read, 0, 'the bundle is not read for a page that is refused');
});
