import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart, requestsByModelProjectChart, tokenUsageChart } from '../../lib/charts/index';
import { figureHtml, plotlyBundleLoader, reportHtml } from '../../lib/export/index';
import { HOSTILE, dailyCosts, modelProjectRequests, tokenPoints } from '../charts/sample-data';

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

test('report has one plotly copy, a table of contents and every chart', () => {
  const figs = [tokenUsageChart(tokenPoints), costPerDayChart(dailyCosts)];
  const html = reportHtml(figs, { title: 'Usage & spend', plotly: 'inline', bundle: plotlyBundleLoader() });
  assert.equal(html.split('window.Plotly = Plotly').length - 1, 1);
  assert.match(html, /<h1>Usage &amp; spend<\/h1>/);
  assert.match(html, /<li><a href="#token-usage">Daily Input vs Output Token Usage Last 7 Days<\/a><\/li>/);
  assert.equal(html.match(/Plotly\.newPlot\(/g)?.length, 2);
  assert.ok(!/Generated/.test(html), 'no timestamp unless given');
  assert.match(
    reportHtml(figs, { title: 't', plotly: { src: 'p.js' }, generatedAt: '2025-02-01' }),
    /Generated 2025-02-01/,
  );
});

test('report validates ids, duplicates, plotly source and table html', () => {
  const fig = costPerDayChart(dailyCosts);
  assert.throws(
    () => reportHtml([{ ...fig, id: 'Bad/id' }], { title: 't', plotly: 'inline', bundle: fakeBundle }),
    /invalid figure id: "Bad\/id"/,
  );
  assert.throws(
    () => reportHtml([fig, fig], { title: 't', plotly: 'inline', bundle: fakeBundle }),
    /invalid figure id: "cost-per-day" \(duplicate\)/,
  );
  assert.throws(() => reportHtml([fig], { title: 't', plotly: { src: 'javascript:alert(1)' } }), /invalid plotly/);
  assert.throws(
    () =>
      reportHtml([fig], { title: 't', plotly: { src: 'p.js' }, tables: [{ title: 'x', html: '<SCRIPT>1</SCRIPT>' }] }),
    /invalid table html: tables\[0\]/,
  );
});
