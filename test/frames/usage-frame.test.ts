import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataFrame, Series } from 'danfojs-node';
import { ENDPOINTS, type WireBucket, type WireCompletionsResult } from '../../lib/catalogue/index';
import { usageFrame } from '../../lib/frames/usage-frame';
import { usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, SEED_USAGE } from './fixtures';

const SEED_COLUMNS = [
  'start_datetime',
  'end_datetime',
  'start_time',
  'end_time',
  'input_tokens',
  'output_tokens',
  'input_cached_tokens',
  'input_audio_tokens',
  'output_audio_tokens',
  'num_model_requests',
  'project_id',
  'user_id',
  'api_key_id',
  'model',
  'batch',
];

test('usageFrame has the seed columns first, in order, and the seed first row values', () => {
  const df = usageFrame(usageTable('completions', SEED_USAGE));
  assert.deepEqual(df.columns.slice(0, SEED_COLUMNS.length), SEED_COLUMNS);
  assert.deepEqual(df.columns.slice(SEED_COLUMNS.length, SEED_COLUMNS.length + 2), [
    'input_cache_write_tokens',
    'input_uncached_tokens',
  ]);
  assert.deepEqual(df.columns.slice(-2), ['service_tier', 'api_source']);
  const first: unknown = df.values[0];
  assert.ok(Array.isArray(first));
  assert.deepEqual(first.slice(0, 10), [
    '2025-01-11 17:31:00',
    '2025-01-12 00:00:00',
    1736616660,
    1736640000,
    141201,
    9756,
    0,
    0,
    0,
    470,
  ]);
});

test('all-null dimensions stay string columns (danfojs alone would call them float32)', () => {
  const df = usageFrame(usageTable('completions', SEED_USAGE));
  assert.equal(df.dtypes[df.columns.indexOf('model')], 'string');
  assert.equal(df.dtypes[df.columns.indexOf('input_tokens')], 'int32');
});

test('column sums stay exact above 2^24 and 2^31 (no float32 or int32 rounding)', () => {
  const big = [16_777_217, 2 ** 31 + 11, 2 ** 40 + 1];
  const buckets: WireBucket<WireCompletionsResult>[] = [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 86400,
      results: big.map((n) => ({
        object: 'organization.usage.completions.result',
        input_tokens: n,
        output_tokens: 1,
        num_model_requests: 1,
      })),
    },
  ];
  // The documented way to danfojs's whole API: the frame is a danfojs DataFrame at run time.
  const df = usageFrame(usageTable('completions', buckets)) as DataFrame;
  assert.equal(
    (df['input_tokens'] as Series).sum(),
    big.reduce((a, b) => a + b, 0),
  );
});

test('usageFrame of a grouped table decodes dimensions with null kept', () => {
  const df = usageFrame(usageTable('completions', GROUPED_USAGE));
  const batch = df.column('batch').values;
  assert.deepEqual(batch, [null, 'false', 'true', null, null, null, null]);
});

test('an empty range is an empty frame with every column (it used to throw danfojs "end must be greater than start")', () => {
  const df = usageFrame(usageTable('completions', []));
  assert.deepEqual(df.shape, [0, df.columns.length]);
  assert.deepEqual(df.columns.slice(0, SEED_COLUMNS.length), SEED_COLUMNS);
  assert.deepEqual(df.values, []);
});

test('other endpoints: times first, then their metrics and dimensions in spec order, values as the buckets hold them', () => {
  const df = usageFrame(
    usageTable('images', [
      {
        object: 'bucket',
        start_time: 1_736_640_000,
        end_time: 1_736_726_400,
        results: [
          {
            object: 'organization.usage.images.result',
            images: 3,
            num_model_requests: 2,
            source: 'image.generation',
            size: '1024x1024',
            model: 'dall-e-3',
          },
        ],
      },
    ]),
  );
  const spec = ENDPOINTS.images;
  assert.deepEqual(df.columns, [
    'start_datetime',
    'end_datetime',
    'start_time',
    'end_time',
    ...spec.metrics,
    ...spec.groupBy,
  ]);
  const first: unknown = df.values[0];
  assert.ok(Array.isArray(first));
  const row = Object.fromEntries(df.columns.map((c, i): [string, unknown] => [c, first[i]]));
  assert.deepEqual(
    [row['start_datetime'], row['end_datetime'], row['images'], row['num_model_requests'], row['size'], row['model']],
    ['2025-01-12 00:00:00', '2025-01-13 00:00:00', 3, 2, '1024x1024', 'dall-e-3'],
  );
});
