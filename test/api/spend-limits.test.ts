import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DirectorySource } from '../../lib/api/directory';
import { InternalServerError, MalformedResponseError, NotFoundError } from '../../lib/api/errors';
import type { ListQuery } from '../../lib/api/list-query';
import {
  monthlyBudgets,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
  type SpendAlert,
  type SpendLimit,
} from '../../lib/api/spend-limits';

/** A directory source answering from a table of paths (a path it does not know answers 404). */
function source(answers: Record<string, unknown>): DirectorySource & {
  calls: { path: string; query: ListQuery | undefined }[];
} {
  const calls: { path: string; query: ListQuery | undefined }[] = [];
  return {
    calls,
    getJson(path, query) {
      calls.push({ path, query });
      if (!(path in answers)) {
        const details = {
          status: 404,
          method: 'GET',
          path,
          requestId: undefined,
          apiMessage: 'not found',
          type: null,
          code: 'not_found',
          param: null,
          headers: {},
        };
        return Promise.reject(new NotFoundError(details));
      }
      const answer = answers[path];
      return Promise.resolve({
        body: typeof answer === 'function' ? (answer as (q: ListQuery) => unknown)(query ?? {}) : answer,
        requestId: 'req_1',
      });
    },
  };
}

const LIMIT = {
  object: 'organization.spend_limit',
  threshold_amount: 123_456,
  currency: 'USD',
  interval: 'month',
  enforcement: { status: 'enforcing' },
};

test('the organization limit in cents and in dollars (cents / 100), enforcing when the API says so', async () => {
  const client = source({ '/organization/spend_limit': LIMIT });
  assert.deepEqual(await organizationSpendLimit(client), {
    scope: 'organization',
    projectId: null,
    thresholdCents: 123_456,
    thresholdAmount: 1234.56,
    currency: 'USD',
    interval: 'month',
    enforcing: true,
  });
  const inactive = source({ '/organization/spend_limit': { ...LIMIT, enforcement: { status: 'inactive' } } });
  assert.equal((await organizationSpendLimit(inactive))?.enforcing, false);
  const noStatus = source({ '/organization/spend_limit': { ...LIMIT, enforcement: {} } });
  assert.equal((await organizationSpendLimit(noStatus))?.enforcing, false);
});

test('no limit configured (404) is null, not a failure; any other error goes through', async () => {
  assert.equal(await organizationSpendLimit(source({})), null);
  assert.equal(await projectSpendLimit(source({}), 'proj_x'), null);
  const failing: DirectorySource = {
    getJson: () =>
      Promise.reject(
        new InternalServerError({
          status: 500,
          method: 'GET',
          path: '/v1/organization/spend_limit',
          requestId: undefined,
          apiMessage: 'down',
          type: null,
          code: null,
          param: null,
          headers: {},
        }),
      ),
  };
  await assert.rejects(organizationSpendLimit(failing), InternalServerError);
});

test('a malformed limit fails naming the field', async () => {
  const cases: [unknown, string, RegExp][] = [
    [null, '$', /expected an object, got null/],
    [[LIMIT], '$', /expected an object/],
    [{ ...LIMIT, threshold_amount: '100' }, '$.threshold_amount', /expected a number, got "100"/],
    [{ ...LIMIT, threshold_amount: null }, '$.threshold_amount', /expected a number/],
    [{ ...LIMIT, enforcement: 'on' }, '$.enforcement', /expected an object, got "on"/],
    [{ ...LIMIT, currency: 840 }, '$.currency', /expected a string, got 840/],
    [{ ...LIMIT, interval: undefined }, '$.interval', /expected a string, got undefined/],
  ];
  for (const [body, path, detail] of cases)
    await assert.rejects(
      organizationSpendLimit(source({ '/organization/spend_limit': body })),
      (e: unknown) => e instanceof MalformedResponseError && e.jsonPath === path && detail.test(e.detail),
      path,
    );
});

test('a project limit reads the project path, its ID escaped as one segment, and names the project', async () => {
  const id = "proj_O'Brien (ops)";
  const path = '/organization/projects/proj_O%27Brien%20%28ops%29/spend_limit';
  const client = source({ [path]: { ...LIMIT, object: 'project.spend_limit', threshold_amount: 5 } });
  const limit = await projectSpendLimit(client, id);
  assert.deepEqual(
    client.calls.map((c) => c.path),
    [path],
  );
  assert.deepEqual([limit?.scope, limit?.projectId, limit?.thresholdAmount], ['project', id, 0.05]);
});

test('a project ID no path can carry is refused before any request, escaped in the message', () => {
  const client = source({});
  for (const [id, shown] of [
    ['', '""'],
    ['..', '".."'],
    ['proj/eu', '"proj/eu"'],
    ['\u202Eevil/x', '"\\u202Eevil/x"'],
  ] as const)
    assert.throws(
      () => projectSpendLimit(client, id),
      (e: unknown) => e instanceof TypeError && e.message === `invalid projectId: ${shown} (no URL path can carry it)`,
      id,
    );
  assert.throws(() => projectSpendLimit(client, 42 as never), /^TypeError: invalid projectId: 42 /);
  assert.equal(client.calls.length, 0);
});

test('spend alerts: every page in order, defaults where the API gave nothing, recipients strings only', async () => {
  const alert = (id: string, cents: number, extra: object = {}): object => ({
    object: 'organization.spend_alert',
    id,
    threshold_amount: cents,
    currency: 'EUR',
    interval: 'week',
    notification_channel: { type: 'email', recipients: ['a@x.io', 7, 'b@x.io'] },
    ...extra,
  });
  const client = source({
    '/organization/spend_alerts': (q: ListQuery) =>
      q.after === undefined
        ? { object: 'list', data: [alert('sa_1', 10_000)], has_more: true, last_id: 'sa_1' }
        : {
            object: 'list',
            data: [alert('sa_2', 250, { currency: null, interval: 3, notification_channel: null })],
            has_more: false,
          },
  });
  assert.deepEqual(await spendAlerts(client), [
    {
      id: 'sa_1',
      thresholdCents: 10_000,
      thresholdAmount: 100,
      currency: 'EUR',
      interval: 'week',
      recipients: ['a@x.io', 'b@x.io'],
    },
    { id: 'sa_2', thresholdCents: 250, thresholdAmount: 2.5, currency: 'USD', interval: 'month', recipients: [] },
  ]);
  assert.deepEqual(
    client.calls.map((c) => c.query),
    [{ limit: 100 }, { limit: 100, after: 'sa_1' }],
  );
});

test('an alert without id or threshold fails naming the item', async () => {
  for (const bad of [{ threshold_amount: 1 }, { id: 'x', threshold_amount: '1' }, 'alert'])
    await assert.rejects(
      spendAlerts(source({ '/organization/spend_alerts': { object: 'list', data: [bad], has_more: false } })),
      (e: unknown) =>
        e instanceof MalformedResponseError &&
        e.jsonPath === '$.data[0]' &&
        e.detail.startsWith('/organization/spend_alerts: expected'),
      JSON.stringify(bad),
    );
});

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

const monthlyLimit = (over: Partial<SpendLimit>): SpendLimit => ({
  scope: 'organization',
  projectId: null,
  thresholdCents: 500_000,
  thresholdAmount: 5_000,
  currency: 'USD',
  interval: 'month',
  enforcing: true,
  ...over,
});
const monthlyAlert = (id: string, amount: number, over: Partial<SpendAlert> = {}): SpendAlert => ({
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
    monthlyBudgets(
      monthlyLimit({}),
      [monthlyAlert('a1', 2_500), monthlyAlert('a2', 4_000)],
      [
        monthlyLimit({ scope: 'project', projectId: 'proj_1', thresholdAmount: 300 }),
        monthlyLimit({ scope: 'project', projectId: '__proto__', thresholdAmount: 7 }),
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
  const out = monthlyBudgets(
    monthlyLimit({ currency: 'EUR' }),
    [
      monthlyAlert('w', 10, { interval: 'week' }),
      monthlyAlert('z', 0),
      monthlyAlert('e', 20, { currency: 'eur' }),
      monthlyAlert('ok', 30, { currency: 'UsD' }),
    ],
    [
      monthlyLimit({ scope: 'project', projectId: null, thresholdAmount: 1 }),
      monthlyLimit({ scope: 'project', projectId: 'p_day', interval: 'day' }),
      monthlyLimit({ scope: 'project', projectId: 'p_neg', thresholdAmount: -5 }),
    ],
  );
  assert.deepEqual(out, { spendLimit: null, spendAlerts: [30], projectLimits: {} });
  assert.equal(Object.getPrototypeOf(out.projectLimits), Object.prototype);
  assert.deepEqual(monthlyBudgets(null, [], []), { spendLimit: null, spendAlerts: [], projectLimits: {} });
  assert.equal(monthlyBudgets(monthlyLimit({ interval: 'year' }), [], []).spendLimit, null);
});
