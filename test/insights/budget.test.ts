import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkBudgetAmount, resolveBudget } from '../../lib/insights/budget';

test('the budget parameter wins over the spend limit, which wins over the alerts', () => {
  const api = { spendLimit: 500, spendAlerts: [250, 400] };
  assert.deepEqual(resolveBudget(1000, api), { amount: 1000, source: 'parameter' });
  assert.deepEqual(resolveBudget(null, api), { amount: 500, source: 'spend_limit' });
  assert.deepEqual(resolveBudget(undefined, { spendLimit: null, spendAlerts: [400, 250] }), {
    amount: 250,
    source: 'spend_alert',
  });
  assert.equal(resolveBudget(null), null);
  assert.equal(resolveBudget(null, { spendLimit: null, spendAlerts: [] }), null);
});

test('property: with only alerts, the line is the lowest alert, whatever their order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (alerts) => {
      let lowest = alerts[0] ?? 0;
      for (const a of alerts) if (a < lowest) lowest = a;
      assert.deepEqual(resolveBudget(null, { spendAlerts: alerts }), { amount: lowest, source: 'spend_alert' });
    }),
  );
});

test('a bad amount is an error naming where it came from', () => {
  assert.throws(() => resolveBudget(0), /^RangeError: invalid budget: 0 \(expected a positive amount in USD/);
  assert.throws(() => resolveBudget(null, { spendLimit: -5 }), /^RangeError: invalid spend limit: -5 /);
  assert.throws(() => resolveBudget(null, { spendAlerts: [100, Number.NaN] }), /^RangeError: invalid spend alert: /);
  assert.throws(() => checkBudgetAmount('100'), /invalid budget: "100"/);
  assert.throws(() => checkBudgetAmount(Infinity), /^RangeError: invalid budget: /);
  assert.equal(checkBudgetAmount(0.5), 0.5);
});
