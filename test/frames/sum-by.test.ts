import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket, WireCompletionsResult } from '../../lib/catalogue/index';
import { sumBy } from '../../lib/frames/sum-by';
import { usageTable } from '../../lib/frames/usage-table';

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
