import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNGROUPED } from '../../lib/frames/dict-column';
import { requestsByModelProject } from '../../lib/frames/requests-by-model-project';
import { usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, P1, P2 } from './fixtures';

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
