// Range reads as columns: the rows `readRange` gives as results, the same cells in the same order, or its buckets
// where only results can say them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENDPOINTS, type EndpointName, type WireBucket } from '../../lib/catalogue/index';
import type { RangeColumns, RangeRead } from '../../lib/store/range-columns';
import { readRange, readRangeColumns } from '../../lib/store/range-reads';
import type { StoreContext } from '../../lib/store/sql-driver';
import { StoreCoverageError, type RangeQuery, type WindowWrite } from '../../lib/store/store';
import { writeWindow } from '../../lib/store/window-writes';
import { MemoryStore } from './memory-store';

const H = 3600;
const D = 86_400;
const T0 = 1_739_059_200; // 2025-02-09 00:00 UTC

let store: MemoryStore;
let ctx: StoreContext;
before(async () => {
  store = await MemoryStore.open();
  ctx = store.context();
});
after(() => store.close());

let organizations = 0;
const freshOrganization = (): string => `org-${String(++organizations).padStart(3, '0')}`;

const bucket = (start: number, results: object[], end = start + H): WireBucket<unknown> => ({
  object: 'bucket',
  start_time: start,
  end_time: end,
  results,
});
const write = (o: Pick<WindowWrite, 'organizationId' | 'start' | 'end' | 'buckets'> & Partial<WindowWrite>) =>
  writeWindow(ctx, {
    endpoint: 'embeddings',
    grouping: 'project_id,model',
    width: '1h',
    final: true,
    syncedAt: 1,
    ...o,
  });

function columnsOf(read: RangeRead<EndpointName>): RangeColumns {
  assert.equal(read.kind, 'columns');
  if (read.kind !== 'columns') throw new Error('unreachable');
  return read.columns;
}

/** What the columns hold, field by field, as the results `readRange` gives would hold it (null where absent). */
function sameAsResults(columns: RangeColumns, buckets: readonly WireBucket<object>[], fields: readonly string[]): void {
  assert.deepEqual(
    columns.buckets,
    buckets.map((b) => ({ start: b.start_time, end: b.end_time, results: b.results.length })),
  );
  const results = buckets.flatMap((b) => b.results);
  assert.equal(columns.length, results.length);
  for (const f of fields)
    assert.deepEqual(
      columns.field(f) ?? results.map(() => null),
      results.map((r): unknown => Reflect.get(r, f) ?? null),
      f,
    );
}

describe('readRangeColumns', () => {
  test('a read of the stored grouping: the cells of readRange’s results, bucket by bucket, empty buckets kept', async () => {
    const org = freshOrganization();
    await write({
      organizationId: org,
      start: T0,
      end: T0 + 3 * H,
      buckets: [
        bucket(T0, [
          { project_id: 'p2', model: 'm', input_tokens: 5, num_model_requests: 1 },
          { project_id: 'p1', model: null, input_tokens: 7, num_model_requests: 2 },
        ]),
        bucket(T0 + 2 * H, [{ project_id: 'p1', model: 'm', input_tokens: 9, num_model_requests: 3 }]),
      ],
    });
    const query: RangeQuery = {
      start: T0,
      end: T0 + 3 * H,
      width: '1h',
      groupBy: ['project_id', 'model'],
      organizations: [org],
    };
    const columns = columnsOf(await readRangeColumns(ctx, 'embeddings', query));
    assert.deepEqual(columns.field('input_tokens'), [7, 5, 9]);
    assert.deepEqual(columns.field('project_id'), ['p1', 'p2', 'p1']);
    assert.deepEqual(
      columns.buckets.map((b) => b.results),
      [2, 0, 1],
    );
    const fields = [...ENDPOINTS.embeddings.metrics, ...ENDPOINTS.embeddings.groupBy];
    sameAsResults(columns, await readRange(ctx, 'embeddings', query), fields);
    // Summed to a coarser grouping, and kept apart per organization.
    const other = freshOrganization();
    await write({
      organizationId: other,
      start: T0,
      end: T0 + 3 * H,
      buckets: [bucket(T0, [{ project_id: 'p1', model: 'x', input_tokens: 100, num_model_requests: 1 }])],
    });
    const both: RangeQuery = {
      start: T0,
      end: T0 + 3 * H,
      width: '1h',
      groupBy: ['organization_id', 'project_id'],
      organizations: [org, other],
    };
    const apart = columnsOf(await readRangeColumns(ctx, 'embeddings', both));
    assert.deepEqual(apart.organizationIds, [org, org, other, org]);
    assert.deepEqual(apart.field('input_tokens'), [7, 5, 100, 9]);
    assert.equal(apart.field('model'), undefined);
    const results = await readRange(ctx, 'embeddings', both);
    sameAsResults(apart, results, fields);
    assert.deepEqual(
      apart.organizationIds,
      results.flatMap((b) => b.results.map((r) => r.organization_id)),
    );
  });

  test('costs: a money metric as value and currency cells; a quantity dropped with the line item is null', async () => {
    const org = freshOrganization();
    await writeWindow(ctx, {
      organizationId: org,
      endpoint: 'costs',
      grouping: 'project_id,line_item',
      width: '1d',
      final: true,
      syncedAt: 1,
      start: T0,
      end: T0 + D,
      buckets: [
        bucket(
          T0,
          [
            {
              object: 'organization.costs.result',
              amount: { value: 1.5, currency: 'usd' },
              line_item: 'a',
              project_id: 'p',
              quantity: 3,
              quantity_unit: 'tokens',
            },
            { object: 'organization.costs.result', amount: { value: 2 }, line_item: 'b', project_id: 'p' },
          ],
          T0 + D,
        ),
      ],
    });
    const read = columnsOf(
      await readRangeColumns(ctx, 'costs', {
        start: T0,
        end: T0 + D,
        width: '1d',
        groupBy: ['line_item'],
        organizations: [org],
      }),
    );
    assert.deepEqual(read.money('amount'), { value: [1.5, 2], currency: ['usd', null] });
    assert.deepEqual(read.field('quantity'), [3, null]);
    assert.deepEqual(read.field('quantity_unit'), ['tokens', null]);
    assert.throws(() => read.field('amount'), /amount is a money metric/);
    const total = columnsOf(
      await readRangeColumns(ctx, 'costs', { start: T0, end: T0 + D, width: '1d', organizations: [org] }),
    );
    // Summed over line items (apart per currency, null first): quantities of two units are never added.
    assert.deepEqual(total.money('amount'), { value: [2, 1.5], currency: [null, 'usd'] });
    assert.deepEqual(total.field('quantity'), [null, null]);
  });

  test('a start inside a bucket: the partial first bucket’s columns, then the whole buckets’', async () => {
    const org = freshOrganization();
    const start = T0 + 7 * H + 120;
    await write({
      organizationId: org,
      width: '1d',
      start,
      end: T0 + D,
      partial: true,
      buckets: [bucket(start, [{ project_id: 'p', model: 'm', input_tokens: 9, num_model_requests: 1 }], T0 + D)],
    });
    await write({
      organizationId: org,
      width: '1d',
      start: T0 + D,
      end: T0 + 3 * D,
      buckets: [
        bucket(T0 + 2 * D, [{ project_id: 'p', model: 'm', input_tokens: 20, num_model_requests: 1 }], T0 + 3 * D),
      ],
    });
    const query: RangeQuery = { start, end: T0 + 3 * D, width: '1d', groupBy: ['project_id'], organizations: [org] };
    const columns = columnsOf(await readRangeColumns(ctx, 'embeddings', query));
    assert.deepEqual(columns.field('input_tokens'), [9, 20]);
    assert.deepEqual(columns.field('model'), undefined);
    assert.deepEqual(columns.buckets, [
      { start, end: T0 + D, results: 1 },
      { start: T0 + D, end: T0 + 2 * D, results: 0 },
      { start: T0 + 2 * D, end: T0 + 3 * D, results: 1 },
    ]);
    sameAsResults(columns, await readRange(ctx, 'embeddings', query), ['input_tokens', 'project_id', 'model']);
  });

  test('a row keeping a field the catalogue does not know: readRange’s buckets, that field merged', async () => {
    const org = freshOrganization();
    await write({
      organizationId: org,
      start: T0,
      end: T0 + H,
      buckets: [bucket(T0, [{ project_id: 'p', model: 'm', input_tokens: 1, num_model_requests: 1, new_field: 'x' }])],
    });
    const query: RangeQuery = {
      start: T0,
      end: T0 + H,
      width: '1h',
      groupBy: ['project_id', 'model'],
      organizations: [org],
    };
    const read = await readRangeColumns(ctx, 'embeddings', query);
    assert.equal(read.kind, 'results');
    assert.deepEqual(read.kind === 'results' ? read.buckets : [], await readRange(ctx, 'embeddings', query));
    assert.equal(
      read.kind === 'results' ? Reflect.get(read.buckets[0]?.results[0] ?? {}, 'new_field') : undefined,
      'x',
    );
  });

  test('a stored cell not of its column’s kind fails as readRange fails; missing coverage too', async () => {
    const org = freshOrganization();
    await write({
      organizationId: org,
      start: T0,
      end: T0 + H,
      buckets: [bucket(T0, [{ project_id: 'p', model: 'm', input_tokens: 1, num_model_requests: 1 }])],
    });
    // A required metric stored null (a hand-edited store): the result check names it, the same error either way.
    await ctx.db.exec('UPDATE usage_embeddings SET num_model_requests = NULL WHERE organization_id = $1', [org]);
    const query: RangeQuery = {
      start: T0,
      end: T0 + H,
      width: '1h',
      groupBy: ['project_id', 'model'],
      organizations: [org],
    };
    const expected = /invalid stored embeddings result in usage_embeddings: field num_model_requests/;
    await assert.rejects(readRange(ctx, 'embeddings', query), expected);
    await assert.rejects(readRangeColumns(ctx, 'embeddings', query), expected);
    await assert.rejects(readRangeColumns(ctx, 'embeddings', { ...query, end: T0 + 2 * H }), StoreCoverageError);
  });
});
