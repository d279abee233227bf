import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UNGROUPED } from '../../lib/frames/dict-column';
import { requestsByModelProject } from '../../lib/frames/requests-by-model-project';
import { usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, P1, P2 } from './fixtures';
import { usageBuckets } from './usage-buckets';

const rows = GROUPED_USAGE.flatMap((b) => b.results);

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

test('a literal "(none)" project adds up with the null project; no rows, nothing', () => {
  const r = requestsByModelProject(
    usageTable(
      'completions',
      usageBuckets(
        [
          { day: 0, model: 'm', project: null, requests: 2 },
          { day: 0, model: 'm', project: UNGROUPED, requests: 3 },
          { day: 1, model: null, project: 'p', requests: 1 },
        ],
        2,
      ),
    ),
  );
  assert.deepEqual(r, {
    models: [UNGROUPED, 'm'],
    projects: [UNGROUPED, 'p'],
    totals: { [UNGROUPED]: 5, p: 1 },
    cells: [
      { model: UNGROUPED, project_id: 'p', num_model_requests: 1 },
      { model: 'm', project_id: UNGROUPED, num_model_requests: 5 },
    ],
  });
  assert.deepEqual(requestsByModelProject(usageTable('completions', [])), {
    models: [],
    projects: [],
    totals: {},
    cells: [],
  });
});

test('property: cells are the raw sums per (model, project), totals their sums per project, orders as documented', () => {
  const key = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
  const row = fc.record({ day: fc.integer({ min: 0, max: 2 }), model: key, project: key, requests: fc.nat(100) });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
      const r = requestsByModelProject(usageTable('completions', usageBuckets(rows, 3)));
      const label = (v: string | null): string => v ?? UNGROUPED;
      const expected = new Map<string, number>();
      for (const x of rows) {
        const k = `${label(x.model)}|${label(x.project)}`;
        expected.set(k, (expected.get(k) ?? 0) + x.requests);
      }
      assert.deepEqual(new Map(r.cells.map((c) => [`${c.model}|${c.project_id}`, c.num_model_requests])), expected);
      for (const p of r.projects)
        assert.equal(
          r.totals[p],
          rows.filter((x) => label(x.project) === p).reduce((s, x) => s + x.requests, 0),
        );
      assert.deepEqual(r.models, [...new Set(rows.map((x) => label(x.model)))].sort());
      for (let i = 1; i < r.projects.length; i++)
        assert.ok((r.totals[r.projects[i - 1] ?? ''] ?? 0) >= (r.totals[r.projects[i] ?? ''] ?? 0));
      // Cells run by model, then in project order.
      const position = (c: (typeof r.cells)[number]): number =>
        r.models.indexOf(c.model) * 100 + r.projects.indexOf(c.project_id);
      assert.deepEqual(
        r.cells,
        [...r.cells].sort((a, b) => position(a) - position(b)),
      );
    }),
  );
});
