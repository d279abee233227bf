import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpendAlert, SpendLimit } from '../../lib/api/index';
import { spendLimitsFrom } from '../../lib/alerts/spend-limits';

const limit = (over: Partial<SpendLimit>): SpendLimit => ({
  scope: 'organization',
  projectId: null,
  thresholdCents: 500_000,
  thresholdAmount: 5_000,
  currency: 'USD',
  interval: 'month',
  enforcing: true,
  ...over,
});
const alert = (id: string, amount: number, over: Partial<SpendAlert> = {}): SpendAlert => ({
  id,
  thresholdCents: amount * 100,
  thresholdAmount: amount,
  currency: 'usd',
  interval: 'month',
  recipients: [],
  ...over,
});

test('monthly USD limits and alerts become budgets: the organization limit, the alerts in order, limits per project', () => {
  assert.deepEqual(
    spendLimitsFrom(
      limit({}),
      [alert('a1', 2_500), alert('a2', 4_000)],
      [
        limit({ scope: 'project', projectId: 'proj_1', thresholdAmount: 300 }),
        limit({ scope: 'project', projectId: '__proto__', thresholdAmount: 7 }),
      ],
    ),
    {
      spendLimit: 5_000,
      spendAlerts: [2_500, 4_000],
      projectLimits: JSON.parse('{"proj_1": 300, "__proto__": 7}') as Record<string, number>,
    },
  );
});

test('another currency or interval, a zero threshold, or a project limit without a project is no budget', () => {
  const out = spendLimitsFrom(
    limit({ currency: 'EUR' }),
    [
      alert('w', 10, { interval: 'week' }),
      alert('z', 0),
      alert('e', 20, { currency: 'eur' }),
      alert('ok', 30, { currency: 'UsD' }),
    ],
    [
      limit({ scope: 'project', projectId: null, thresholdAmount: 1 }),
      limit({ scope: 'project', projectId: 'p_day', interval: 'day' }),
      limit({ scope: 'project', projectId: 'p_neg', thresholdAmount: -5 }),
    ],
  );
  assert.deepEqual(out, { spendLimit: null, spendAlerts: [30], projectLimits: {} });
  assert.equal(Object.getPrototypeOf(out.projectLimits), Object.prototype);
  assert.deepEqual(spendLimitsFrom(null, [], []), { spendLimit: null, spendAlerts: [], projectLimits: {} });
  assert.equal(spendLimitsFrom(limit({ interval: 'year' }), [], []).spendLimit, null);
});
