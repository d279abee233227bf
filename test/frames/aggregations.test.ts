import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNGROUPED,
  bucketStarts,
  dictColumn,
  pivot,
  requestsByModelProject,
  requestsByProject,
  shareWithOther,
  sumBy,
  timeSeries,
  tokensPerBucket,
  usageTable,
  type GroupSum,
} from '../../lib/frames/index';
import { GROUPED_USAGE, HOSTILE, P1, P2, SEED_USAGE } from './fixtures';

const rows = GROUPED_USAGE.flatMap((b) => b.results);

test('sumBy groups on codes, so "-"-joined keys that danfojs would merge stay apart', () => {
  const groups = sumBy(usageTable('completions', GROUPED_USAGE), ['model', 'user_id'], 'num_model_requests');
  const ab = groups.find((g) => g.keys['model'] === 'a-b' && g.keys['user_id'] === 'c');
  const a = groups.find((g) => g.keys['model'] === 'a' && g.keys['user_id'] === 'b-c');
  assert.equal(ab?.value, 1);
  assert.equal(a?.value, 2);
});

test('sumBy matches an independent loop, keeps null as its own group and sorts by value desc', () => {
  const groups = sumBy(usageTable('completions', GROUPED_USAGE), ['project_id'], 'input_tokens');
  const expected = new Map<string | null, number>();
  for (const r of rows) expected.set(r.project_id ?? null, (expected.get(r.project_id ?? null) ?? 0) + r.input_tokens);
  assert.equal(groups.length, expected.size);
  for (const g of groups) assert.equal(g.value, expected.get(g.keys['project_id'] ?? null));
  assert.deepEqual(
    groups.map((g) => g.value),
    [...expected.values()].sort((x, y) => y - x),
  );
  const proto = groups.find((g) => g.keys['project_id'] === '__proto__');
  assert.ok(proto && Object.prototype.hasOwnProperty.call(proto.keys, 'project_id'));
  assert.equal(Object.getPrototypeOf(proto.keys), Object.prototype);
});

test('sumBy rejects unknown metrics and dimensions by name', () => {
  const t = usageTable('completions', GROUPED_USAGE);
  // Rejected twice: by the compiler (typed names) and at run time (for untyped notebook code).
  // @ts-expect-error 'tokens' is not a completions metric
  assert.throws(() => sumBy(t, ['model'], 'tokens'), /invalid metric: "tokens"/);
  // @ts-expect-error 'size' is not a completions dimension
  assert.throws(() => sumBy(t, ['size'], 'input_tokens'), /invalid dimension: "size"/);
  assert.throws(() => sumBy(t, ['model', 'model'], 'input_tokens'), /invalid by/);
});

test('tokensPerBucket sums per bucket and zero-fills empty buckets when given', () => {
  const t = usageTable('completions', GROUPED_USAGE);
  const points = tokensPerBucket(t, bucketStarts(GROUPED_USAGE));
  assert.equal(points.length, 3);
  GROUPED_USAGE.forEach((b, i) => {
    let input = 0;
    let cached = 0;
    for (const r of b.results) {
      input += r.input_tokens;
      cached += r.input_cached_tokens ?? 0;
    }
    assert.deepEqual(
      [points[i]?.start, points[i]?.end, points[i]?.input_tokens, points[i]?.input_cached_tokens],
      [b.start_time, b.end_time, input, cached],
    );
  });
  assert.equal(tokensPerBucket(t).length, 2);
  assert.deepEqual(
    tokensPerBucket(usageTable('completions', SEED_USAGE)).map((p) => p.output_tokens),
    [9756, 282, 97756, 38204],
  );
});

test('requestsByModelProject labels null as "(none)", sorts models and ranks projects by total', () => {
  const r = requestsByModelProject(usageTable('completions', GROUPED_USAGE));
  assert.deepEqual(r.models, [...new Set(rows.map((x) => x.model ?? UNGROUPED))].sort());
  assert.equal(r.projects[0], P1);
  assert.equal(r.totals[P1], 97 + 95 + 28);
  assert.equal(r.totals[P2], 8);
  assert.equal(r.totals[UNGROUPED], 3);
  assert.equal(Object.getOwnPropertyDescriptor(r.totals, '__proto__')?.value, 2);
  const cellSum = r.cells.reduce((s, c) => s + c.num_model_requests, 0);
  assert.equal(
    cellSum,
    rows.reduce((s, x) => s + x.num_model_requests, 0),
  );
});

test('shareWithOther folds slices under the threshold into "Other" and drops zero groups like the seed', () => {
  const groups: GroupSum[] = [
    { keys: { p: 'a' }, value: 90 },
    { keys: { p: 'b' }, value: 6 },
    { keys: { p: null }, value: 3 },
    { keys: { p: 'd' }, value: 1 },
    { keys: { p: 'z' }, value: 0 },
  ];
  const s = shareWithOther(groups, 'p');
  assert.equal(s.total, 100);
  assert.deepEqual(
    s.main.map((x) => [x.label, x.value]),
    [
      ['a', 90],
      ['b', 6],
      ['Other', 4],
    ],
  );
  assert.deepEqual(
    s.other.map((x) => [x.label, x.share]),
    [
      [UNGROUPED, 0.03],
      ['d', 0.01],
    ],
  );
  assert.equal(s.otherTotal, 4);
  assert.equal(shareWithOther(groups, 'p', 0).other.length, 0);
  assert.throws(() => shareWithOther(groups, 'p', 2), /invalid threshold: 2/);
  const byProject = requestsByProject(usageTable('completions', GROUPED_USAGE));
  assert.equal(
    byProject.total,
    rows.reduce((s2, x) => s2 + x.num_model_requests, 0),
  );
  assert.ok(byProject.other.some((x) => x.label === HOSTILE));
});

test('pivot fills zeros, orders columns by total desc and rows by label', () => {
  const rowKey = dictColumn(['d2', 'd1', 'd1', 'd2', 'd3']);
  const colKey = dictColumn(['x', 'y', 'x', 'y', null]);
  const p = pivot(rowKey, colKey, [1, 5, 2, 7, 0.5]);
  assert.deepEqual(p.rows, ['d1', 'd2', 'd3']);
  assert.deepEqual(p.columns, ['y', 'x', UNGROUPED]);
  assert.deepEqual(p.values, [
    [5, 2, 0],
    [7, 1, 0],
    [0, 0, 0.5],
  ]);
  assert.deepEqual(p.rowTotals, [7, 8, 0.5]);
  assert.deepEqual(p.columnTotals, [12, 3, 0.5]);
  assert.throws(() => pivot(rowKey, colKey, [1]), /invalid pivot/);
});

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
