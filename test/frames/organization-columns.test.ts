// Tables read from several organizations (issue 17): results tagged with their organization give tables whose rows
// start with organization_id and organization and never add up two organizations; charts' inputs total them. A read
// of one organization (no tag, even with the API's own organization_id key) gives the tables of before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mergeBuckets, tagResults, type WireBucket, type WireCompletionsResult } from '../../lib/catalogue/index';
import {
  costBy,
  costByLineItem,
  costFrame,
  costTable,
  endpointTotals,
  groupRows,
  pivotTotals,
  requestsByModelProject,
  sumBy,
  toCsv,
  usageFrame,
  usageTable,
} from '../../lib/frames/index';
import { bucket, cost } from './cost-buckets';

const DAY = 86_400;
const T0 = 1_764_547_200; // 2025-12-01T00:00Z
const ORGS = [
  { organization_id: 'org-acme', organization: 'acme' },
  { organization_id: 'org-globex', organization: 'globex' },
] as const;

interface Row {
  org: 0 | 1;
  day: number;
  user: string | null;
  model: string;
  project: string;
  requests: number;
  input: number;
}

function completions(r: Row): WireCompletionsResult {
  return {
    object: 'organization.usage.completions.result',
    input_tokens: r.input,
    output_tokens: 0,
    num_model_requests: r.requests,
    project_id: r.project,
    user_id: r.user,
    api_key_id: null,
    model: r.model,
    batch: null,
  };
}

/** Each organization's rows as its own daily buckets (every day present), tagged, then merged as a read does. */
function tagged(rows: readonly Row[], days: number): WireBucket<WireCompletionsResult>[] {
  return mergeBuckets(
    ORGS.map((tag, o) =>
      tagResults(
        Array.from({ length: days }, (_, d) => ({
          object: 'bucket' as const,
          start_time: T0 + d * DAY,
          end_time: T0 + (d + 1) * DAY,
          results: rows.filter((r) => r.org === o && r.day === d).map(completions),
        })),
        tag,
      ),
    ),
  );
}

const rowArb = fc.record({
  org: fc.constantFrom<0 | 1>(0, 1),
  day: fc.integer({ min: 0, max: 2 }),
  user: fc.constantFrom('user-1', 'user-2', null),
  model: fc.constantFrom('gpt-4o', 'o3'),
  project: fc.constantFrom('proj_a', 'proj_b', 'proj_g'),
  requests: fc.integer({ min: 0, max: 1000 }),
  input: fc.integer({ min: 0, max: 1_000_000 }),
});

test('a read of one organization has no organization columns, even when a result carries its own organization_id', () => {
  // The API may add organization_id to costs results (outside the spec): that alone is no tag.
  const own = { ...cost(2.5, 'proj_a', 'gpt-4o, input'), organization_id: 'org-from-the-api' };
  const buckets = [bucket(0, [own, cost(1, 'proj_b', 'gpt-4o, output')])];
  const table = costTable(buckets);
  assert.equal(table.organizations, undefined);
  assert.deepEqual(costFrame(table).columns, [
    'start_time',
    'end_time',
    'amount_value',
    'currency',
    'line_item',
    'project_id',
    'start_datetime',
    'end_datetime',
    'api_key_id',
    'quantity',
    'quantity_unit',
    'user_id',
    'api_source',
  ]);
  assert.deepEqual(groupRows(costBy(table, 'project_id')), [
    { project_id: 'proj_a', value: 2.5 },
    { project_id: 'proj_b', value: 1 },
  ]);
  const pivot = costByLineItem(table);
  assert.equal(pivot.organizations, undefined);
  assert.deepEqual(pivotTotals(pivot, 'line_item'), [
    { line_item: 'gpt-4o, input', total: 2.5 },
    { line_item: 'gpt-4o, output', total: 1 },
  ]);
  assert.equal(toCsv(pivot, { rowHeader: 'date' }).split('\r\n')[0], 'date,"gpt-4o, input","gpt-4o, output"');
});

test('usage of two organizations: every table row is one organization, equal to an independent loop; charts total them', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
      const table = usageTable('completions', tagged(rows, 3));
      const present = rows.length > 0;
      assert.equal(table.organizations !== undefined, present);
      if (!present) return;
      // The frame: organization_id and organization first, one per result, in result order.
      const frame = usageFrame(table);
      assert.deepEqual(frame.columns.slice(0, 3), ['organization_id', 'organization', 'start_datetime']);
      const frameOrgs: unknown = frame.column('organization').values;
      const expectedOrgs = [...rows]
        .sort((a, b) => a.day - b.day || a.org - b.org)
        .map((r) => ORGS[r.org].organization);
      assert.deepEqual(frameOrgs, expectedOrgs);
      // Group sums: per organization and user, against a plain loop.
      const expected = new Map<string, number>();
      for (const r of rows) {
        const key = `${ORGS[r.org].organization_id}|${ORGS[r.org].organization}|${r.user}`;
        expected.set(key, (expected.get(key) ?? 0) + r.requests);
      }
      const groups = sumBy(table, ['user_id'], 'num_model_requests');
      assert.deepEqual(
        new Map(
          groups.map((g) => [`${g.keys['organization_id']}|${g.keys['organization']}|${g.keys['user_id']}`, g.value]),
        ),
        expected,
      );
      for (const g of groupRows(groups))
        assert.deepEqual(Object.keys(g), ['organization_id', 'organization', 'user_id', 'value']);
      // Model x project cells: per organization in the table; the chart's totals per project add them up.
      const byModelProject = requestsByModelProject(table);
      const cells = new Map<string, number>();
      const perProject = new Map<string, number>();
      for (const r of rows) {
        const key = `${ORGS[r.org].organization}|${r.model}|${r.project}`;
        cells.set(key, (cells.get(key) ?? 0) + r.requests);
        perProject.set(r.project, (perProject.get(r.project) ?? 0) + r.requests);
      }
      assert.deepEqual(
        new Map(
          byModelProject.cells.map((c) => [`${c.organization}|${c.model}|${c.project_id}`, c.num_model_requests]),
        ),
        cells,
      );
      assert.deepEqual(new Map(Object.entries(byModelProject.totals)), perProject);
      // Endpoint totals: each organization's own.
      const totals = endpointTotals(table).filter((t) => t.metric === 'input_tokens');
      for (const [o, tag] of ORGS.entries()) {
        const mine = rows.filter((r) => r.org === o);
        const row = totals.find((t) => t.organization_id === tag.organization_id);
        if (mine.length === 0) assert.equal(row, undefined);
        else
          assert.equal(
            row?.total,
            mine.reduce((a, r) => a + r.input, 0),
          );
      }
    }),
  );
});

test('costs of two organizations: costBy, line-item totals and the per-day CSV per organization, the chart pivot totals', () => {
  const acme = [
    bucket(0, [cost(1.25, 'proj_a', 'gpt-4o, input'), cost(0.5, 'proj_a', 'gpt-4o, output')]),
    bucket(1, [cost(2, 'proj_a', 'gpt-4o, input')]),
  ];
  const globex = [bucket(0, [cost(4, 'proj_g', 'gpt-4o, input')]), bucket(1, [])];
  const table = costTable(mergeBuckets([tagResults(acme, ORGS[0]), tagResults(globex, ORGS[1])]));
  assert.deepEqual(costFrame(table).columns.slice(0, 3), ['organization_id', 'organization', 'start_time']);
  // "gpt-4o, input" is billed by both: two rows, never 7.25 in one.
  assert.deepEqual(groupRows(costBy(table, 'line_item')), [
    { organization_id: 'org-globex', organization: 'globex', line_item: 'gpt-4o, input', value: 4 },
    { organization_id: 'org-acme', organization: 'acme', line_item: 'gpt-4o, input', value: 3.25 },
    { organization_id: 'org-acme', organization: 'acme', line_item: 'gpt-4o, output', value: 0.5 },
  ]);
  const pivot = costByLineItem(table);
  // The chart's pivot: both organizations per day.
  assert.deepEqual(pivot.rows, ['2026-11-01', '2026-11-02']);
  assert.deepEqual(pivot.columns, ['gpt-4o, input', 'gpt-4o, output']);
  assert.deepEqual(pivot.values, [
    [5.25, 0.5],
    [2, 0],
  ]);
  assert.deepEqual(pivotTotals(pivot, 'line_item'), [
    { organization_id: 'org-acme', organization: 'acme', line_item: 'gpt-4o, input', total: 3.25 },
    { organization_id: 'org-acme', organization: 'acme', line_item: 'gpt-4o, output', total: 0.5 },
    { organization_id: 'org-globex', organization: 'globex', line_item: 'gpt-4o, input', total: 4 },
  ]);
  assert.deepEqual(toCsv(pivot, { rowHeader: 'date' }).trimEnd().split('\r\n'), [
    'organization_id,organization,date,"gpt-4o, input","gpt-4o, output"',
    'org-acme,acme,2026-11-01,1.25,0.5',
    'org-acme,acme,2026-11-02,2,0',
    'org-globex,globex,2026-11-01,4,0',
  ]);
});
