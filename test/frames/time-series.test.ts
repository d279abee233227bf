import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { timeSeries } from '../../lib/frames/time-series';
import { bucketStarts, usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, P1 } from './fixtures';
import { DAY, DAY0, usageBuckets } from './usage-buckets';

test('timeSeries gives one zero-filled series per dimension value over every bucket', () => {
  const t = usageTable('completions', GROUPED_USAGE);
  const ts = timeSeries(t, 'num_model_requests', 'project_id', bucketStarts(GROUPED_USAGE));
  assert.deepEqual(
    ts.x,
    GROUPED_USAGE.map((b) => b.start_time),
  );
  const p1 = ts.series.find((s) => s.name === P1);
  assert.deepEqual(p1?.y, [97 + 95, 0, 28]);
  assert.equal(ts.series[0]?.name, P1);
  const total = timeSeries(t, 'output_tokens');
  assert.deepEqual(
    total.series.map((s) => s.name),
    ['output_tokens'],
  );
  assert.deepEqual(
    total.series[0]?.y,
    GROUPED_USAGE.filter((b) => b.results.length).map((b) => b.results.reduce((s, r) => s + r.output_tokens, 0)),
  );
});

test('a null user is named for what it means; series rank by total, then by name', () => {
  const buckets = usageBuckets(
    [
      { day: 0, user: null, requests: 5 },
      { day: 1, user: 'user-b', requests: 2 },
      { day: 1, user: 'user-a', requests: 2 },
      { day: 2, user: 'user-c', requests: 9 },
    ],
    3,
  );
  const ts = timeSeries(usageTable('completions', buckets), 'num_model_requests', 'user_id');
  assert.deepEqual(ts.x, [DAY0, DAY0 + DAY, DAY0 + 2 * DAY]);
  assert.deepEqual(ts.series, [
    { name: 'user-c', y: [0, 0, 9] },
    { name: '(no user: service-account keys)', y: [5, 0, 0] },
    { name: 'user-a', y: [0, 2, 0] },
    { name: 'user-b', y: [0, 2, 0] },
  ]);
});

test('no rows: the bucket starts as x, no series by a dimension, one zero series without', () => {
  const table = usageTable('completions', usageBuckets([], 2));
  const spans = bucketStarts(usageBuckets([], 2));
  assert.deepEqual(timeSeries(table, 'input_tokens', 'model', spans), { x: [DAY0, DAY0 + DAY], series: [] });
  assert.deepEqual(timeSeries(table, 'input_tokens', undefined, spans), {
    x: [DAY0, DAY0 + DAY],
    series: [{ name: 'input_tokens', y: [0, 0] }],
  });
  assert.deepEqual(timeSeries(table, 'input_tokens'), { x: [], series: [{ name: 'input_tokens', y: [] }] });
});

test('a dimension the table lacks is refused naming it and the ones it has', () => {
  const table = usageTable('completions', usageBuckets([{ day: 0 }], 1));
  assert.throws(
    () => timeSeries(table, 'input_tokens', 'size' as 'model'),
    /^TypeError: invalid by: "size" \(expected one of project_id, user_id, api_key_id, model, batch/,
  );
  assert.throws(() => timeSeries(table, 'input_tokens', '__proto__' as 'model'), /^TypeError: invalid by: "__proto__"/);
  assert.throws(() => timeSeries(table, 'tokens' as 'input_tokens'), /invalid metric: "tokens"/);
});

test('property: each point is the sum of its rows of that day and label; x ascending over days with rows', () => {
  const row = fc.record({
    day: fc.integer({ min: 0, max: 4 }),
    project: fc.option(fc.constantFrom('p1', 'p2', 'p3', '(none)'), { nil: null }),
    input: fc.integer({ min: 0, max: 1_000_000 }),
  });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
      const ts = timeSeries(usageTable('completions', usageBuckets(rows, 5)), 'input_tokens', 'project_id');
      const days = [...new Set(rows.map((r) => r.day))].sort((a, b) => a - b);
      assert.deepEqual(
        ts.x,
        days.map((d) => DAY0 + d * DAY),
      );
      const label = (p: string | null): string => p ?? '(none)';
      assert.deepEqual(ts.series.map((s) => s.name).sort(), [...new Set(rows.map((r) => label(r.project)))].sort());
      for (const s of ts.series)
        s.y.forEach((y, i) => {
          const expected = rows
            .filter((r) => label(r.project) === s.name && DAY0 + r.day * DAY === ts.x[i])
            .reduce((sum, r) => sum + r.input, 0);
          assert.equal(y, expected, `${s.name} on ${ts.x[i]}`);
        });
      const totals = ts.series.map((s) => s.y.reduce((a, b) => a + b, 0));
      for (let i = 1; i < totals.length; i++) assert.ok((totals[i - 1] ?? 0) >= (totals[i] ?? 0), 'by total desc');
    }),
  );
});
