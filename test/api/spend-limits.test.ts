import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { monthlyBudgets, type SpendAlert, type SpendLimit } from '../../lib/api/spend-limits';

const limit = (amount: number, projectId: string | null = null, currency = 'USD', interval = 'month'): SpendLimit => ({
  scope: projectId === null ? 'organization' : 'project',
  projectId,
  thresholdCents: amount * 100,
  thresholdAmount: amount,
  currency,
  interval,
  enforcing: true,
});
const alert = (amount: number, currency = 'USD', interval = 'month'): SpendAlert => ({
  id: `alert-${amount}`,
  thresholdCents: amount * 100,
  thresholdAmount: amount,
  currency,
  interval,
  recipients: [],
});

test('monthlyBudgets: the monthly USD limit, alerts (in order) and project limits; any case of "usd"', () => {
  assert.deepEqual(
    monthlyBudgets(limit(5000), [alert(4000), alert(2500, 'usd')], [limit(300, 'proj_a'), limit(70, 'proj_b', 'Usd')]),
    { spendLimit: 5000, spendAlerts: [4000, 2500], projectLimits: { proj_a: 300, proj_b: 70 } },
  );
});

test('monthlyBudgets: another currency or interval, a zero threshold or no limit is no budget', () => {
  assert.deepEqual(monthlyBudgets(null, [], []), { spendLimit: null, spendAlerts: [], projectLimits: {} });
  assert.equal(monthlyBudgets(limit(5000, null, 'EUR'), [], []).spendLimit, null);
  assert.equal(monthlyBudgets(limit(5000, null, 'USD', 'week'), [], []).spendLimit, null);
  assert.equal(monthlyBudgets(limit(0), [], []).spendLimit, null);
  assert.deepEqual(
    monthlyBudgets(null, [alert(10, 'EUR'), alert(0), alert(20, 'USD', 'day'), alert(30)], []).spendAlerts,
    [30],
  );
  // A project limit without a project ID has nowhere to go; the later of two limits of one project wins.
  assert.deepEqual(
    monthlyBudgets(null, [], [limit(10), limit(20, 'p', 'GBP'), limit(30, 'q'), limit(40, 'q')]).projectLimits,
    { q: 40 },
  );
});

test('property: every amount kept is a monthly USD threshold above zero, and every such threshold is kept', () => {
  const currency = fc.constantFrom('USD', 'usd', 'EUR');
  const interval = fc.constantFrom('month', 'week');
  const amount = fc.constantFrom(0, 1, 12.5, 900);
  const isBudget = (c: string, i: string, a: number): boolean => c.toUpperCase() === 'USD' && i === 'month' && a > 0;
  fc.assert(
    fc.property(
      fc.option(fc.tuple(amount, currency, interval)),
      fc.array(fc.tuple(amount, currency, interval)),
      fc.array(fc.tuple(amount, fc.constantFrom('p1', 'p2', 'p3'), currency, interval)),
      (org, alerts, projects) => {
        const b = monthlyBudgets(
          org === null ? null : limit(org[0], null, org[1], org[2]),
          alerts.map(([a, c, i]) => alert(a, c, i)),
          projects.map(([a, p, c, i]) => limit(a, p, c, i)),
        );
        assert.equal(b.spendLimit, org !== null && isBudget(org[1], org[2], org[0]) ? org[0] : null);
        assert.deepEqual(
          b.spendAlerts,
          alerts.filter(([a, c, i]) => isBudget(c, i, a)).map(([a]) => a),
        );
        const expected: Record<string, number> = {};
        for (const [a, p, c, i] of projects) if (isBudget(c, i, a)) expected[p] = a;
        assert.deepEqual(b.projectLimits, expected);
      },
    ),
  );
});
