import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DirectorySource } from '../../lib/api/directory';
import { InternalServerError, MalformedResponseError, NotFoundError } from '../../lib/api/errors';
import type { ListQuery } from '../../lib/api/list-query';
import { organizationSpendLimit, projectSpendLimit, spendAlerts } from '../../lib/api/spend-limits';

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
