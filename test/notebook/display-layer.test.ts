import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { InvalidQueryError, type FetchProgress } from '../../lib/api/index';
import type { Figure } from '../../lib/charts/index';
import {
  CellStopped,
  InvalidParams,
  errorSummary,
  figureBundle,
  guard,
  notebookEnv,
  notebookParams,
  previewJson,
  progressDisplay,
  tableBundle,
  tslabWriter,
  type DisplayWriter,
  type MimeBundle,
  type OutputMetadata,
} from '../../lib/notebook/index';
import type { NotebookParamsInput } from '../../lib/notebook/notebook-params';
import { progressLine, syncLine } from '../../lib/notebook/progress-display';

interface Published {
  bundle: MimeBundle;
  metadata?: OutputMetadata;
  displayId?: string;
  update?: boolean;
}

function recorder(): { writer: DisplayWriter; published: Published[] } {
  const published: Published[] = [];
  return {
    published,
    writer: {
      publish: (bundle, options = {}) => {
        published.push({ bundle, ...options });
      },
    },
  };
}

/** A bundle entry that must be text. */
function textOf(value: unknown): string {
  assert.ok(typeof value === 'string', `expected a string, got ${typeof value}`);
  return value;
}

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

test('the tslab writer fails loudly when tslab no longer exposes lastWriteDisplayData', () => {
  assert.throws(
    () => tslabWriter(() => ({})).publish({ 'text/plain': 'x' }),
    /tslab display writer unavailable: .*no lastWriteDisplayData.*tslab 1\.0\.22/,
  );
  assert.throws(
    () =>
      tslabWriter(() => {
        throw new Error('Cannot find module');
      }).publish({ 'text/plain': 'x' }),
    /cannot load tslab\/dist\/jupyter/,
  );
});

test('the real tslab module outside a kernel cell is reported as not running in a kernel', () => {
  assert.throws(
    () => tslabWriter().publish({ 'text/plain': 'x' }),
    /lastWriteDisplayData is null \(not running inside a tslab kernel cell\?\)/,
  );
});

test('the tslab writer hands one display_data with every MIME type, metadata and display id to tslab', () => {
  const calls: unknown[][] = [];
  const writer = tslabWriter(() => ({
    lastWriteDisplayData: (...args: unknown[]) => {
      calls.push(args);
    },
  }));
  writer.publish(
    { 'text/plain': 'a', 'text/html': '<b>a</b>' },
    { displayId: 'd1', update: true, metadata: { 'usage-notebooks': { role: 'table' } } },
  );
  assert.deepEqual(calls, [
    [
      {
        data: { 'text/plain': 'a', 'text/html': '<b>a</b>' },
        metadata: { 'usage-notebooks': { role: 'table' } },
        transient: { display_id: 'd1' },
      },
      true,
    ],
  ]);
});

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

test('a table bundle escapes hostile cells and counts rows', () => {
  const bundle = tableBundle(
    [
      { model: hostile, n: 1234 },
      { model: 'b', n: 1 },
    ],
    { limit: 1, title: 'Models' },
  );
  assert.ok(!textOf(bundle['text/html']).includes('<script>'));
  assert.equal(bundle['text/plain'], 'Models (2 rows)');
});

test('an empty table bundle says what its `empty` option says, in HTML and text', () => {
  const bundle = tableBundle([], { title: 'Models with no price', empty: 'Every model with usage has a price.' });
  assert.ok(textOf(bundle['text/html']).includes('<p>Every model with usage has a price.</p>'));
  assert.equal(bundle['text/plain'], 'Models with no price: Every model with usage has a price.');
  assert.equal(tableBundle([], { title: 'T' })['text/plain'], 'T (0 rows)');
});

test('progress lines read like the brief while fetching, waiting and done', () => {
  const p = (over: Partial<FetchProgress>): FetchProgress => ({
    endpoint: 'completions',
    pages: 3,
    buckets: 21,
    results: 21,
    done: false,
    ...over,
  });
  assert.equal(progressLine(p({}), 0), 'Fetching completions… 3 pages, 21 buckets');
  assert.equal(
    progressLine(p({ pages: 5, buckets: 31, done: true }), 400),
    'Done: completions, 5 pages, 31 buckets in 0.4 s',
  );
  assert.equal(progressLine(p({ waitingMs: 2000, attempt: 1 }), 0, 3, 429), 'Rate limited: waiting 2 s (attempt 2/3)');
  assert.equal(
    progressLine(p({ waitingMs: 1500, attempt: 2 }), 0, 3, 503),
    'Server error 503: retrying in 1.5 s (attempt 3/3)',
  );
});

test('sync lines say windows, requests, rows and the time left, then the total or that nothing was needed', () => {
  const p = { windowsDone: 2, windowsTotal: 5, rows: 1234, requests: 3, elapsedMs: 900, etaMs: 3100 };
  assert.equal(
    syncLine('costs', p),
    'Syncing costs into the store… 2/5 windows, 3 requests, 1,234 rows, about 3.1 s left',
  );
  assert.equal(
    syncLine('costs', { ...p, windowsDone: 0, etaMs: null }),
    'Syncing costs into the store… 0/5 windows, 3 requests, 1,234 rows',
  );
  assert.equal(
    syncLine('costs', { ...p, windowsDone: 5, requests: 1, rows: 1, elapsedMs: 1234 }),
    'Synced costs: 5 windows, 1 request, 1 row in 1.2 s',
  );
  assert.equal(syncLine('costs', { ...p, windowsDone: 0, windowsTotal: 0 }), 'Store up to date: costs (no request)');
});

test('the progress display publishes once and then updates the same output in place', () => {
  const { writer, published } = recorder();
  const clock = [1000, 1000, 1200, 1400];
  const progress = progressDisplay({ writer, now: () => clock.shift() ?? 1400 });
  progress.onProgress({ endpoint: 'costs', pages: 1, buckets: 7, results: 7, done: false });
  progress.onRetry({ attempt: 1, delayMs: 2000, status: 429, reason: 'rate limited' });
  progress.onProgress({
    endpoint: 'costs',
    pages: 1,
    buckets: 7,
    results: 7,
    done: false,
    waitingMs: 2000,
    attempt: 1,
  });
  progress.onProgress({ endpoint: 'costs', pages: 2, buckets: 9, results: 9, done: true });
  assert.deepEqual(
    published.map((x) => [x.bundle['text/plain'], x.update]),
    [
      ['Fetching costs… 1 page, 7 buckets', false],
      ['Rate limited: waiting 2 s (attempt 2/3)', true],
      ['Done: costs, 2 pages, 9 buckets in 0.4 s', true],
    ],
  );
  assert.equal(new Set(published.map((x) => x.displayId)).size, 1);
});

test('guard shows an API error briefly and stops the cell with a one-line error; bugs keep their stack', async () => {
  const { writer, published } = recorder();
  const apiError = new InvalidQueryError('limit', 'invalid limit: 500 (1d buckets allow 1..31)');
  const stopped = await guard(Promise.reject(apiError), writer).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(stopped instanceof CellStopped);
  assert.equal(inspect(stopped), '[CellStopped: InvalidQueryError: invalid limit: 500 (1d buckets allow 1..31)]');
  assert.equal(published[0]?.bundle['text/plain'], 'InvalidQueryError: invalid limit: 500 (1d buckets allow 1..31)');
  const bug = new TypeError('boom');
  await assert.rejects(
    guard(() => Promise.reject(bug), writer),
    (e) => e === bug,
  );
  assert.equal(published.length, 1);
});

test('error summaries never show anything that looks like a key', () => {
  const key = `sk-admin-test-${Math.random().toString(36).slice(2)}`;
  const summary = errorSummary(new Error(`401 GET /v1/organization/costs: Incorrect API key provided: ${key}`));
  assert.ok(!summary.includes(key) && !summary.includes('sk-admin-'));
});

test('the parameters cell turns days_ago into start_time and pins the end when now is fixed', () => {
  const now = 1_736_640_000;
  const fixed = notebookParams(
    { days_ago: 30, bucket_width: '1d', limit: 7, group_by: ['model', 'project_id'] },
    'completions',
    { now, fixedNow: true },
  );
  assert.deepEqual(fixed.wire, {
    start_time: now - 30 * 86_400,
    end_time: now,
    bucket_width: '1d',
    limit: 7,
    group_by: ['model', 'project_id'],
  });
  const live = notebookParams({ start_time: '2025-01-01', models: null }, 'completions', { now, fixedNow: false });
  assert.deepEqual(live.wire, { start_time: Date.UTC(2025, 0, 1) / 1000 });
  assert.match(live.summary, /^completions: 2025-01-01 00:00 → now UTC, 1d buckets$/);
});

test('the parameters cell rejects bad values before any request, saying what is allowed', () => {
  const now = { now: 1_736_640_000, fixedNow: false };
  assert.throws(
    () => notebookParams({ days_ago: 30, start_time: 1 }, 'completions', now),
    /invalid days_ago: 30 \(give days_ago or start_time, not both\)/,
  );
  assert.throws(() => notebookParams({}, 'completions', now), /invalid start_time/);
  // A bad parameter reads as one line in the notebook: the error's stack is its message, whatever rule failed.
  for (const bad of [
    { days_ago: 30, bucket_width: '5m' as '1d' },
    { days_ago: -1 },
    { days_ago: 30, group_by: ['line_item'] },
  ]) {
    const err = (() => {
      try {
        notebookParams(bad, 'completions', now);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InvalidParams, JSON.stringify(bad));
    assert.equal(err.stack, `InvalidParams: ${err.message}`);
    assert.match(err.message, /^invalid (bucket_width|days_ago|group_by)/);
  }
  assert.throws(() => notebookParams({ days_ago: -1 }, 'completions', now), /invalid days_ago: -1/);
  assert.throws(
    () => notebookParams({ days_ago: 30, bucket_width: '1h' }, 'costs', now),
    /invalid bucket_width: "1h" \(costs accepts only 1d\)/,
  );
  assert.throws(
    () => notebookParams({ days_ago: 30, group_by: ['line_item'] }, 'completions', now),
    /invalid group_by: "line_item"/,
  );
  assert.throws(
    () => notebookParams({ days_ago: 30, start_time: null, end_time: 'soon' }, 'completions', now),
    /invalid end_time: "soon"/,
  );
  const parsed = JSON.parse('{"days_ago": 3, "page": "x"}') as NotebookParamsInput;
  assert.throws(() => notebookParams(parsed, 'completions', now), /invalid parameter: "page"/);
});

test('the environment knobs fix now and the export folder, and reject a bad USAGE_NOW', () => {
  const env = notebookEnv({ USAGE_NOW: '2025-01-12T00:00:00Z', OUT_DIR: '/tmp/x-out' }, 0);
  assert.equal(env.now, 1_736_640_000);
  assert.equal(env.fixedNow, true);
  assert.equal(env.outDir, '/tmp/x-out');
  assert.equal(notebookEnv({ USAGE_NOW: '1736640000' }, 0).now, 1_736_640_000);
  const defaults = notebookEnv({}, 5_000);
  assert.deepEqual([defaults.now, defaults.fixedNow, defaults.outDir], [5, false, `${defaults.root}/out`]);
  assert.throws(() => notebookEnv({ USAGE_NOW: 'yesterday' }), /invalid USAGE_NOW: "yesterday"/);
});

test('the raw JSON preview shows the first buckets and counts the rest', () => {
  const text = previewJson([{ a: 1 }, { a: 2 }, { a: 3 }], 2);
  assert.deepEqual(JSON.parse(text.split('\n…')[0] ?? ''), [{ a: 1 }, { a: 2 }]);
  assert.match(text, /… 1 more bucket \(3 in total\)$/);
  assert.equal(previewJson([{ a: 1 }], 2), JSON.stringify([{ a: 1 }], null, 2));
});
