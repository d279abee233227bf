import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket } from '../../lib/catalogue/index';
import { readRange } from '../../lib/store/range-reads';
import type { StoreContext } from '../../lib/store/sql-driver';
import { StoreCoverageError, StorePartialBucketError, type WindowWrite } from '../../lib/store/store';
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

interface Use {
  project_id?: string | null;
  model?: string | null;
  input_tokens: number;
  num_model_requests?: number;
}
const hour = (start: number, results: readonly Use[], end = start + H): WireBucket<unknown> => ({
  object: 'bucket',
  start_time: start,
  end_time: end,
  results: results.map((r) => ({ num_model_requests: 1, ...r })),
});
const embeddings = (o: Partial<WindowWrite> & Pick<WindowWrite, 'organizationId' | 'start' | 'end' | 'buckets'>) =>
  writeWindow(ctx, {
    endpoint: 'embeddings',
    grouping: 'project_id,model',
    width: '1h',
    final: true,
    syncedAt: 1,
    ...o,
  });
/** A cell as text: strings as they are, anything else as JSON (null as "null"). */
const t = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));
/** Results as '[organization:]project/model=tokens' per bucket start (offset from T0). */
const shown = (buckets: ReadonlyArray<WireBucket<Record<string, unknown>>>): Record<number, string[]> =>
  Object.fromEntries(
    buckets.map((b) => [
      b.start_time - T0,
      b.results.map(
        (r) =>
          `${r['organization_id'] === undefined ? '' : `${t(r['organization_id'])}:`}${t(r['project_id'])}/${t(r['model'])}=${t(r['input_tokens'])}`,
      ),
    ]),
  );

describe('readRange: whole buckets', () => {
  test('the stored grouping as stored: every grid bucket of the range, empty ones too, rows sorted, nulls first', async () => {
    const org = freshOrganization();
    await embeddings({
      organizationId: org,
      start: T0,
      end: T0 + 3 * H,
      buckets: [
        hour(T0, [
          { project_id: 'p2', model: 'm1', input_tokens: 5 },
          { project_id: null, model: 'm1', input_tokens: 7 },
          { project_id: 'p1', model: 'm2', input_tokens: 1 },
        ]),
        hour(T0 + 2 * H, [{ project_id: 'p1', model: 'm1', input_tokens: 3 }]),
      ],
    });
    const read = await readRange(ctx, 'embeddings', {
      start: T0,
      end: T0 + 3 * H,
      width: '1h',
      groupBy: ['model', 'project_id'],
      organizations: [org],
    });
    assert.deepEqual(shown(read), {
      0: ['null/m1=7', 'p1/m2=1', 'p2/m1=5'],
      3600: [],
      7200: ['p1/m1=3'],
    });
    assert.deepEqual(
      read.map((b) => [b.object, b.end_time - b.start_time]),
      [
        ['bucket', H],
        ['bucket', H],
        ['bucket', H],
      ],
    );
    assert.deepEqual(read[0]?.results[0], {
      object: 'organization.usage.embeddings.result',
      input_tokens: 7,
      num_model_requests: 1,
      project_id: null,
      user_id: null,
      api_key_id: null,
      model: 'm1',
    });
  });

  test('coarser than stored: summed per bucket and asked dimension; ungrouped: one result per bucket', async () => {
    const org = freshOrganization();
    await embeddings({
      organizationId: org,
      start: T0,
      end: T0 + H,
      buckets: [
        hour(T0, [
          { project_id: 'p1', model: 'm1', input_tokens: 5, num_model_requests: 2 },
          { project_id: 'p1', model: 'm2', input_tokens: 7, num_model_requests: 3 },
          { project_id: 'p2', model: 'm1', input_tokens: 11, num_model_requests: 4 },
        ]),
      ],
    });
    const query = { start: T0, end: T0 + H, width: '1h' as const, organizations: [org] };
    assert.deepEqual(shown(await readRange(ctx, 'embeddings', { ...query, groupBy: ['project_id'] })), {
      0: ['p1/null=12', 'p2/null=11'],
    });
    const total = await readRange(ctx, 'embeddings', query);
    assert.deepEqual(
      total[0]?.results.map((r) => [r.input_tokens, r.num_model_requests, r.model, r.project_id]),
      [[23, 9, null, null]],
    );
  });

  test('the smallest stored grouping that holds the dimensions asked is read', async () => {
    const org = freshOrganization();
    await embeddings({
      organizationId: org,
      start: T0,
      end: T0 + H,
      buckets: [hour(T0, [{ project_id: 'p', model: 'm', input_tokens: 100 }])],
    });
    // A grouping by project alone holding other numbers: a read by project must come from it, not from the finer one.
    await embeddings({
      organizationId: org,
      grouping: 'project_id',
      start: T0,
      end: T0 + H,
      buckets: [hour(T0, [{ project_id: 'p', input_tokens: 1 }])],
    });
    const byProject = await readRange(ctx, 'embeddings', {
      start: T0,
      end: T0 + H,
      width: '1h',
      groupBy: ['project_id'],
      organizations: [org],
    });
    assert.deepEqual(shown(byProject), { 0: ['p/null=1'] });
    const byModel = await readRange(ctx, 'embeddings', {
      start: T0,
      end: T0 + H,
      width: '1h',
      groupBy: ['model'],
      organizations: [org],
    });
    assert.deepEqual(shown(byModel), { 0: ['null/m=100'] });
  });

  test('organizations: summed unless organization_id is asked for; limited to those named', async () => {
    const [a, b] = [freshOrganization(), freshOrganization()];
    for (const [org, tokens] of [
      [a, 3],
      [b, 4],
    ] as const)
      await embeddings({
        organizationId: org,
        start: T0,
        end: T0 + H,
        buckets: [hour(T0, [{ project_id: 'p', model: 'm', input_tokens: tokens }])],
      });
    const q = { start: T0, end: T0 + H, width: '1h' as const, groupBy: ['project_id'] };
    assert.deepEqual(shown(await readRange(ctx, 'embeddings', { ...q, organizations: [b, a, a] })), {
      0: ['p/null=7'],
    });
    assert.deepEqual(
      shown(
        await readRange(ctx, 'embeddings', { ...q, groupBy: ['organization_id', 'project_id'], organizations: [a, b] }),
      ),
      { 0: [`${a}:p/null=3`, `${b}:p/null=4`] },
    );
    assert.deepEqual(shown(await readRange(ctx, 'embeddings', { ...q, organizations: [b] })), { 0: ['p/null=4'] });
    assert.deepEqual(await readRange(ctx, 'embeddings', { ...q, organizations: [] }), [
      { object: 'bucket', start_time: T0, end_time: T0 + H, results: [] },
    ]);
  });

  test('where: only rows with one of the values; an empty list matches nothing; an unknown dimension is refused', async () => {
    const org = freshOrganization();
    await embeddings({
      organizationId: org,
      start: T0,
      end: T0 + H,
      buckets: [
        hour(T0, [
          { project_id: 'p1', model: 'm1', input_tokens: 1 },
          { project_id: "p'2", model: 'm1', input_tokens: 2 },
          { project_id: 'p3', model: 'm2', input_tokens: 4 },
        ]),
      ],
    });
    const q = { start: T0, end: T0 + H, width: '1h' as const, organizations: [org] };
    assert.deepEqual(
      shown(await readRange(ctx, 'embeddings', { ...q, groupBy: ['model'], where: { project_id: ["p'2", 'p3'] } })),
      {
        0: ['null/m1=2', 'null/m2=4'],
      },
    );
    assert.deepEqual(shown(await readRange(ctx, 'embeddings', { ...q, where: { model: [] } })), { 0: [] });
    await assert.rejects(readRange(ctx, 'embeddings', { ...q, where: { project: ['p1'] } }), {
      name: 'TypeError',
      message: 'invalid filter for embeddings: "project" (dimensions: project_id, user_id, api_key_id, model)',
    });
    // A filter on a dimension no stored grouping holds cannot be answered (it would see nulls).
    await assert.rejects(readRange(ctx, 'embeddings', { ...q, where: { user_id: ['u'] } }), StoreCoverageError);
  });

  test('costs: amounts summed in their currency; a quantity only within one line item', async () => {
    const org = freshOrganization();
    await writeWindow(ctx, {
      organizationId: org,
      endpoint: 'costs',
      grouping: 'project_id,line_item',
      width: '1d',
      start: T0,
      end: T0 + D,
      final: true,
      syncedAt: 1,
      buckets: [
        {
          object: 'bucket',
          start_time: T0,
          end_time: T0 + D,
          results: [
            {
              amount: { value: 1.5, currency: 'usd' },
              quantity: 10,
              quantity_unit: 'tokens',
              project_id: 'p1',
              line_item: 'x, input',
            },
            {
              amount: { value: 2.25, currency: 'usd' },
              quantity: 3,
              quantity_unit: 'images',
              project_id: 'p2',
              line_item: 'x, input',
            },
            {
              amount: { value: 4, currency: 'usd' },
              quantity: 5,
              quantity_unit: 'tokens',
              project_id: 'p1',
              line_item: 'y, output',
            },
          ],
        },
      ],
    });
    const q = { start: T0, end: T0 + D, width: '1d' as const, organizations: [org] };
    const total = await readRange(ctx, 'costs', q);
    assert.deepEqual(
      total[0]?.results.map((r) => [r.amount, r.quantity, r.quantity_unit]),
      [[{ value: 7.75, currency: 'usd' }, null, null]],
    );
    const byItem = await readRange(ctx, 'costs', { ...q, groupBy: ['line_item'] });
    assert.deepEqual(
      byItem[0]?.results.map((r) => [r.line_item, r.amount?.value, r.quantity, r.quantity_unit]),
      [
        ['x, input', 2.25, 3, 'images'],
        ['x, input', 1.5, 10, 'tokens'],
        ['y, output', 4, 5, 'tokens'],
      ],
    );
  });

  test('a range the store does not hold whole is refused, naming the organization and the gap', async () => {
    const org = freshOrganization();
    await embeddings({ organizationId: org, start: T0, end: T0 + 2 * H, buckets: [] });
    await assert.rejects(
      readRange(ctx, 'embeddings', {
        start: T0 + H,
        end: T0 + 4 * H,
        width: '1h',
        groupBy: ['model'],
        organizations: [org],
      }),
      (e: unknown) => {
        assert.ok(e instanceof StoreCoverageError && !(e instanceof StorePartialBucketError));
        assert.equal(
          e.message,
          `store :memory: does not hold embeddings of organization "${org}" at 1h grouped by [model] for [${T0 + H}, ${T0 + 4 * H}): missing [${T0 + 2 * H}, ${T0 + 4 * H}) (run sync for that range)`,
        );
        return true;
      },
    );
    await assert.rejects(
      readRange(ctx, 'embeddings', { start: T0, end: T0 + H, width: '1d', organizations: [org] }),
      /at 1d grouped by \[\] for .*: nothing is stored \(run sync for that range\)/,
    );
    await assert.rejects(
      readRange(ctx, 'moderations', { start: T0, end: T0 + H, width: '1h' }),
      /does not hold moderations at 1h grouped by \[\] .*: nothing is stored/,
    );
  });
});

describe('readRange: a start inside a bucket', () => {
  test('the stored partial first bucket, then whole buckets from the next boundary', async () => {
    const org = freshOrganization();
    const start = T0 + 7 * H + 120;
    await embeddings({
      organizationId: org,
      width: '1d',
      start,
      end: T0 + D,
      partial: true,
      buckets: [hour(start, [{ project_id: 'p', model: 'm', input_tokens: 9 }], T0 + D)],
    });
    await embeddings({
      organizationId: org,
      width: '1d',
      start: T0 + D,
      end: T0 + 2 * D,
      buckets: [hour(T0 + D, [{ project_id: 'p', model: 'm', input_tokens: 20 }], T0 + 2 * D)],
    });
    const read = await readRange(ctx, 'embeddings', {
      start,
      end: T0 + 2 * D,
      width: '1d',
      groupBy: ['project_id'],
      organizations: [org],
    });
    assert.deepEqual(
      read.map((b) => [b.start_time, b.end_time, b.results.map((r) => r.input_tokens)]),
      [
        [start, T0 + D, [9]],
        [T0 + D, T0 + 2 * D, [20]],
      ],
    );
    // A range that ends inside that first bucket reads the partial bucket only when it was stored for that span.
    await assert.rejects(
      readRange(ctx, 'embeddings', { start, end: T0 + 12 * H, width: '1d', organizations: [org] }),
      StorePartialBucketError,
    );
  });

  test('no partial bucket stored for that exact span: refused, saying where a read could start', async () => {
    const org = freshOrganization();
    const start = T0 + 5 * H;
    await assert.rejects(
      readRange(ctx, 'embeddings', { start, end: T0 + D, width: '1d', organizations: [org] }),
      (e: unknown) => {
        assert.ok(e instanceof StorePartialBucketError);
        assert.equal(
          e.message,
          `store :memory: does not hold the partial first 1d bucket [${start}, ${T0 + D}) of embeddings of organization "${org}" grouped by []: ` +
            `the range starts inside a bucket (sync that range with source "sync", or start at ${T0} or ${T0 + D})`,
        );
        return true;
      },
    );
    await assert.rejects(
      readRange(ctx, 'moderations', { start, end: T0 + D, width: '1d' }),
      /grouped by \[\]: nothing is stored \(sync that range/,
    );
  });
});

test('property: any grouping read from a finer stored one holds the sums of the stored rows', async () => {
  const arbRow = fc.record({
    hour: fc.nat(3),
    project_id: fc.constantFrom('p1', 'p2', null),
    model: fc.constantFrom('m1', 'm2'),
    input_tokens: fc.nat(1000),
  });
  await fc.assert(
    fc.asyncProperty(
      // One result per bucket and key, as the API sends them.
      fc.uniqueArray(arbRow, { selector: (r) => `${r.hour}|${r.project_id}|${r.model}`, maxLength: 12 }),
      fc.subarray(['project_id', 'model']),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 1, max: 4 }),
      async (rows, groupBy, from, length) => {
        const org = freshOrganization();
        const buckets = [0, 1, 2, 3].map((h) =>
          hour(
            T0 + h * H,
            rows.filter((r) => r.hour === h),
          ),
        );
        await embeddings({
          organizationId: org,
          start: T0,
          end: T0 + 4 * H,
          buckets: buckets.filter((b) => b.results.length > 0),
        });
        const to = Math.min(4, from + length);
        const read = await readRange(ctx, 'embeddings', {
          start: T0 + from * H,
          end: T0 + to * H,
          width: '1h',
          groupBy,
          organizations: [org],
        });
        assert.equal(read.length, to - from);
        for (const b of read) {
          const h = (b.start_time - T0) / H;
          const sums = new Map<string, number>();
          for (const r of rows.filter((x) => x.hour === h)) {
            const key = JSON.stringify([
              groupBy.includes('project_id') ? r.project_id : null,
              groupBy.includes('model') ? r.model : null,
            ]);
            sums.set(key, (sums.get(key) ?? 0) + r.input_tokens);
          }
          const got = new Map(b.results.map((r) => [JSON.stringify([r.project_id, r.model]), r.input_tokens]));
          assert.deepEqual(got, sums, `hour ${h}`);
        }
      },
    ),
    { numRuns: 30 },
  );
});
