import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINTS, USAGE_ENDPOINT_NAMES, type EndpointName } from '../../lib/catalogue/index';
import { aggregateCells } from '../../lib/emulator/aggregate-cells';
import { costCells, type UsageCells } from '../../lib/emulator/cost-cells';
import { createDataSource } from '../../lib/emulator/data-source';
import { tokenRates } from '../../lib/emulator/price-book';
import type { Cell } from '../../lib/emulator/stream';
import { buildOrg } from '../../lib/emulator/synthetic-org';

const HOUR = 3600;
const T = Date.UTC(2025, 1, 10, 13) / 1000; // a Monday 13:00 UTC, on the hour

function chunks(
  source: ReturnType<typeof createDataSource>,
  endpoint: EndpointName,
  from: number,
  to: number,
): (readonly Cell[])[] {
  return [...source.chunks(endpoint, from, to)];
}

/** Sums every metric per full dims tuple. */
function totals(endpoint: EndpointName, parts: Iterable<readonly Cell[]>): Map<string, number[]> {
  const spec = ENDPOINTS[endpoint];
  const all = spec.groupBy.map((_, i) => i);
  return new Map(
    aggregateCells(parts, [], all, spec.groupBy.length, spec.metrics.length).map((g) => [
      JSON.stringify(g.dims),
      g.metrics,
    ]),
  );
}

test('the organization is the seed’s, with the dataset and the odd-ID option applied', () => {
  assert.deepEqual(createDataSource(5, { projects: 3 }).org, buildOrg(5, { projects: 3 }));
  assert.deepEqual(createDataSource(5, { projects: 3 }, 0, true).org, buildOrg(5, { projects: 3 }, true));
});

test('chunks: whole hours where the range allows, minutes elsewhere', () => {
  const source = createDataSource(42);
  assert.equal(chunks(source, 'completions', T, T + 2 * HOUR).length, 2);
  assert.equal(chunks(source, 'completions', T + 120, T + 600).length, 8);
  // 10 minutes up to the hour, then one hour, then 5 minutes.
  assert.equal(chunks(source, 'completions', T - 600, T + HOUR + 300).length, 10 + 1 + 5);
  assert.equal(chunks(source, 'completions', T, T).length, 0);
  // The same hour twice is the same (cached) cells.
  assert.equal(chunks(source, 'embeddings', T, T + HOUR)[0], chunks(source, 'embeddings', T, T + HOUR)[0]);
});

test('an hour read minute by minute sums to the hour read whole, usage and costs alike', () => {
  const source = createDataSource(42, { projects: 3, users: 5, apiKeys: 5, streams: 20 });
  for (const endpoint of ['completions', 'images', 'vector_stores', 'costs'] as const) {
    const whole = totals(endpoint, chunks(source, endpoint, T, T + HOUR));
    const minutes = totals(
      endpoint,
      chunks(source, endpoint, T, T + HOUR - 60).concat(chunks(source, endpoint, T + HOUR - 60, T + HOUR)),
    );
    assert.ok(whole.size > 0, endpoint);
    assert.deepEqual([...minutes.keys()].sort(), [...whole.keys()].sort(), endpoint);
    for (const [key, metrics] of whole) {
      const parts = minutes.get(key) ?? [];
      metrics.forEach((v, k) => {
        const got = parts[k] ?? NaN;
        // Costs are sums of products: equal up to float rounding; usage counts exactly.
        if (endpoint === 'costs') assert.ok(Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${key} ${k}`);
        else assert.equal(got, v, `${endpoint} ${key} ${k}`);
      });
    }
  }
});

test('costs are the price of the usage: an hour of costs is costCells of that hour’s usage at the list rates', () => {
  const source = createDataSource(7, { streams: 30 });
  const usage = Object.fromEntries(
    USAGE_ENDPOINT_NAMES.map((n) => [n, chunks(source, n, T, T + HOUR)[0] ?? []]),
  ) as Record<(typeof USAGE_ENDPOINT_NAMES)[number], readonly Cell[]>;
  const expected = costCells(usage satisfies UsageCells, tokenRates);
  assert.ok(expected.length > 0);
  assert.deepEqual(chunks(source, 'costs', T, T + HOUR)[0], expected);
});

test('imageUsageGap hides a share of image usage and never touches what costs bill', () => {
  const full = createDataSource(42);
  const gap = createDataSource(42, {}, 0.5);
  const week = [T - 7 * 24 * HOUR, T] as const;
  const count = (cells: (readonly Cell[])[]): number => cells.reduce((n, c) => n + c.length, 0);
  const all = count(chunks(full, 'images', ...week));
  const shown = count(chunks(gap, 'images', ...week));
  assert.ok(shown < all && shown > 0, `${shown} of ${all}`);
  // Every shown cell is one of the full ones.
  const keys = new Set(
    chunks(full, 'images', ...week)
      .flat()
      .map((c) => JSON.stringify(c)),
  );
  for (const c of chunks(gap, 'images', ...week).flat()) assert.ok(keys.has(JSON.stringify(c)));
  assert.deepEqual(chunks(gap, 'costs', T, T + HOUR), chunks(full, 'costs', T, T + HOUR));
  assert.deepEqual(chunks(gap, 'completions', T, T + HOUR), chunks(full, 'completions', T, T + HOUR));
});

test('deterministic per seed: two sources agree, another seed differs; no project, no traffic', () => {
  const a = chunks(createDataSource(9), 'completions', T, T + 3 * HOUR);
  assert.deepEqual(chunks(createDataSource(9), 'completions', T, T + 3 * HOUR), a);
  assert.notDeepEqual(chunks(createDataSource(10), 'completions', T, T + 3 * HOUR), a);
  const empty = createDataSource(9, { projects: 0 });
  for (const endpoint of ['completions', 'costs'] as const)
    assert.ok(chunks(empty, endpoint, T, T + HOUR + 120).every((c) => c.length === 0));
});
