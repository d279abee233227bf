import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket } from '../../lib/catalogue/index';
import { coverage } from '../../lib/store/coverage-table';
import type { StoreContext } from '../../lib/store/sql-driver';
import type { WindowWrite } from '../../lib/store/store';
import { writeWindow } from '../../lib/store/window-writes';
import { MemoryStore } from './memory-store';

const H = 3600;
const D = 86_400;
const T0 = 1_739_059_200; // 2025-02-09 00:00 UTC, on every grid

let store: MemoryStore;
let ctx: StoreContext;
before(async () => {
  store = await MemoryStore.open();
  ctx = store.context();
});
after(() => store.close());

let organizations = 0;
const freshOrganization = (): string => `org-${++organizations}`;

/** An hour of embeddings usage: one result per token count given, each of its own project. */
const hour = (start: number, tokens: readonly number[]): WireBucket<unknown> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + H,
  results: tokens.map((t, i) => ({ input_tokens: t, num_model_requests: 1, project_id: `proj_${i}` })),
});

const write = (o: Partial<WindowWrite> & Pick<WindowWrite, 'organizationId' | 'start' | 'end'>): WindowWrite => ({
  endpoint: 'embeddings',
  grouping: 'project_id',
  width: '1h',
  buckets: [],
  final: true,
  syncedAt: 1,
  ...o,
});

/** Stored rows of one organization as 'start:tokens' (tokens summed per bucket start), in start order. */
async function stored(org: string, table = 'usage_embeddings', extra = ''): Promise<string[]> {
  const rows = await ctx.db.query(
    `SELECT start_time, sum(input_tokens) AS t, count(*) AS n FROM ${table} WHERE organization_id = $1 ${extra} ` +
      'GROUP BY start_time ORDER BY start_time',
    [org],
  );
  return rows.map((r) => `${Number(r['start_time']) - T0}:${Number(r['t'])}x${Number(r['n'])}`);
}

describe('writeWindow', () => {
  test('writes one row per result and the window as coverage; returns the row count', async () => {
    const org = freshOrganization();
    const buckets = [hour(T0, [1, 2, 3]), hour(T0 + H, [])];
    assert.equal(await writeWindow(ctx, write({ organizationId: org, start: T0, end: T0 + 3 * H, buckets })), 3);
    assert.deepEqual(await stored(org), ['0:6x3']);
    const rows = await ctx.db.query(
      'SELECT end_time, bucket_width, group_by, project_id FROM usage_embeddings WHERE organization_id = $1 ORDER BY project_id',
      [org],
    );
    assert.deepEqual(rows, [
      { end_time: T0 + H, bucket_width: '1h', group_by: 'project_id', project_id: 'proj_0' },
      { end_time: T0 + H, bucket_width: '1h', group_by: 'project_id', project_id: 'proj_1' },
      { end_time: T0 + H, bucket_width: '1h', group_by: 'project_id', project_id: 'proj_2' },
    ]);
    assert.deepEqual(
      await coverage(ctx, { organizationId: org, endpoint: 'embeddings', grouping: 'project_id', width: '1h' }),
      [{ start: T0, end: T0 + 3 * H, final: true }],
    );
    const synced = await ctx.db.query('SELECT synced_at FROM coverage WHERE organization_id = $1', [org]);
    assert.deepEqual(synced, [{ synced_at: 1 }]);
  });

  test('a rewrite replaces the buckets starting inside it, nothing before or after, nor other keys', async () => {
    const org = freshOrganization();
    const other = freshOrganization();
    const three = [hour(T0, [1]), hour(T0 + H, [10]), hour(T0 + 2 * H, [100])];
    await writeWindow(ctx, write({ organizationId: org, start: T0, end: T0 + 3 * H, buckets: three }));
    await writeWindow(ctx, write({ organizationId: other, start: T0, end: T0 + 3 * H, buckets: three }));
    await writeWindow(ctx, write({ organizationId: org, grouping: '', start: T0, end: T0 + 3 * H, buckets: three }));
    // The API revised hour 1 (two results now) and hour 2 is empty: the old rows of both go, hour 0 stays.
    const revised = [hour(T0 + H, [20, 30])];
    assert.equal(
      await writeWindow(
        ctx,
        write({ organizationId: org, start: T0 + H, end: T0 + 3 * H, buckets: revised, final: false }),
      ),
      2,
    );
    assert.deepEqual(await stored(org, 'usage_embeddings', "AND group_by = 'project_id'"), ['0:1x1', '3600:50x2']);
    assert.deepEqual(await stored(org, 'usage_embeddings', "AND group_by = ''"), ['0:1x1', '3600:10x1', '7200:100x1']);
    assert.deepEqual(await stored(other), ['0:1x1', '3600:10x1', '7200:100x1']);
    assert.deepEqual(
      await coverage(ctx, { organizationId: org, endpoint: 'embeddings', grouping: 'project_id', width: '1h' }),
      [
        { start: T0, end: T0 + H, final: true },
        { start: T0 + H, end: T0 + 3 * H, final: false },
      ],
    );
  });

  test('a bucket outside its window is refused before anything is written', async () => {
    const org = freshOrganization();
    for (const start of [T0 - H, T0 + 2 * H]) {
      await assert.rejects(
        writeWindow(ctx, write({ organizationId: org, start: T0, end: T0 + 2 * H, buckets: [hour(start, [1])] })),
        { name: 'RangeError', message: `bucket ${start} of embeddings is outside the window [${T0}, ${T0 + 2 * H})` },
      );
    }
    assert.deepEqual(await stored(org), []);
    assert.deepEqual(await ctx.db.query('SELECT * FROM coverage WHERE organization_id = $1', [org]), []);
  });

  test('a result the store cannot hold fails the window and keeps what was stored', async () => {
    const org = freshOrganization();
    await writeWindow(ctx, write({ organizationId: org, start: T0, end: T0 + H, buckets: [hour(T0, [5])] }));
    const bad: WireBucket<unknown> = { ...hour(T0, [6]), results: [{ input_tokens: 'many' }] };
    await assert.rejects(
      writeWindow(ctx, write({ organizationId: org, start: T0, end: T0 + H, buckets: [bad] })),
      /invalid input_tokens: "many" \(expected a number\)/,
    );
    assert.deepEqual(await stored(org), ['0:5x1']);
  });

  test('property: the table holds the last write of every bucket and coverage the last flag of every hour', async () => {
    // Windows of whole hours over a 6-hour span, each with some of its hours holding results.
    const arbWrite = fc
      .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.boolean())
      .chain(([from, length, final]) => {
        const to = Math.min(6, from + length);
        return fc.record({
          from: fc.constant(from),
          to: fc.constant(to),
          final: fc.constant(final),
          hours: fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 3 }), {
            minLength: to - from,
            maxLength: to - from,
          }),
        });
      });
    await fc.assert(
      fc.asyncProperty(fc.array(arbWrite, { minLength: 1, maxLength: 5 }), async (writes) => {
        const org = freshOrganization();
        const rows = new Map<number, number[]>();
        const flags = new Map<number, boolean>();
        for (const w of writes) {
          const buckets = w.hours.map((tokens, i) => hour(T0 + (w.from + i) * H, tokens));
          await writeWindow(
            ctx,
            write({ organizationId: org, start: T0 + w.from * H, end: T0 + w.to * H, buckets, final: w.final }),
          );
          for (let h = w.from; h < w.to; h++) {
            const tokens = w.hours[h - w.from] ?? [];
            if (tokens.length > 0) rows.set(h, tokens);
            else rows.delete(h);
            flags.set(h, w.final);
          }
        }
        const expected = [...rows.entries()]
          .sort(([a], [b]) => a - b)
          .map(([h, t]) => `${h * H}:${t.reduce((s, x) => s + x, 0)}x${t.length}`);
        assert.deepEqual(await stored(org), expected);
        const covered = await coverage(ctx, {
          organizationId: org,
          endpoint: 'embeddings',
          grouping: 'project_id',
          width: '1h',
        });
        const hours = new Map<number, boolean>();
        for (const c of covered) for (let t = c.start; t < c.end; t += H) hours.set((t - T0) / H, c.final);
        assert.deepEqual(
          [...hours.entries()].sort(([a], [b]) => a - b),
          [...flags.entries()].sort(([a], [b]) => a - b),
        );
        // Merged: no two touching intervals share a flag.
        for (let i = 1; i < covered.length; i++) {
          const [a, b] = [covered[i - 1], covered[i]];
          assert.ok(a !== undefined && b !== undefined && (a.end < b.start || a.final !== b.final));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('partial first buckets', () => {
  const partial = (org: string, start: number, end: number, tokens: readonly number[], final = true): WindowWrite =>
    write({
      organizationId: org,
      endpoint: 'embeddings',
      width: '1d',
      start,
      end,
      partial: true,
      final,
      buckets: [{ ...hour(start, tokens), end_time: end }],
    });

  test('stored apart, with their exact span; a later one of the same day replaces it', async () => {
    const org = freshOrganization();
    assert.equal(await writeWindow(ctx, partial(org, T0 + 7 * H, T0 + D, [4, 5])), 2);
    assert.deepEqual(await stored(org), [], 'no whole-bucket row');
    assert.deepEqual(await stored(org, 'usage_embeddings_partial'), [`${7 * H}:9x2`]);
    assert.equal(await writeWindow(ctx, partial(org, T0 + 9 * H + 30, T0 + D, [8], false)), 1);
    assert.deepEqual(await stored(org, 'usage_embeddings_partial'), [`${9 * H + 30}:8x1`]);
    assert.deepEqual(
      await ctx.db.query(
        'SELECT endpoint, bucket_width, start_time, end_time, final FROM partial_coverage WHERE organization_id = $1',
        [org],
      ),
      [{ endpoint: 'embeddings', bucket_width: '1d', start_time: T0 + 9 * H + 30, end_time: T0 + D, final: false }],
    );
    assert.deepEqual(await ctx.db.query('SELECT * FROM coverage WHERE organization_id = $1', [org]), []);
    // The next day's partial bucket is another bucket: both kept.
    await writeWindow(ctx, partial(org, T0 + D + H, T0 + 2 * D, [1]));
    assert.deepEqual(await stored(org, 'usage_embeddings_partial'), [`${9 * H + 30}:8x1`, `${D + H}:1x1`]);
  });

  test('a span that is not inside one bucket, off its start, is refused', async () => {
    const org = freshOrganization();
    for (const [start, end] of [
      [T0, T0 + H], // starts on the grid
      [T0 + H, T0 + D + 1], // ends past the boundary
      [T0 + H, T0 + H], // empty
    ] as const) {
      await assert.rejects(writeWindow(ctx, { ...partial(org, start, end, []), buckets: [] }), {
        name: 'RangeError',
        message: `invalid partial bucket [${start}, ${end}) of embeddings at 1d: it must start inside one bucket and end by its boundary`,
      });
    }
    assert.deepEqual(await ctx.db.query('SELECT * FROM partial_coverage WHERE organization_id = $1', [org]), []);
  });
});
