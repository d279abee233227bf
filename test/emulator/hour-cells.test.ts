import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS, type UsageEndpointName } from '../../lib/catalogue/index';
import { activityLevel } from '../../lib/emulator/activity';
import { hourCells, splitHour, type EndpointTraffic } from '../../lib/emulator/hour-cells';
import { buildStreams, type Cell } from '../../lib/emulator/stream';
import { buildOrg } from '../../lib/emulator/synthetic-org';
import { PROFILES } from '../../lib/emulator/usage-profiles';

const HOUR = Date.UTC(2025, 1, 10, 14) / 3_600_000; // a Monday, 14:00 UTC: the daily peak

function traffic(name: UsageEndpointName, seed = 42, scale = 1): EndpointTraffic {
  const org = buildOrg(seed, { scale, streams: 60 });
  const spec = ENDPOINTS[name];
  const profile = PROFILES[name];
  return {
    seed,
    scale,
    salt: 3,
    profile,
    streams: buildStreams(org, spec, profile, 3),
    metricCount: spec.metrics.length,
    countIndex: profile.countMetric === null ? -1 : spec.metrics.indexOf(profile.countMetric),
  };
}

function sum(cells: readonly Cell[], k: number): number {
  return cells.reduce((s, c) => s + (c.metrics[k] ?? 0), 0);
}

test('an hour: one cell per active stream, with its dims, never a zero count; the same hour twice is the same', () => {
  const t = traffic('completions');
  const cells = hourCells(t, HOUR);
  assert.ok(cells.length > 0 && cells.length <= t.streams.length);
  for (const c of cells) {
    assert.ok(
      t.streams.some((s) => s.dims === c.dims),
      'dims are a stream’s',
    );
    assert.ok((c.metrics[t.countIndex] ?? 0) >= 1);
    assert.equal(c.metrics.length, t.metricCount);
  }
  assert.equal(new Set(cells.map((c) => c.dims)).size, cells.length, 'one cell per stream');
  assert.deepEqual(hourCells(t, HOUR), cells);
  assert.notDeepEqual(hourCells(t, HOUR + 1), cells);
});

test('a steady profile (storage): every stream every hour, one sample each, whatever the activity', () => {
  const t = traffic('vector_stores');
  for (const hour of [HOUR, HOUR + 12, HOUR + 24 * 5]) assert.equal(hourCells(t, hour).length, t.streams.length);
});

test('volume follows activity and scale: a quiet night hour has fewer requests than the afternoon peak', () => {
  const t = traffic('completions');
  const night = HOUR - 11; // 03:00 UTC
  assert.ok(activityLevel(42, night) < activityLevel(42, HOUR));
  // Over a week of days, the peak hour carries more than the night hour.
  let peak = 0;
  let quiet = 0;
  for (let d = 0; d < 7; d++) {
    peak += sum(hourCells(t, HOUR + 24 * d), t.countIndex);
    quiet += sum(hourCells(t, night + 24 * d), t.countIndex);
  }
  assert.ok(peak > 2 * quiet, `${peak} vs ${quiet}`);
  const big = traffic('completions', 42, 10);
  assert.ok(sum(hourCells(big, HOUR), big.countIndex) > 5 * sum(hourCells(t, HOUR), t.countIndex));
});

test('property: the 60 minutes sum exactly to their hour, metric by metric and stream by stream', () => {
  const names: UsageEndpointName[] = ['completions', 'embeddings', 'images', 'vector_stores', 'web_search_calls'];
  const all = new Map(names.map((n) => [n, traffic(n)]));
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 24 * 365 }), (name, offset) => {
      const t = all.get(name);
      assert.ok(t !== undefined);
      const hour = HOUR + offset;
      const cells = hourCells(t, hour);
      const minutes = splitHour(t, hour, cells);
      assert.equal(minutes.length, 60);
      cells.forEach((cell) => {
        const parts = minutes.flatMap((m) => m.filter((c) => c.dims === cell.dims));
        for (let k = 0; k < t.metricCount; k++)
          assert.equal(sum(parts, k), cell.metrics[k] ?? 0, `${name} metric ${k}`);
        if (t.countIndex >= 0) {
          const count = cell.metrics[t.countIndex] ?? 0;
          // One event at least per active minute; fewer than 60 events land on distinct minutes.
          assert.equal(parts.length, Math.min(count, 60));
          for (const p of parts) assert.ok((p.metrics[t.countIndex] ?? 0) >= 1);
        } else {
          assert.equal(parts.length, 60);
        }
      });
    }),
    { numRuns: 40 },
  );
});

test('split minutes keep the token identities (derived metrics recomputed from their parts)', () => {
  const t = traffic('completions');
  const m = (name: string): number => ENDPOINTS.completions.metrics.indexOf(name);
  for (const minute of splitHour(t, HOUR, hourCells(t, HOUR)))
    for (const c of minute) {
      const v = (name: string): number => c.metrics[m(name)] ?? 0;
      assert.equal(
        v('input_tokens'),
        v('input_cached_tokens') + v('input_cache_write_tokens') + v('input_uncached_tokens'),
      );
      assert.equal(
        v('input_uncached_tokens'),
        v('input_text_tokens') + v('input_audio_tokens') + v('input_image_tokens'),
      );
      for (const x of c.metrics) assert.ok(Number.isInteger(x) && x >= 0, String(x));
    }
});

test('no cells, empty minutes', () => {
  const minutes = splitHour(traffic('embeddings'), HOUR, []);
  assert.equal(minutes.length, 60);
  assert.ok(minutes.every((m) => m.length === 0));
});
