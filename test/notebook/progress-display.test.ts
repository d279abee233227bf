import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FetchProgress } from '../../lib/api/index';
import { progressDisplay, progressLine, syncLine } from '../../lib/notebook/progress-display';
import { recorder } from './display-recorder';

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
