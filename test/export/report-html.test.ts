import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart, tokenUsageChart } from '../../lib/charts/index';
import { plotlyBundleLoader, reportHtml } from '../../lib/export/index';
import { dailyCosts, tokenPoints } from '../charts/sample-data';

const fakeBundle = (): string => 'window.Plotly = {}; // "</script>" in a comment';

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
