import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usageTable, usageTableFromColumns, type DictColumn, type ResultColumns } from '../../lib/frames/index';
import type { WireBucket, WireEmbeddingsResult } from '../../lib/catalogue/index';

const decode = (c: DictColumn | undefined): (string | null)[] =>
  c ? Array.from(c.codes, (k) => c.values[k] ?? null) : [];

/** Rows given as plain columns by field name (absent: null in every row), in buckets of `counts` results. */
function columns(
  buckets: readonly { start: number; end: number; results: number }[],
  fields: Readonly<Record<string, readonly unknown[]>>,
  organizations?: ResultColumns['organizations'],
): ResultColumns {
  const length = buckets.reduce((n, b) => n + b.results, 0);
  return {
    buckets,
    length,
    field: (name) => fields[name],
    money: () => ({ value: undefined, currency: undefined }),
    ...(organizations === undefined ? {} : { organizations }),
  };
}

const BUCKETS = [
  { start: 0, end: 86_400, results: 2 },
  { start: 86_400, end: 172_800, results: 0 },
  { start: 172_800, end: 200_000, results: 3 },
];

test('rows bucket by bucket: times per row, metrics as numbers (numeric strings parsed, null 0), dims in first-seen order', () => {
  const t = usageTableFromColumns('embeddings', [
    columns(BUCKETS, {
      input_tokens: [10, '20', null, 40.5, 0],
      num_model_requests: [1, 2, 3, 4, 5],
      project_id: ['p2', 'p1', 'p2', null, 'p1'],
    }),
  ]);
  assert.equal(t.endpoint, 'embeddings');
  assert.equal(t.length, 5);
  assert.deepEqual([...t.startTime], [0, 0, 172_800, 172_800, 172_800]);
  assert.deepEqual([...t.endTime], [86_400, 86_400, 200_000, 200_000, 200_000]);
  assert.deepEqual([...(t.metrics['input_tokens'] ?? [])], [10, 20, 0, 40.5, 0]);
  assert.deepEqual([...(t.metrics['num_model_requests'] ?? [])], [1, 2, 3, 4, 5]);
  assert.deepEqual(t.dimensions['project_id']?.values, ['p2', 'p1', null]);
  assert.deepEqual([...(t.dimensions['project_id']?.codes ?? [])], [0, 1, 0, 2, 1]);
  // Not read: null in every row, one null code.
  assert.deepEqual(decode(t.dimensions['model']), [null, null, null, null, null]);
  assert.equal(t.organizations, undefined);
});

test('the same table as usageTable over the same results as buckets, parts one after the other', () => {
  const a = { start: 0, end: 60, results: 2 };
  const b = { start: 60, end: 120, results: 1 };
  const parts = [
    columns([a], { input_tokens: [5, 6], model: ['m-b', 'm-a'], batch: [true, false] }),
    columns([b], { input_tokens: [7], model: ['m-c'], batch: [null] }),
  ];
  const result = (r: Partial<WireEmbeddingsResult>): WireEmbeddingsResult => ({
    object: 'organization.usage.embeddings.result',
    input_tokens: 0,
    num_model_requests: 0,
    project_id: null,
    user_id: null,
    api_key_id: null,
    model: null,
    ...r,
  });
  const buckets: WireBucket<WireEmbeddingsResult>[] = [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 60,
      results: [result({ input_tokens: 5, model: 'm-b' }), result({ input_tokens: 6, model: 'm-a' })],
    },
    { object: 'bucket', start_time: 60, end_time: 120, results: [result({ input_tokens: 7, model: 'm-c' })] },
  ];
  const t = usageTableFromColumns('embeddings', parts);
  assert.deepEqual(t, usageTable('embeddings', buckets));
  assert.deepEqual(decode(t.dimensions['model']), ['m-b', 'm-a', 'm-c']);
  // A boolean cell reads as its text (the completions `batch` dimension), as `usageTable` shows it.
  const c = usageTableFromColumns('completions', parts);
  assert.deepEqual(decode(c.dimensions['batch']), ['true', 'false', null]);
});

test('several organizations: each row tagged with its ID and name (the ID where unnamed), in first-seen order', () => {
  const t = usageTableFromColumns('embeddings', [
    columns(
      [{ start: 0, end: 60, results: 3 }],
      { input_tokens: [1, 2, 3] },
      {
        ids: ['org-b', 'org-a', 'org-b'],
        names: new Map([['org-a', 'acme']]),
      },
    ),
    // A part not tagged (one organization) after one that is: its rows are null, as untagged results are.
    columns([{ start: 60, end: 120, results: 1 }], { input_tokens: [4] }),
  ]);
  assert.deepEqual(decode(t.organizations?.id), ['org-b', 'org-a', 'org-b', null]);
  assert.deepEqual(decode(t.organizations?.name), ['org-b', 'acme', 'org-b', null]);
  // Tagged but no row: no organization columns, as `usageTable` of no result gives none.
  const none = usageTableFromColumns('embeddings', [
    columns([{ start: 0, end: 60, results: 0 }], {}, { ids: [], names: new Map() }),
  ]);
  assert.equal(none.organizations, undefined);
  assert.equal(none.length, 0);
});

test('a metric that is not a number fails as usageTable fails; buckets that do not hold the rows are refused', () => {
  assert.throws(
    () =>
      usageTableFromColumns('embeddings', [columns([{ start: 0, end: 60, results: 1 }], { input_tokens: ['n/a'] })]),
    /invalid input_tokens: "n\/a"/,
  );
  const wrong: ResultColumns = { ...columns([{ start: 0, end: 60, results: 1 }], {}), length: 2 };
  assert.throws(() => usageTableFromColumns('embeddings', [wrong]), /buckets hold 1 results, the columns 2 rows/);
});
