import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart } from '../../lib/charts/index';
import { aboutHtml, checkReportAbout, combineAbout, reportAbout } from '../../lib/export/report-about';
import { reportHtml } from '../../lib/export/report-html';
import { storeLabel } from '../../lib/store/index';
import * as s from '../charts/sample-data';

const START = Date.UTC(2026, 10, 1) / 1000; // 2026-11-01 00:00 UTC
const END = Date.UTC(2026, 11, 1, 12, 30) / 1000; // 2026-12-01 12:30 UTC
const AT = new Date(Date.UTC(2026, 11, 1, 12, 31, 5));

test('demo data says "demo" and the emulator; live data names the API base URL', () => {
  assert.deepEqual(
    reportAbout({ mode: 'demo', baseURL: 'http://127.0.0.1:1/v1', start: START, end: END, generatedAt: AT }),
    {
      organization: 'demo',
      source: 'the built-in emulator of the Usage and Costs API (synthetic data, no network)',
      start: START,
      end: END,
      generatedAt: '2026-12-01T12:31:05.000Z',
    },
  );
  const live = reportAbout({
    mode: 'live',
    baseURL: 'https://api.openai.com/v1',
    start: START,
    end: END,
    generatedAt: AT,
  });
  assert.equal(live.organization, 'the organization of the configured admin key');
  assert.equal(live.source, 'OpenAI Usage and Costs API (https://api.openai.com/v1)');
  const named = reportAbout({ mode: 'live', baseURL: 'https://x/v1', start: START, end: END, organization: 'Acme' });
  assert.equal(named.organization, 'Acme');
});

test('the header lists organization, range, generation time and source, escaped', () => {
  const about = { organization: '<Acme & Co>', source: 'src', start: START, end: END, generatedAt: AT.toISOString() };
  assert.equal(
    aboutHtml(about),
    '<dl class="about"><dt>Organization</dt><dd>&lt;Acme &amp; Co&gt;</dd>' +
      '<dt>Range</dt><dd>2026-11-01 00:00 to 2026-12-01 12:30 UTC</dd><dt>Generated</dt><dd>2026-12-01T12:31:05.000Z</dd>' +
      '<dt>Data source</dt><dd>src</dd></dl>',
  );
  const html = reportHtml([costPerDayChart(s.dailyCosts)], {
    title: 'Costs',
    plotly: 'inline',
    bundle: () => '/*p*/',
    about,
  });
  assert.ok(html.includes('<h1>Costs</h1><dl class="about"><dt>Organization</dt>'));
});

test('bad coverage fails early and names the field', () => {
  const ok = { organization: 'demo', source: 's', start: START, end: END, generatedAt: 'now' };
  assert.throws(
    () => checkReportAbout({ ...ok, organization: ' ' }),
    /^Error: invalid about\.organization: " " \(a non-empty string\)$/,
  );
  assert.throws(() => checkReportAbout({ ...ok, start: Number.NaN }), /invalid about\.start: NaN \(Unix seconds\)/);
  assert.throws(() => checkReportAbout({ ...ok, end: START - 1 }), /invalid about\.end: .* \(before start/);
});

test('the combined report covers the union of the ranges and every distinct organization and source', () => {
  const a = { organization: 'demo', source: 'emu', start: START + 86_400, end: END, generatedAt: 'x' };
  const b = { organization: 'demo', source: 'emu', start: START, end: END - 3600, generatedAt: 'y' };
  assert.deepEqual(combineAbout([a, b], AT), {
    organization: 'demo',
    source: 'emu',
    start: START,
    end: END,
    generatedAt: AT.toISOString(),
  });
  assert.equal(combineAbout([a, { ...b, organization: 'Acme' }], AT)?.organization, 'demo; Acme');
  assert.equal(combineAbout([], AT), undefined);
});

test('a report read from a store names the store (file name, or host and database, never a password)', () => {
  const base = { mode: 'live', baseURL: 'https://api.openai.com/v1', start: START, end: END } as const;
  const file = reportAbout({
    ...base,
    store: { source: 'sync', label: storeLabel('/home/ana/work/data/usage.duckdb') },
  });
  assert.equal(
    file.source,
    'DuckDB store usage.duckdb, synced from OpenAI Usage and Costs API (https://api.openai.com/v1)',
  );
  const pg = storeLabel('postgres://ana:s3cret@db.internal:5432/usage');
  assert.equal(pg, 'PostgreSQL store db.internal:5432/usage');
  assert.match(
    reportAbout({ ...base, store: { source: 'store', label: pg } }).source,
    /^PostgreSQL store db\.internal:5432\/usage, as last synced from /,
  );
});

test('a combined report whose parts cover different spans says which covers how many days', () => {
  const end = 1_796_568_063;
  const part = (days: number) => ({
    organization: 'demo',
    source: 'emu',
    start: end - days * 86_400,
    end,
    generatedAt: 'x',
  });
  const about = combineAbout([part(30), part(30), part(45)], AT, ['01_usage', '02_costs', '04_spend']);
  assert.deepEqual(about?.spans, [
    { days: 30, parts: ['01_usage', '02_costs'] },
    { days: 45, parts: ['04_spend'] },
  ]);
  assert.equal(about?.start, end - 45 * 86_400);
  assert.match(
    aboutHtml(about ?? part(1)),
    /<dt>Range<\/dt><dd>2026-10-22 14:41 to 2026-12-06 14:41 UTC \(last 30 days: 01_usage, 02_costs; last 45 days: 04_spend\)<\/dd>/,
  );
  // One span (seconds apart) says nothing more.
  assert.equal(combineAbout([part(30), { ...part(30), start: end - 30 * 86_400 + 7 }], AT)?.spans, undefined);
});
