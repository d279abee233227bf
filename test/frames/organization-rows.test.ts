// Rows of tables by index and by organization: a table read from several organizations split into each one's rows
// reads as the table of that organization read alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  costTable,
  costTableRows,
  organizationOfRow,
  organizationsOf,
  rowsOfOrganization,
  usageTable,
  usageTableRows,
  type CostTable,
  type DictColumn,
  type UsageTable,
} from '../../lib/frames/index';
import { alone, merged, organizationData, ORGS } from '../insights/two-organizations';

const text = (c: DictColumn | undefined, i: number): string | null => c?.values[c.codes[i] ?? -1] ?? null;

/** Every row of a costs table as plain values (dictionaries read), organizations included when present. */
function costRecords(t: CostTable): unknown[] {
  return Array.from({ length: t.length }, (_, i) => ({
    start: t.startTime[i],
    end: t.endTime[i],
    amount: t.amount[i],
    currency: text(t.currency, i),
    quantity: t.quantity[i],
    unit: text(t.quantityUnit, i),
    dimensions: Object.fromEntries(Object.entries(t.dimensions).map(([k, c]) => [k, text(c, i)])),
    organization:
      t.organizations === undefined ? undefined : [text(t.organizations.id, i), text(t.organizations.name, i)],
  }));
}

/** Every row of a usage table as plain values. */
function usageRecords(t: UsageTable): unknown[] {
  return Array.from({ length: t.length }, (_, i) => ({
    start: t.startTime[i],
    end: t.endTime[i],
    metrics: Object.fromEntries(Object.entries(t.metrics).map(([k, c]) => [k, c?.[i]])),
    dimensions: Object.fromEntries(Object.entries(t.dimensions).map(([k, c]) => [k, text(c, i)])),
    organization:
      t.organizations === undefined ? undefined : [text(t.organizations.id, i), text(t.organizations.name, i)],
  }));
}

test("a table of several organizations split by organization: each part reads as that organization's table alone", () => {
  fc.assert(
    fc.property(organizationData(3), organizationData(3), (acme, globex) => {
      const both = merged(acme, globex);
      const present = ORGS.filter((o, i) => {
        const data = i === 0 ? acme : globex;
        return data.costs.some((b) => b.results.length > 0) || data.usage.some((b) => b.results.length > 0);
      });
      // Each organization with any row once (in the order first met: costs rows, then usage rows).
      const found = organizationsOf([both.costs, both.usage]);
      const byId = (a: { organization_id: string }, b: { organization_id: string }) =>
        a.organization_id < b.organization_id ? -1 : 1;
      assert.deepEqual([...found].sort(byId), present);
      const firstCost = both.costs.organizations?.id.values[both.costs.organizations.id.codes[0] ?? -1];
      if (firstCost !== undefined) assert.equal(found[0]?.organization_id, firstCost);
      [acme, globex].forEach((data, i) => {
        const id = ORGS[i]?.organization_id ?? '';
        const own = alone(data);
        const costs = costTableRows(both.costs, rowsOfOrganization(both.costs, id), true);
        const usage = usageTableRows(both.usage, rowsOfOrganization(both.usage, id), true);
        assert.deepEqual(costRecords(costs), costRecords(own.costs));
        assert.deepEqual(usageRecords(usage), usageRecords(own.usage));
        // Kept tagged (untag false), every row is of this organization.
        const tagged = costTableRows(both.costs, rowsOfOrganization(both.costs, id));
        const of = organizationOfRow(tagged.organizations);
        for (let r = 0; r < tagged.length; r++) assert.deepEqual(of(r), ORGS[i]);
      });
    }),
    { numRuns: 60 },
  );
});

test('rows picked by index, in the order given; a table of one organization has none of its own', () => {
  const { costs } = alone(fc.sample(organizationData(2), { numRuns: 1, seed: 3 })[0] ?? { costs: [], usage: [] });
  const all = costRecords(costs);
  const picked = [...all.keys()].reverse();
  assert.deepEqual(
    costRecords(costTableRows(costs, picked)),
    picked.map((i) => all[i]),
  );
  assert.deepEqual(organizationsOf([costs]), []);
  assert.deepEqual(rowsOfOrganization(costs, 'org-acme'), []);
  assert.equal(organizationOfRow(costs.organizations)(0), undefined);
  const usage = usageTable('completions', []);
  assert.equal(usageTableRows(usage, []).length, 0);
  assert.equal(costTable([]).length, 0);
});
