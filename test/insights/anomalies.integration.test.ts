import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { UsageClient } from '../../lib/api/index';
import { isSpikeDay, startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { costTable, usageTable } from '../../lib/frames/index';
import { AnomalyTracker, detectAnomalies, type SeriesPoint } from '../../lib/insights/anomalies';
import { anomalyPoints } from '../../lib/insights/anomaly-points';
import { groupIncidents } from '../../lib/insights/incidents';
import { median, scaledMad } from '../../lib/insights/robust-stats';

const NOW = 1_767_225_600; // 2026-01-01 00:00 UTC
const DAYS = 90;
const SEED = 42;
let emulator: RunningEmulator | undefined;
before(async () => {
  emulator = await startEmulator({ port: 0, now: () => NOW, seed: SEED });
});
after(async () => emulator?.close());

test('median and scaled MAD', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  // |x - 3| = 2, 1, 0, 1, 97 → median 1.
  assert.equal(scaledMad([1, 2, 3, 4, 100]), 1.4826);
});

test("finds exactly the generator's burst days in the emulator's organization, projects and models", async () => {
  if (emulator === undefined) throw new Error('no emulator');
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  const start = NOW - DAYS * 86_400;
  const query = { start_time: start, end_time: NOW, bucket_width: '1d' as const };
  const usage = usageTable(
    'completions',
    await client.fetchAll('completions', { ...query, group_by: ['project_id', 'model'], limit: 31 }),
  );
  const costs = costTable(
    await client.fetchAll('costs', { ...query, group_by: ['project_id', 'line_item'], limit: 180 }),
  );
  const found = detectAnomalies(anomalyPoints(usage, costs));
  // Truth from the generator: its burst days in the range. The first one comes 6 days in (2025-10-09, after 4
  // weekdays, enough for a baseline); the detector does not judge days with fewer than 4 same-type days before them.
  const spikes: string[] = [];
  for (let day = start / 86_400; day < NOW / 86_400; day++) {
    if (isSpikeDay(SEED, day)) spikes.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  }
  assert.ok(spikes.length >= 3, 'the range holds several burst days');
  assert.equal(spikes[0], '2025-10-09');
  for (const scope of ['organization', 'project', 'model', 'project_model'] as const) {
    const days = [...new Set(found.filter((a) => a.scope === scope).map((a) => a.date))].sort();
    assert.deepEqual(days, spikes, scope);
  }
  for (const metric of ['spend', 'requests', 'input_tokens', 'output_tokens'] as const) {
    const days = [
      ...new Set(found.filter((a) => a.scope === 'organization' && a.metric === metric).map((a) => a.date)),
    ].sort();
    assert.deepEqual(days, spikes, metric);
  }
  // The burst multiplies traffic by 3.5 (activity.ts): the organization's requests are 2-5× their baseline.
  for (const a of found.filter((x) => x.scope === 'organization' && x.metric === 'requests'))
    assert.ok(a.ratio > 2 && a.ratio < 5, String(a.ratio));
});

test('explains an anomaly with its size', () => {
  const points: SeriesPoint[] = [];
  for (let d = 1; d <= 29; d++) {
    const date = `2026-01-${String(d).padStart(2, '0')}`;
    const value = d === 29 ? 800 : 100 + (d % 3);
    points.push({ date, scope: 'organization', key: 'all', metric: 'input_tokens', value });
    points.push({ date, scope: 'project_model', key: 'proj_x | gpt-4o', metric: 'input_tokens', value });
  }
  const [a] = detectAnomalies(points).filter((x) => x.scope === 'project_model');
  assert.equal(a?.date, '2026-01-29'); // a Thursday, judged against the previous weekdays
  assert.equal(a?.baseline, 101);
  assert.equal(a?.explanation, 'project proj_x, model gpt-4o: 7.9× its usual input tokens');
  assert.throws(() => detectAnomalies(points, { window: 3 }), /invalid window: 3/);
});

test("each of the emulator's burst days is one spend incident of the organization; an open day is never judged", async () => {
  if (emulator === undefined) throw new Error('no emulator');
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  const start = NOW - DAYS * 86_400;
  const query = { start_time: start, end_time: NOW, bucket_width: '1d' as const };
  const usage = usageTable(
    'completions',
    await client.fetchAll('completions', { ...query, group_by: ['project_id', 'model'], limit: 31 }),
  );
  const costs = costTable(
    await client.fetchAll('costs', { ...query, group_by: ['project_id', 'line_item'], limit: 180 }),
  );
  const spikes: string[] = [];
  for (let day = start / 86_400; day < NOW / 86_400; day++) {
    if (isSpikeDay(SEED, day)) spikes.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  }
  const anomalies = detectAnomalies(anomalyPoints(usage, costs, { now: NOW * 1000 }));
  const incidents = groupIncidents(anomalies);
  assert.deepEqual(incidents.map((i) => i.date).sort(), spikes);
  assert.ok(anomalies.length > 3 * incidents.length, `${anomalies.length} anomalies, ${incidents.length} incidents`);
  for (const i of incidents) {
    assert.equal(i.lead.scope, 'organization');
    assert.equal(i.lead.metric, 'spend');
    assert.ok(i.excess > 0);
  }
  // Noon of the last burst day: that day is open, so it is left out (and cannot be judged).
  const last = spikes.at(-1) ?? '';
  const noon = Date.parse(`${last}T12:00:00Z`);
  const open = anomalyPoints(usage, costs, { now: noon });
  assert.ok(open.length > 0);
  assert.ok(open.every((p) => p.date < last));
  assert.ok(!detectAnomalies(open).some((a) => a.date === last));
});

test('property: AnomalyTracker fed date by date finds what detectAnomalies over every point so far finds for the newest date', () => {
  const pointArb = fc.record({
    scope: fc.constantFrom('organization' as const, 'project' as const, 'model' as const),
    key: fc.constantFrom('all', 'p1', 'p2', 'gpt-4o'),
    metric: fc.constantFrom('spend' as const, 'requests' as const),
    // Steady values, spikes, drops to zero and negatives (credits): a series' peak and the total can be anything.
    value: fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: 9, max: 11, noNaN: true }) },
      { weight: 1, arbitrary: fc.double({ min: 50, max: 500, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -5, -40) },
    ),
  });
  const datesArb = fc.array(
    fc.record({ gap: fc.integer({ min: 1, max: 3 }), points: fc.array(pointArb, { maxLength: 6 }) }),
    { minLength: 1, maxLength: 60, size: 'max' },
  );
  const optionsArb = fc.record(
    {
      window: fc.integer({ min: 7, max: 30 }),
      threshold: fc.double({ min: 0.5, max: 6, noNaN: true }),
      minRatio: fc.double({ min: 1, max: 3, noNaN: true }),
      minShare: fc.constantFrom(0, 0.05, 0.5),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(datesArb, optionsArb, (days, options) => {
      const tracker = new AnomalyTracker(options);
      const seen: SeriesPoint[] = [];
      let t = Date.parse('2026-03-01T00:00:00Z');
      let found = 0;
      for (const { gap, points } of days) {
        t += gap * 86_400_000;
        const date = new Date(t).toISOString().slice(0, 10);
        tracker.addDate(date, points);
        seen.push(...points.map((p) => ({ ...p, date })));
        const expected = detectAnomalies(seen, options).filter((a) => a.date === date);
        // A date without points is not one of detectAnomalies' dates: the tracker skips it too.
        assert.deepEqual(tracker.newestDate === date ? tracker.newest() : [], expected);
        found += expected.length;
      }
      return found >= 0;
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 150) },
  );
  const tracker = new AnomalyTracker();
  tracker.addDate('2026-03-02', [{ scope: 'organization', key: 'all', metric: 'spend', value: 1 }]);
  assert.throws(
    () => tracker.addDate('2026-03-02', []),
    /^RangeError: invalid date: 2026-03-02 \(dates are added in order/,
  );
  assert.throws(() => new AnomalyTracker({ window: 3 }), /^RangeError: invalid window: 3/);
});
