import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { costTable, type Names, usageTable } from '../../lib/frames/index';
import fc from 'fast-check';
import {
  organizationBreakdown,
  organizationProjectKey,
  organizationProjectLabels,
} from '../../lib/insights/organization-breakdown';

const DAY = 86_400;

/** An organization's names as `conn.names()` gives them: here each name is its own label. */
function directoryNames(byId: Record<string, string>): Pick<Names, 'label' | 'nameOf'> {
  return {
    nameOf: (_dimension, id) => (id === null ? null : (byId[id] ?? null)),
    label: (_dimension, id) => (id === null ? null : (byId[id] ?? id)),
  };
}
const T0 = 1_767_225_600;

function costs(rows: [string | null, string, number][]): WireBucket<WireCostsResult>[] {
  return [0, 1].map((d) => ({
    object: 'bucket',
    start_time: T0 + d * DAY,
    end_time: T0 + (d + 1) * DAY,
    results: rows.map(([project_id, line_item, value]) => ({
      object: 'organization.costs.result',
      amount: { value, currency: 'usd' },
      line_item,
      project_id,
    })),
  }));
}

function usage(rows: [string | null, string, number, number, number][]): WireBucket<WireCompletionsResult>[] {
  return [0, 1].map((d) => ({
    object: 'bucket',
    start_time: T0 + d * DAY,
    end_time: T0 + (d + 1) * DAY,
    results: rows.map(([project_id, model, input_tokens, output_tokens, num_model_requests]) => ({
      object: 'organization.usage.completions.result',
      input_tokens,
      output_tokens,
      input_cached_tokens: 0,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests,
      project_id,
      model,
    })),
  }));
}

test('cost and tokens per organization, project and model: two days summed by hand, same-named projects apart', () => {
  const rows = organizationBreakdown([
    {
      organization: 'eu',
      costs: costTable(
        costs([
          ['p1', 'gpt-4o-2024-08-06, input', 2],
          ['p1', 'gpt-4o-2024-08-06, output', 3],
          ['p2', 'web search tool calls', 0.5],
        ]),
      ),
      usage: usageTable('completions', usage([['p1', 'gpt-4o-2024-08-06', 100, 10, 4]])),
      names: directoryNames({ p1: 'Search', p2: 'Billing' }),
    },
    {
      organization: 'us',
      costs: costTable(costs([['q1', 'ft-gpt-4o-mini-2024-07-18, input', 1]])),
      usage: usageTable(
        'completions',
        usage([
          ['q1', 'ft:gpt-4o-mini-2024-07-18:us::abc', 50, 5, 2],
          [null, 'gpt-4o-2024-08-06', 7, 1, 1],
        ]),
      ),
      names: directoryNames({ q1: 'Search' }),
    },
  ]);
  const table = rows.map((r) => [
    r.organization,
    r.project,
    r.model,
    r.cost_usd,
    r.input_tokens,
    r.output_tokens,
    r.requests,
  ]);
  assert.deepEqual(table, [
    // eu/p1: (2 + 3) × 2 days; 100 and 10 tokens, 4 requests, × 2 days.
    ['eu', 'Search (eu)', 'gpt-4o-2024-08-06', 10, 200, 20, 8],
    // us/q1's fine-tune: its usage model maps to the line item's billing model, one row.
    ['us', 'Search (us)', 'ft-gpt-4o-mini-2024-07-18', 2, 100, 10, 4],
    // Tools name no model: the line item is the row.
    ['eu', 'Billing', 'web search tool calls', 1, 0, 0, 0],
    ['us', '(none)', 'gpt-4o-2024-08-06', 0, 14, 2, 2],
  ]);
  assert.deepEqual(Object.keys(rows[0] ?? {}), [
    'organization',
    'project_id',
    'project',
    'model',
    'cost_usd',
    'input_tokens',
    'output_tokens',
    'requests',
  ]);
});

test('"name (organization)" only where two organizations share a name; one organization alone keeps names', () => {
  const labels = organizationProjectLabels([
    { organization: 'eu', project_id: 'p1', name: 'Search' },
    { organization: 'us', project_id: 'p1', name: 'Search' },
    { organization: 'us', project_id: 'p9', name: 'Chat' },
  ]);
  assert.deepEqual([...labels.values()], ['Search (eu)', 'Search (us)', 'Chat']);
  // The same project ID in two organizations is two projects (keys are per organization).
  assert.equal(labels.size, 3);
});

test('one suffix that tells projects apart: the organization where it does, the ID tail only where it does not', () => {
  const support = organizationProjectLabels([
    { organization: 'eu', project_id: 'proj_aaaaa1', name: 'Support Assistant' },
    { organization: 'eu', project_id: 'proj_aaaaa2', name: 'Support Assistant' },
    { organization: 'us', project_id: 'proj_bbbbb1', name: 'Support Assistant' },
  ]);
  assert.deepEqual(
    [...support.values()],
    ['Support Assistant (eu, …aaaa1)', 'Support Assistant (eu, …aaaa2)', 'Support Assistant (us)'],
  );
  // One organization: the ID tail alone, as its own names give it (nameResolver's "(…tail)").
  const one = organizationProjectLabels([
    { organization: 'eu', project_id: 'proj_x1v2RqO', name: 'Support Assistant' },
    { organization: 'eu', project_id: 'proj_x2v2RqO', name: 'Support Assistant' },
  ]);
  assert.deepEqual([...one.values()], ['Support Assistant (…1v2RqO)', 'Support Assistant (…2v2RqO)']);
  // A project named like another's label: the suffixed one says its whole ID, so no two labels are alike.
  const named = organizationProjectLabels([
    { organization: 'eu', project_id: 'p1', name: 'Search' },
    { organization: 'us', project_id: 'p2', name: 'Search' },
    { organization: 'us', project_id: 'p3', name: 'Search (eu)' },
  ]);
  assert.deepEqual([...named.values()], ['Search (eu, p1)', 'Search (us)', 'Search (eu)']);
});

/** A label is the name, or the name and one "(…)" suffix without parentheses of its own. */
function suffixOf(label: string, name: string): string | null {
  if (label === name) return null;
  assert.ok(
    label.startsWith(`${name} (`) && label.endsWith(')'),
    `${JSON.stringify(label)} is ${JSON.stringify(name)} (…)`,
  );
  return label.slice(name.length + 2, -1);
}

test('property: labels are unique per organization and project, each the name with at most one suffix', () => {
  // Hostile names: long, alike, with parentheses, ellipses and the forms labels take; IDs alike at their ends.
  const name = fc.oneof(
    fc.constantFrom('Support Assistant', 'Search', 'Search (eu)', 'Search (eu, p1)', 'A (…aaaa1)', '(none)', ''),
    fc.string({ maxLength: 3 }),
    fc.string({ minLength: 40, maxLength: 80 }),
  );
  const id = fc.oneof(
    fc.constantFrom('p1', 'proj_aaaaa1', 'proj_aaaaa2', 'proj_baaaa1', 'x'),
    fc.stringMatching(/^proj_[a-zA-Z0-9]{1,12}$/),
  );
  const project = fc.record({
    organization: fc.constantFrom('eu', 'us', 'acme', 'EU_2'),
    project_id: fc.option(id, { nil: null }),
    name,
  });
  fc.assert(
    fc.property(fc.array(project, { maxLength: 25 }), (drawn) => {
      // One entry per organization and project, as the store and the breakdown key them.
      const projects = [
        ...new Map(drawn.map((p) => [organizationProjectKey(p.organization, p.project_id), p])).values(),
      ];
      const labels = organizationProjectLabels(projects);
      assert.equal(labels.size, projects.length);
      assert.equal(new Set(labels.values()).size, projects.length, [...labels.values()].join(' | '));
      for (const p of projects) {
        const label = labels.get(organizationProjectKey(p.organization, p.project_id)) ?? '';
        const suffix = suffixOf(label, p.name);
        if (suffix === null) continue;
        // The suffix is the organization and/or an ID tail, never a suffix within a suffix.
        assert.ok(!/[()]/.test(suffix.replace(p.project_id ?? '', '')), `suffix ${JSON.stringify(suffix)}`);
      }
    }),
    { numRuns: 500 },
  );
});
