import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { OpenAlert } from '../../lib/alerts/index';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { bucketSource, selectBuckets } from '../../lib/dashboard/bucket-source';

const DAY = 86_400;
const T0 = Date.UTC(2026, 10, 1) / 1000;

const usage = (project: string | null, model: string | null, organization?: string): WireCompletionsResult =>
  Object.assign(
    {
      object: 'organization.usage.completions.result' as const,
      input_tokens: 1,
      output_tokens: 1,
      num_model_requests: 1,
      project_id: project,
      model,
    },
    organization === undefined ? {} : { organization_id: organization },
  );
const cost = (project: string | null, organization?: string): WireCostsResult =>
  Object.assign(
    {
      object: 'organization.costs.result' as const,
      amount: { value: 1, currency: 'usd' },
      line_item: 'x',
      project_id: project,
    },
    organization === undefined ? {} : { organization_id: organization },
  );
const bucket = <R>(day: number, results: R[]): WireBucket<R> => ({
  object: 'bucket',
  start_time: T0 + day * DAY,
  end_time: T0 + (day + 1) * DAY,
  results,
});

const USAGE = [
  bucket(0, [usage('p1', 'm1', 'o1'), usage('p2', 'm2', 'o2'), usage(null, 'm1', 'o1')]),
  bucket(1, [usage('p3', null, 'o1')]),
  bucket(2, [usage('p1', 'm2', 'o1')]),
];
const COSTS = [bucket(0, [cost('p1', 'o1'), cost('p4', 'o2')]), bucket(2, [cost(null)])];
const ALL = { start: T0, end: T0 + 3 * DAY };

test('before the first snapshot: no sync time, no coverage, no rows, projects or organizations; no store, no alerts', async () => {
  const source = bucketSource();
  assert.equal(source.lastSyncedAt(), undefined);
  assert.equal(source.coverage(), undefined);
  assert.deepEqual(await source.usageBuckets(ALL, {}), []);
  assert.deepEqual(await source.costBuckets(ALL, {}), []);
  assert.deepEqual(await source.projects(), []);
  assert.deepEqual(await source.organizations(), []);
  assert.equal(source.openAlerts(), undefined);
});

test('buckets overlapping the half-open range only; an emptied bucket keeps its place', async () => {
  const source = bucketSource({ usage: USAGE, costs: COSTS, coverage: ALL, syncedAt: 5 });
  const starts = async (start: number, end: number): Promise<number[]> =>
    (await source.usageBuckets({ start, end }, {})).map((b) => (b.start_time - T0) / DAY);
  assert.deepEqual(await starts(T0, T0 + 3 * DAY), [0, 1, 2]);
  assert.deepEqual(
    await starts(T0 + DAY, T0 + 2 * DAY),
    [1],
    'a bucket ending at the start, or starting at the end, is out',
  );
  assert.deepEqual(await starts(T0 + DAY / 2, T0 + DAY + 1), [0, 1], 'partly overlapping buckets are in');
  assert.deepEqual(await starts(T0 + 3 * DAY, T0 + 4 * DAY), []);
  const filtered = await source.usageBuckets(ALL, { projectIds: ['p2'] });
  assert.deepEqual(
    filtered.map((b) => b.results.length),
    [1, 0, 0],
  );
});

test('filters: by organization, project and model (usage); costs ignore the model; an empty list means all', async () => {
  const source = bucketSource({ usage: USAGE, costs: COSTS, coverage: ALL, syncedAt: 5 });
  const usageKeys = async (filters: Parameters<typeof source.usageBuckets>[1]): Promise<string[]> =>
    (await source.usageBuckets(ALL, filters)).flatMap((b) => b.results.map((r) => `${r.project_id}/${r.model}`));
  assert.deepEqual(await usageKeys({}), ['p1/m1', 'p2/m2', 'null/m1', 'p3/null', 'p1/m2']);
  assert.deepEqual(await usageKeys({ projectIds: [], models: [], organizationIds: [] }), await usageKeys({}));
  assert.deepEqual(await usageKeys({ models: ['m1'] }), ['p1/m1', 'null/m1'], 'a null model never matches a filter');
  assert.deepEqual(await usageKeys({ projectIds: ['p1', 'p3'], models: ['m2'] }), ['p1/m2']);
  assert.deepEqual(await usageKeys({ organizationIds: ['o2'] }), ['p2/m2']);
  const costKeys = async (filters: Parameters<typeof source.costBuckets>[1]): Promise<(string | null)[]> =>
    (await source.costBuckets(ALL, filters)).flatMap((b) => b.results.map((r) => r.project_id ?? null));
  assert.deepEqual(await costKeys({ models: ['m1'] }), ['p1', 'p4', null]);
  assert.deepEqual(await costKeys({ projectIds: ['p4'] }), ['p4']);
  assert.deepEqual(await costKeys({ organizationIds: ['o1'] }), ['p1'], 'a result with no organization_id is out');
});

test('projects: the directory ones first, then IDs only the buckets name (first seen), named by their ID', async () => {
  const source = bucketSource({
    usage: USAGE,
    costs: COSTS,
    projects: [
      { id: 'p9', name: 'Archived' },
      { id: 'p2', name: 'Search', organization: 'Acme' },
    ],
    coverage: ALL,
    syncedAt: 5,
  });
  assert.deepEqual(await source.projects(), [
    { id: 'p9', name: 'Archived' },
    { id: 'p2', name: 'Search', organization: 'Acme' },
    { id: 'p1', name: 'p1' },
    { id: 'p3', name: 'p3' },
    { id: 'p4', name: 'p4' },
  ]);
});

test('replace swaps the snapshot at once and tells each listener; unsubscribed and closed listeners hear nothing', async () => {
  const source = bucketSource();
  const heard: string[] = [];
  const offA = source.onChange(() => heard.push('a'));
  source.onChange(() => heard.push('b'));
  const alerts: OpenAlert[] = [];
  source.replace({
    usage: USAGE,
    costs: [],
    coverage: ALL,
    syncedAt: 42,
    alerts,
    organizations: [{ id: 'o1', name: 'Acme' }],
  });
  assert.deepEqual(heard, ['a', 'b']);
  assert.equal(source.lastSyncedAt(), 42);
  assert.equal(source.openAlerts(), alerts);
  assert.deepEqual(await source.organizations(), [{ id: 'o1', name: 'Acme' }]);
  const coverage = source.coverage();
  assert.deepEqual(coverage, ALL);
  if (coverage) coverage.start = 0;
  assert.deepEqual(source.coverage(), ALL, 'coverage is a copy');
  offA();
  source.replace({ usage: [], costs: [], coverage: ALL, syncedAt: 43 });
  assert.deepEqual(heard, ['a', 'b', 'b']);
  assert.deepEqual(await source.usageBuckets(ALL, {}), []);
  await source.close();
  source.replace({ usage: [], costs: [], coverage: ALL, syncedAt: 44 });
  assert.deepEqual(heard, ['a', 'b', 'b']);
});

test('property: selectBuckets keeps exactly the overlapping buckets, each with exactly the passing results', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 5 })), {
        maxLength: 10,
      }),
      fc.integer({ min: -1, max: 11 }),
      fc.integer({ min: 0, max: 4 }),
      (spec, startDay, days) => {
        const buckets = spec.map(([day, results]) => bucket(day, results));
        const range = { start: T0 + startDay * DAY, end: T0 + (startDay + days) * DAY };
        const out = selectBuckets(buckets, range, (n) => n % 2 === 0);
        const expected = spec
          .filter(([day]) => day >= startDay && day < startDay + days)
          .map(([day, results]) =>
            bucket(
              day,
              results.filter((n) => n % 2 === 0),
            ),
          );
        assert.deepEqual(out, expected);
      },
    ),
  );
});
