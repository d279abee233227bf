import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeSeries } from '../../lib/frames/time-series';
import { bucketStarts, usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, P1 } from './fixtures';

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
