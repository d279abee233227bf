import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insightsParams } from '../../lib/notebook/insights-params';
import { InvalidParams } from '../../lib/notebook/notebook-params';

const NOW = { now: 1_767_271_234, fixedNow: true }; // 2026-01-01 12:40:34 UTC
const CUTOFF = 1_764_979_200;

test('plans cost queries split at the api_key_id cut-off and a forecast range from the trailing four weeks', () => {
  const p = insightsParams({ days_ago: 45, budget: 100, time_zone: 'Europe/Berlin' }, NOW);
  const start = NOW.now - 45 * 86_400;
  assert.deepEqual(
    p.costQueries.map((q) => [q.start_time, q.end_time, q.group_by]),
    [
      [start, CUTOFF, ['project_id', 'line_item']],
      [CUTOFF, NOW.now, ['project_id', 'line_item', 'api_key_id']],
    ],
  );
  assert.equal(p.asOf, '2026-01-01');
  // 28 days before 2026-01-01 00:00 UTC is earlier than the first of the month.
  assert.equal(p.forecastQuery.start_time, Date.parse('2026-01-01T00:00:00Z') / 1000 - 28 * 86_400);
  assert.deepEqual([p.budget, p.timeZone], [100, 'Europe/Berlin']);
});

test('a budget of -5, an unknown time zone or an unknown parameter get a one-line message', () => {
  assert.throws(
    () => insightsParams({ days_ago: 30, budget: -5 }, NOW),
    (e: Error) => e instanceof InvalidParams && /invalid budget: -5 \(expected a positive amount/.test(e.message),
  );
  assert.throws(
    () => insightsParams({ days_ago: 30, time_zone: 'Europe/Atlantis' }, NOW),
    (e: Error) => e instanceof InvalidParams && /invalid timeZone: "Europe\/Atlantis"/.test(e.message),
  );
  assert.throws(() => insightsParams({ days_ago: 30, budgett: 5 } as never, NOW), /invalid parameter: "budgett"/);
  assert.throws(
    () => insightsParams({ days_ago: 30, names: 'yes' } as never, NOW),
    /invalid names: "yes" \(expected true or false\)/,
  );
  assert.equal(insightsParams({ days_ago: 30 }, NOW).names, true);
});

test('plans one daily usage query per endpoint over the range, grouped as pricing and allocation need', () => {
  const p = insightsParams({ days_ago: 45 }, NOW);
  const people = ['project_id', 'api_key_id', 'user_id', 'model'];
  assert.deepEqual(Object.fromEntries(Object.entries(p.usageQueries).map(([e, q]) => [e, q.group_by])), {
    completions: [...people, 'batch', 'service_tier'],
    decisions: [...people, 'batch', 'service_tier'],
    embeddings: people,
    images: [...people, 'size'],
    audio_speeches: people,
    audio_transcriptions: people,
  });
  for (const q of Object.values(p.usageQueries)) {
    assert.deepEqual([q.start_time, q.end_time, q.bucket_width], [NOW.now - 45 * 86_400, p.range.end_time, '1d']);
  }
});

test('organizations: null reads every configured one; a list is trimmed; an empty list or a non-name is an error', () => {
  assert.equal(insightsParams({ days_ago: 30 }, NOW).organizations, null);
  assert.deepEqual(insightsParams({ days_ago: 30, organizations: [' ACME ', 'globex'] }, NOW).organizations, [
    'ACME',
    'globex',
  ]);
  for (const bad of [[], [''], 'acme', [3]])
    assert.throws(
      () => insightsParams({ days_ago: 30, organizations: bad } as never, NOW),
      (e: Error) =>
        e instanceof InvalidParams &&
        /^invalid organizations: .* \(expected a list of configured names/.test(e.message),
    );
});
