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

const fetching = (over: Partial<FetchProgress> = {}): FetchProgress => ({
  endpoint: 'costs',
  pages: 1,
  buckets: 1,
  results: 1,
  done: false,
  ...over,
});

test('a failure without a 429 or 5xx says what happened; seconds drop ".0" below 10 s and round above', () => {
  const waiting = fetching({ waitingMs: 1000, attempt: 1 });
  assert.equal(progressLine(waiting, 0, 4, 404), 'HTTP 404: retrying in 1 s (attempt 2/4)');
  assert.equal(
    progressLine(waiting, 0, 3, undefined, 'timed out after 2000 ms'),
    'Timed out after 2000 ms: retrying in 1 s (attempt 2/3)',
  );
  assert.equal(progressLine(waiting, 0), 'Request failed: retrying in 1 s (attempt 2/3)');
  assert.equal(progressLine(fetching({ waitingMs: 9_950 }), 0, 3, 429), 'Rate limited: waiting 9.9 s (attempt 2/3)');
  assert.equal(progressLine(fetching({ waitingMs: 12_600 }), 0, 3, 429), 'Rate limited: waiting 13 s (attempt 2/3)');
  assert.equal(
    progressLine(fetching({ pages: 1_234, buckets: 1 }), 0),
    'Fetching costs… 1,234 pages, 1 bucket',
    'thousands separated, singular for one',
  );
});

test('the cause of a retry names the next waiting line only; the line after a success forgets it', () => {
  const { writer, published } = recorder();
  const progress = progressDisplay({ writer, now: () => 0, maxAttempts: 5 });
  progress.onRetry({ attempt: 1, delayMs: 500, reason: 'timeout', detail: 'timed out after 2000 ms' });
  progress.onProgress(fetching({ waitingMs: 500, attempt: 1 }));
  progress.onProgress(fetching({ pages: 2 }));
  progress.onProgress(fetching({ waitingMs: 500, attempt: 1 }));
  progress.onRetry({ attempt: 2, delayMs: 500, status: 502, reason: 'HTTP 502' });
  progress.onProgress(fetching({ waitingMs: 500, attempt: 2 }));
  progress.onSync({ windowsDone: 1, windowsTotal: 2, rows: 1, requests: 1, elapsedMs: 10, etaMs: null }, 'costs');
  assert.deepEqual(
    published.map((p) => p.bundle['text/plain']),
    [
      'Timed out after 2000 ms: retrying in 0.5 s (attempt 2/5)',
      'Fetching costs… 2 pages, 1 bucket',
      'Request failed: retrying in 0.5 s (attempt 2/5)',
      'Server error 502: retrying in 0.5 s (attempt 3/5)',
      'Syncing costs into the store… 1/2 windows, 1 request, 1 row',
    ],
  );
  assert.deepEqual(
    published.map((p) => [p.update, p.metadata]),
    published.map((_, i) => [i > 0, { 'usage-notebooks': { role: 'progress' } }]),
  );
});

test('two displays never share an output; a bad maxAttempts is refused by name', () => {
  const a = recorder();
  const b = recorder();
  progressDisplay({ writer: a.writer }).onProgress(fetching());
  progressDisplay({ writer: b.writer }).onProgress(fetching());
  assert.notEqual(a.published[0]?.displayId, b.published[0]?.displayId);
  assert.match(a.published[0]?.displayId ?? '', /^usage-progress-[0-9a-f-]{36}$/);
  for (const bad of [0, 1.5, Number.NaN, -1])
    assert.throws(
      () => progressDisplay({ writer: a.writer, maxAttempts: bad }),
      new RegExp(`^RangeError: invalid maxAttempts: ${bad}$`),
    );
});
