import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import vm from 'node:vm';
import { InvalidParams, notebookParams } from '../../lib/notebook/index';
import type { NotebookParamsInput } from '../../lib/notebook/notebook-params';

const env = { now: 1_767_271_234, fixedNow: true };

test('every filter of the catalogue is a notebook parameter (sources, sizes, vector_store_ids, context_levels, line_items)', () => {
  const images = notebookParams({ days_ago: 3, sources: ['image.edit'], sizes: ['1024x1024'] }, 'images', env);
  assert.deepEqual([images.wire.sources, images.wire.sizes], [['image.edit'], ['1024x1024']]);
  assert.deepEqual(
    notebookParams({ days_ago: 3, vector_store_ids: ['vs_1'] }, 'file_search_calls', env).wire.vector_store_ids,
    ['vs_1'],
  );
  assert.deepEqual(
    notebookParams({ days_ago: 3, context_levels: ['high'] }, 'web_search_calls', env).wire.context_levels,
    ['high'],
  );
  assert.deepEqual(
    notebookParams({ days_ago: 3, line_items: ['Vector storage'], group_by: ['api_source'] }, 'costs', env).wire
      .line_items,
    ['Vector storage'],
  );
  assert.equal(notebookParams({ days_ago: 3, batch: true }, 'decisions', env).wire.batch, true);
  // null means unset, as for the other parameters.
  assert.equal(notebookParams({ days_ago: 3, sizes: null }, 'images', env).wire.sizes, undefined);
});

test("filter values and endpoints are checked with the catalogue's lists", () => {
  assert.throws(
    () => notebookParams({ days_ago: 3, sizes: ['2x2'] }, 'images', env),
    (e: unknown) => e instanceof InvalidParams && /invalid sizes: "2x2" \(allowed: 256x256/.test(e.message),
  );
  assert.throws(
    () => notebookParams({ days_ago: 3, context_levels: ['low'] }, 'completions', env),
    /completions accepts filters project_ids, user_ids, api_key_ids, models, batch/,
  );
  assert.throws(
    () => notebookParams({ days_ago: 3, colour: 'x' } as never, 'completions', env),
    /known: days_ago, .*line_items/,
  );
  // The costs grouping rule of the live service, with what to do.
  assert.throws(
    () => notebookParams({ start_time: '2025-11-01', group_by: ['api_key_id'] }, 'costs', env),
    /start on or after 2025-12-06 to group costs by api_key_id/,
  );
});

test('a wrong bucket_width written as a plain string type-checks and gets the endpoint’s widths at run time', () => {
  // What a user types into the parameters cell: a variable, so TypeScript sees `bucket_width: string`.
  const raw = { days_ago: 30, bucket_width: '5m', limit: 7 };
  assert.throws(
    () => notebookParams(raw, 'completions', env),
    (e: unknown) =>
      e instanceof InvalidParams && e.message === 'invalid bucket_width: "5m" (completions accepts only 1m, 1h, 1d)',
  );
  assert.throws(
    () => notebookParams({ days_ago: 3, bucket_width: '1h' }, 'costs', env),
    /^InvalidParams: invalid bucket_width: "1h" \(costs accepts only 1d\)$/,
  );
  assert.equal(notebookParams({ days_ago: 3, bucket_width: '1h' }, 'completions', env).wire.bucket_width, '1h');
});

test('InvalidParams thrown inside a vm script (as tslab runs a cell) prints as its one line, no library source', () => {
  const context = vm.createContext({ notebookParams, env });
  try {
    vm.runInContext('notebookParams({ days_ago: 30, bucket_width: "5m" }, "completions", env)', context, {
      displayErrors: true,
    });
    assert.fail('expected a throw');
  } catch (e) {
    assert.ok(e instanceof InvalidParams);
    assert.equal(e.stack, 'InvalidParams: invalid bucket_width: "5m" (completions accepts only 1m, 1h, 1d)');
    assert.equal(inspect(e), '[InvalidParams: invalid bucket_width: "5m" (completions accepts only 1m, 1h, 1d)]');
  }
});

test('the parameters cell turns days_ago into start_time and pins the end when now is fixed', () => {
  const now = 1_736_640_000;
  const fixed = notebookParams(
    { days_ago: 30, bucket_width: '1d', limit: 7, group_by: ['model', 'project_id'] },
    'completions',
    { now, fixedNow: true },
  );
  assert.deepEqual(fixed.wire, {
    start_time: now - 30 * 86_400,
    end_time: now,
    bucket_width: '1d',
    limit: 7,
    group_by: ['model', 'project_id'],
  });
  const live = notebookParams({ start_time: '2025-01-01', models: null }, 'completions', { now, fixedNow: false });
  assert.deepEqual(live.wire, { start_time: Date.UTC(2025, 0, 1) / 1000 });
  assert.match(live.summary, /^completions: 2025-01-01 00:00 → now UTC, 1d buckets$/);
});

test('the parameters cell rejects bad values before any request, saying what is allowed', () => {
  const now = { now: 1_736_640_000, fixedNow: false };
  assert.throws(
    () => notebookParams({ days_ago: 30, start_time: 1 }, 'completions', now),
    /invalid days_ago: 30 \(give days_ago or start_time, not both\)/,
  );
  assert.throws(() => notebookParams({}, 'completions', now), /invalid start_time/);
  // A bad parameter reads as one line in the notebook: the error's stack is its message, whatever rule failed.
  for (const bad of [
    { days_ago: 30, bucket_width: '5m' as '1d' },
    { days_ago: -1 },
    { days_ago: 30, group_by: ['line_item'] },
  ]) {
    const err = (() => {
      try {
        notebookParams(bad, 'completions', now);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InvalidParams, JSON.stringify(bad));
    assert.equal(err.stack, `InvalidParams: ${err.message}`);
    assert.match(err.message, /^invalid (bucket_width|days_ago|group_by)/);
  }
  assert.throws(() => notebookParams({ days_ago: -1 }, 'completions', now), /invalid days_ago: -1/);
  assert.throws(
    () => notebookParams({ days_ago: 30, bucket_width: '1h' }, 'costs', now),
    /invalid bucket_width: "1h" \(costs accepts only 1d\)/,
  );
  assert.throws(
    () => notebookParams({ days_ago: 30, group_by: ['line_item'] }, 'completions', now),
    /invalid group_by: "line_item"/,
  );
  assert.throws(
    () => notebookParams({ days_ago: 30, start_time: null, end_time: 'soon' }, 'completions', now),
    /invalid end_time: "soon"/,
  );
  const parsed = JSON.parse('{"days_ago": 3, "page": "x"}') as NotebookParamsInput;
  assert.throws(() => notebookParams(parsed, 'completions', now), /invalid parameter: "page"/);
});
