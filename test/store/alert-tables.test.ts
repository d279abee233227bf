import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  alertDeliveries,
  openAlertEvents,
  recordAlertEvents,
  undeliveredAlerts,
  updateAlertDelivery,
} from '../../lib/store/alert-tables';
import type { StoreContext } from '../../lib/store/sql-driver';
import type { AlertEventKey, AlertEventRecord } from '../../lib/store/store';
import { event } from './alert-helpers';
import { MemoryStore } from './memory-store';

let store: MemoryStore;
let ctx: StoreContext;
before(async () => {
  store = await MemoryStore.open();
  ctx = store.context();
});
after(() => store.close());

/** Each test writes under its own organization, so tests sharing the store never see each other's rows. */
let organizations = 0;
const freshOrganization = (): string => `org-${++organizations}`;
const keyOf = (e: AlertEventRecord): AlertEventKey => ({
  organization: e.organization,
  rule: e.rule,
  scope: e.scope,
  period: e.period,
  state: e.state,
});
const count = async (table: string, organization: string): Promise<number> =>
  Number((await ctx.db.query(`SELECT count(*) AS n FROM ${table} WHERE organization = $1`, [organization]))[0]?.['n']);
const deliveriesOf = async (organization: string) =>
  (await alertDeliveries(ctx)).filter((d) => d.organization === organization);

describe('recordAlertEvents', () => {
  test('an event is new once: a repeat in the same batch or a later one records nothing; the state is in the key', async () => {
    const org = freshOrganization();
    const firing = event({ organization: org });
    const resolved = event({ organization: org, state: 'resolved' });
    assert.deepEqual(await recordAlertEvents(ctx, [firing, firing, resolved], 10), [keyOf(firing), keyOf(resolved)]);
    assert.deepEqual(await recordAlertEvents(ctx, [resolved, firing], 11), []);
    assert.equal(await count('alert_events', org), 2);
    const stored = await ctx.db.query(
      'SELECT state, rule_type, payload, recorded_at FROM alert_events WHERE organization = $1 ORDER BY state',
      [org],
    );
    assert.deepEqual(stored, [
      { state: 'firing', rule_type: 'budget', payload: firing.payload, recorded_at: 10 },
      { state: 'resolved', rule_type: 'budget', payload: firing.payload, recorded_at: 10 },
    ]);
  });

  test('one pending delivery per distinct channel; an event without channels is recorded with none', async () => {
    const org = freshOrganization();
    await recordAlertEvents(
      ctx,
      [
        event({ organization: org, channels: ['team', 'hook', 'team'] }),
        event({ organization: org, period: 'p2', channels: [] }),
      ],
      50,
    );
    assert.equal(await count('alert_events', org), 2);
    assert.deepEqual(
      (await deliveriesOf(org)).map((d) => [d.period, d.channel, d.status, d.attempts, d.lastError, d.updatedAt]),
      [
        ['2026-11/80%', 'hook', 'pending', 0, null, 50],
        ['2026-11/80%', 'team', 'pending', 0, null, 50],
      ],
    );
  });

  test('a recorded event keeps its deliveries whatever channels a repeat names', async () => {
    const org = freshOrganization();
    await recordAlertEvents(ctx, [event({ organization: org, channels: ['team'] })], 1);
    assert.deepEqual(await recordAlertEvents(ctx, [event({ organization: org, channels: ['team', 'pager'] })], 2), []);
    assert.deepEqual(
      (await deliveriesOf(org)).map((d) => d.channel),
      ['team'],
    );
  });

  test('hostile text in every key field and the payload comes back byte for byte', async () => {
    const org = `${freshOrganization()} '; DROP TABLE alert_events; --`;
    const hostile = event({
      organization: org,
      rule: 'rule "quoted" \u202e\u0000',
      scope: "project 'x'",
      period: '2026-11/$1',
      payload: '{"summary":"</script><img src=x>"}',
      channels: ['chan $2', "o'neil"],
    });
    assert.deepEqual(await recordAlertEvents(ctx, [hostile], 7), [keyOf(hostile)]);
    const got = await deliveriesOf(org);
    assert.deepEqual(
      got.map((d) => [d.rule, d.scope, d.period, d.payload, d.channel]),
      [
        [hostile.rule, hostile.scope, hostile.period, hostile.payload, 'chan $2'],
        [hostile.rule, hostile.scope, hostile.period, hostile.payload, "o'neil"],
      ],
    );
    assert.deepEqual(await recordAlertEvents(ctx, [hostile], 8), [], 'the same hostile key is found again');
  });

  test('property: new keys are the distinct keys in first-seen order; deliveries follow each first occurrence', async () => {
    const arbEvent = fc.record({
      rule: fc.constantFrom('budget', 'spike'),
      period: fc.constantFrom('2026-10', '2026-11'),
      state: fc.constantFrom('firing' as const, 'resolved' as const),
      channels: fc.array(fc.constantFrom('team', 'hook', 'pager'), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(arbEvent, { maxLength: 5 }), { maxLength: 4 }), async (batches) => {
        const org = freshOrganization();
        const firstSeen = new Map<string, AlertEventRecord>();
        const added: AlertEventKey[] = [];
        for (const [i, batch] of batches.entries()) {
          const events = batch.map((e) => event({ ...e, organization: org }));
          for (const e of events)
            if (!firstSeen.has(JSON.stringify(keyOf(e)))) firstSeen.set(JSON.stringify(keyOf(e)), e);
          added.push(...(await recordAlertEvents(ctx, events, 100 + i)));
        }
        assert.deepEqual(
          added,
          [...firstSeen.values()].map((e) => keyOf(e)),
        );
        assert.equal(await count('alert_events', org), firstSeen.size);
        const expected = [...firstSeen.values()].reduce((n, e) => n + new Set(e.channels).size, 0);
        assert.equal(await count('alert_deliveries', org), expected);
      }),
      { numRuns: 25 },
    );
  });
});

describe('deliveries', () => {
  test('undelivered: pending and failed ones, oldest event first; an update touches one channel of one event', async () => {
    const org = freshOrganization();
    const older = event({ organization: org, period: 'z-older', channels: ['team', 'hook'] });
    const newer = event({ organization: org, period: 'a-newer', channels: ['team'] });
    await recordAlertEvents(ctx, [older], 100);
    await recordAlertEvents(ctx, [newer], 200);
    const undelivered = async () =>
      (await undeliveredAlerts(ctx))
        .filter((d) => d.organization === org)
        .map((d) => `${d.period}/${d.channel}/${d.status}/${d.attempts}/${d.lastError}`);
    // Oldest recorded first, though its period sorts last.
    assert.deepEqual(await undelivered(), [
      'z-older/hook/pending/0/null',
      'z-older/team/pending/0/null',
      'a-newer/team/pending/0/null',
    ]);
    await updateAlertDelivery(ctx, keyOf(older), 'hook', {
      status: 'failed',
      attempts: 2,
      lastError: "HTTP 503 'busy'",
      updatedAt: 300,
    });
    await updateAlertDelivery(ctx, keyOf(older), 'team', {
      status: 'delivered',
      attempts: 1,
      lastError: null,
      updatedAt: 301,
    });
    assert.deepEqual(await undelivered(), ["z-older/hook/failed/2/HTTP 503 'busy'", 'a-newer/team/pending/0/null']);
    // A later success clears the stored error.
    await updateAlertDelivery(ctx, keyOf(older), 'hook', {
      status: 'delivered',
      attempts: 3,
      lastError: null,
      updatedAt: 302,
    });
    assert.deepEqual(await undelivered(), ['a-newer/team/pending/0/null']);
    const all = await deliveriesOf(org);
    assert.deepEqual(
      all.map((d) => [d.period, d.channel, d.status, d.attempts, d.lastError, d.updatedAt]),
      [
        ['z-older', 'hook', 'delivered', 3, null, 302],
        ['z-older', 'team', 'delivered', 1, null, 301],
        ['a-newer', 'team', 'pending', 0, null, 200],
      ],
    );
  });

  test('an update of an unknown key or channel changes nothing', async () => {
    const org = freshOrganization();
    const e = event({ organization: org, channels: ['team'] });
    await recordAlertEvents(ctx, [e], 1);
    const before = await deliveriesOf(org);
    const done = { status: 'delivered' as const, attempts: 1, lastError: null, updatedAt: 9 };
    await updateAlertDelivery(ctx, { ...keyOf(e), state: 'resolved' }, 'team', done);
    await updateAlertDelivery(ctx, keyOf(e), 'hook', done);
    assert.deepEqual(await deliveriesOf(org), before);
  });

  test('a stored delivery with an unknown status or state fails by name, not as a wrong type', async () => {
    const org = freshOrganization();
    const e = event({ organization: org, channels: ['team'] });
    await recordAlertEvents(ctx, [e], 1);
    await ctx.db.exec("UPDATE alert_deliveries SET status = 'lost' WHERE organization = $1", [org]);
    await assert.rejects(alertDeliveries(ctx), {
      name: 'TypeError',
      message: 'invalid stored alert delivery: state firing, status lost',
    });
    await ctx.db.exec("UPDATE alert_deliveries SET status = 'pending', state = 'odd' WHERE organization = $1", [org]);
    await ctx.db.exec("UPDATE alert_events SET state = 'odd' WHERE organization = $1", [org]);
    await assert.rejects(undeliveredAlerts(ctx), /invalid stored alert delivery: state odd, status pending/);
    await ctx.db.exec('DELETE FROM alert_deliveries WHERE organization = $1', [org]);
    await ctx.db.exec('DELETE FROM alert_events WHERE organization = $1', [org]);
  });
});

describe('openAlertEvents', () => {
  test('firing events without a resolved twin of the same organization, rule, scope and period', async () => {
    const org = freshOrganization();
    const other = freshOrganization();
    const firing = (o: Partial<AlertEventRecord>) => event({ organization: org, channels: [], ...o });
    await recordAlertEvents(ctx, [firing({ period: 'p1' }), firing({ period: 'p2' }), firing({ period: 'p3' })], 10);
    await recordAlertEvents(
      ctx,
      [
        firing({ period: 'p1', state: 'resolved' }),
        // Resolved twins that differ in one key field close nothing.
        firing({ period: 'p2', scope: 'project', state: 'resolved' }),
        event({ organization: other, period: 'p3', state: 'resolved', channels: [] }),
      ],
      20,
    );
    const open = (await openAlertEvents(ctx))
      .filter((k) => k.organization === org)
      .map((e) => ({ organization: e.organization, rule: e.rule, scope: e.scope, period: e.period, state: e.state }));
    assert.deepEqual(open, [
      { organization: org, rule: 'monthly budget', scope: 'organization', period: 'p2', state: 'firing' },
      { organization: org, rule: 'monthly budget', scope: 'organization', period: 'p3', state: 'firing' },
    ]);
  });
});
