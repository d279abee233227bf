import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket, WireCompletionsResult } from '../../lib/catalogue/index';
import { sumBy } from '../../lib/frames/sum-by';
import { usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE } from './fixtures';

interface Row {
  model: string | null;
  project: string | null;
  tokens: number;
}

function buckets(rows: readonly Row[]): WireBucket<WireCompletionsResult>[] {
  return [
    {
      object: 'bucket',
      start_time: 1_764_547_200,
      end_time: 1_764_633_600,
      results: rows.map((r) => ({
        object: 'organization.usage.completions.result',
        input_tokens: r.tokens,
        output_tokens: 0,
        num_model_requests: 1,
        project_id: r.project,
        user_id: null,
        api_key_id: null,
        model: r.model,
        batch: null,
      })),
    },
  ];
}

test('groups by the dimensions with null its own group and hostile values as plain keys, largest first', () => {
  const table = usageTable(
    'completions',
    buckets([
      { model: 'a', project: '__proto__', tokens: 5 },
      { model: 'a', project: '__proto__', tokens: 7 },
      { model: null, project: 'p', tokens: 12 },
      { model: 'b', project: null, tokens: 1 },
    ]),
  );
  assert.deepEqual(sumBy(table, ['model', 'project_id'], 'input_tokens'), [
    { keys: { model: 'a', project_id: '__proto__' }, value: 12 },
    { keys: { model: null, project_id: 'p' }, value: 12 },
    { keys: { model: 'b', project_id: null }, value: 1 },
  ]);
  assert.deepEqual(sumBy(table, [], 'input_tokens'), [{ keys: {}, value: 25 }]);
  assert.throws(() => sumBy(table, ['modle' as 'model'], 'input_tokens'), /^TypeError: invalid dimension: "modle"/);
  assert.throws(() => sumBy(table, ['model', 'model'], 'input_tokens'), /^TypeError: invalid by: .*duplicate/);
  assert.throws(() => sumBy(table, ['model'], 'tokens' as 'input_tokens'), /^TypeError: invalid metric: "tokens"/);
});

/** Code-unit order, null last (the documented order of equal sums). */
const order = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

test('property: the same groups and sums as a plain Map over the rows, sorted by value then keys', () => {
  const value = fc.constantFrom('a', 'b', 'a-b', '', null);
  fc.assert(
    fc.property(
      fc.array(fc.record({ model: value, project: value, tokens: fc.integer({ min: 0, max: 1000 }) }), {
        maxLength: 60,
      }),
      (rows) => {
        const expected = new Map<string, { keys: Record<string, string | null>; value: number }>();
        for (const r of rows) {
          const k = JSON.stringify([r.model, r.project]);
          const g = expected.get(k) ?? { keys: { model: r.model, project_id: r.project }, value: 0 };
          g.value += r.tokens;
          expected.set(k, g);
        }
        const sorted = [...expected.values()].sort(
          (x, y) =>
            y.value - x.value ||
            order(x.keys['model'] ?? null, y.keys['model'] ?? null) ||
            order(x.keys['project_id'] ?? null, y.keys['project_id'] ?? null),
        );
        assert.deepEqual(
          sumBy(usageTable('completions', buckets(rows)), ['model', 'project_id'], 'input_tokens'),
          sorted,
        );
      },
    ),
  );
});

const GROUPED_ROWS = GROUPED_USAGE.flatMap((b) => b.results);

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
  for (const r of GROUPED_ROWS)
    expected.set(r.project_id ?? null, (expected.get(r.project_id ?? null) ?? 0) + r.input_tokens);
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
