// Two organizations whose projects, models, keys and users have the same IDs: the insights' several-organization
// tests read them tagged and merged (as connectNotebook's fetch gives them) and compare with each organization alone.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  mergeBuckets,
  tagResults,
  type WireBucket,
  type WireCompletionsResult,
  type WireCostsResult,
} from '../../lib/catalogue/index';
import { costTable, usageTable, type CostTable, type UsageTable } from '../../lib/frames/index';

export const ORGS = [
  { organization_id: 'org-acme', organization: 'acme' },
  { organization_id: 'org-globex', organization: 'globex' },
] as const;

export const D0 = 1_764_979_200; // 2025-12-06T00:00Z
const DAY = 86_400;

/** Priced models (list rates known), one the price data lacks, and what their line items read. */
export const MODELS = ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'gpt-image-2.5-flare'] as const;
const LINE_ITEMS = [
  ...MODELS.flatMap((m) => [`${m}, input`, `${m}, cached input`, `${m}, output`, `batch | ${m}, output`]),
  'web search tool calls',
];

export interface OrganizationData {
  costs: WireBucket<WireCostsResult>[];
  usage: WireBucket<WireCompletionsResult>[];
}

/** Both organizations' buckets tagged and merged, as a notebook's several-organization read returns them. */
export function merged(
  acme: OrganizationData,
  globex: OrganizationData,
): { costs: CostTable; usage: UsageTable<'completions'> } {
  const [a, g] = ORGS;
  return {
    costs: costTable(mergeBuckets([tagResults(acme.costs, a), tagResults(globex.costs, g)])),
    usage: usageTable('completions', mergeBuckets([tagResults(acme.usage, a), tagResults(globex.usage, g)])),
  };
}

/** One organization's buckets alone (untagged), as a read of it alone returns them. */
export function alone(data: OrganizationData): { costs: CostTable; usage: UsageTable<'completions'> } {
  return { costs: costTable(data.costs), usage: usageTable('completions', data.usage) };
}

/**
 * The rows of one organization without their organization columns: what the function gives for that organization
 * alone, if it keeps organizations apart.
 */
export function rowsOf<T extends object>(rows: readonly T[], organizationId: string): object[] {
  return rows
    .filter((r) => Reflect.get(r, 'organization_id') === organizationId)
    .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'organization_id' && k !== 'organization')));
}

/** Whether every row starts with organization_id then organization (the tables' first two columns). */
export function organizationFirst(rows: readonly object[]): boolean {
  return rows.every((r) => {
    const [first, second] = Object.keys(r);
    return first === 'organization_id' && second === 'organization';
  });
}

function bucketsOf<R>(results: readonly { day: number; result: R }[], days: number): WireBucket<R>[] {
  return Array.from({ length: days }, (_, d) => ({
    object: 'bucket' as const,
    start_time: D0 + d * DAY,
    end_time: D0 + (d + 1) * DAY,
    results: results.filter((r) => r.day === d).map((r) => r.result),
  }));
}

/** An organization's costs (by project, line item and key) and completions usage over `days` days, same ID pools. */
export function organizationData(days: number): fc.Arbitrary<OrganizationData> {
  const id = (prefix: string): fc.Arbitrary<string | null> => fc.constantFrom(`${prefix}1`, `${prefix}2`, null);
  const day = fc.integer({ min: 0, max: days - 1 });
  const tokens = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200_000 }));
  const cost = fc.record({
    day,
    result: fc.record({
      object: fc.constant('organization.costs.result' as const),
      amount: fc.record({ value: fc.double({ min: 0, max: 50, noNaN: true }), currency: fc.constant('usd') }),
      line_item: fc.constantFrom(...LINE_ITEMS),
      project_id: id('proj_'),
      api_key_id: id('key_'),
    }),
  });
  const use = fc.record({
    day,
    result: fc
      .record({
        input: tokens,
        cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
        output: tokens,
        requests: fc.integer({ min: 0, max: 500 }),
        model: fc.constantFrom(...MODELS),
        batch: fc.boolean(),
        project_id: id('proj_'),
        api_key_id: id('key_'),
        user_id: id('user_'),
      })
      .map((u): WireCompletionsResult => ({
        object: 'organization.usage.completions.result',
        input_tokens: u.input,
        input_cached_tokens: Math.floor(u.input * u.cachedShare),
        input_uncached_tokens: u.input - Math.floor(u.input * u.cachedShare),
        output_tokens: u.output,
        num_model_requests: u.requests,
        model: u.model,
        batch: u.batch,
        service_tier: u.batch ? 'batch' : 'default',
        project_id: u.project_id,
        api_key_id: u.api_key_id,
        user_id: u.user_id,
      })),
  });
  return fc
    .record({ costs: fc.array(cost, { maxLength: 30 }), usage: fc.array(use, { maxLength: 30 }) })
    .map(({ costs, usage }) => ({ costs: bucketsOf(costs, days), usage: bucketsOf(usage, days) }));
}

/**
 * `rows` (of both organizations) keep them apart: every row starts with the organization columns, and each
 * organization's rows are exactly `expected[i]`, what the function gives for organization i alone (nothing summed
 * across them, nothing lost); organizations come in the order `order` says ('id': acme's rows, then globex's).
 */
export function assertKeptApart(
  rows: readonly object[],
  expected: readonly (readonly object[])[],
  order: 'id' | 'any' = 'any',
): void {
  assert.ok(organizationFirst(rows), 'organization_id and organization first in every row');
  ORGS.forEach((o, i) => assert.deepEqual(rowsOf(rows, o.organization_id), expected[i]));
  assert.equal(
    rows.length,
    expected.reduce((a, e) => a + e.length, 0),
  );
  if (order === 'id') {
    const ids = rows.map((r) => String(Reflect.get(r, 'organization_id')));
    assert.deepEqual(ids, [...ids].sort());
  }
}

/**
 * An organization's daily costs and usage over `days` days: each project and model at a steady level of its own, a
 * few days many times that (what anomaly detection finds), same project and model IDs in every organization.
 */
export function dailyData(days: number): fc.Arbitrary<OrganizationData> {
  const cells = ['proj_1', 'proj_2'].flatMap((project) => MODELS.slice(0, 2).map((model) => ({ project, model })));
  return fc
    .record({
      levels: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: cells.length, maxLength: cells.length }),
      spikes: fc.array(
        fc.record({
          day: fc.integer({ min: 0, max: days - 1 }),
          cell: fc.nat(cells.length - 1),
          factor: fc.constantFrom(0, 8, 30),
        }),
        { maxLength: 4 },
      ),
    })
    .map(({ levels, spikes }) => {
      const value = (d: number, c: number): number =>
        (levels[c] ?? 1) * spikes.reduce((f, s) => (s.day === d && s.cell === c ? f * s.factor : f), 1);
      const costs = Array.from({ length: days }, (_, d) =>
        cells.map((cell, c) => ({
          day: d,
          result: {
            object: 'organization.costs.result' as const,
            amount: { value: value(d, c) / 100, currency: 'usd' },
            line_item: `${cell.model}, output`,
            project_id: cell.project,
          },
        })),
      ).flat();
      const usage = Array.from({ length: days }, (_, d) =>
        cells.map((cell, c): { day: number; result: WireCompletionsResult } => ({
          day: d,
          result: {
            object: 'organization.usage.completions.result',
            input_tokens: value(d, c) * 100,
            output_tokens: value(d, c) * 10,
            num_model_requests: value(d, c),
            model: cell.model,
            project_id: cell.project,
          },
        })),
      ).flat();
      return { costs: bucketsOf(costs, days), usage: bucketsOf(usage, days) };
    });
}
