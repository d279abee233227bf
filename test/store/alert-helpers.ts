import assert from 'node:assert/strict';
import type { AlertEventRecord, UsageStore } from '../../lib/store/store';

/** An alert event to record, as lib/alerts would give it. */
export const event = (o: Partial<AlertEventRecord> = {}): AlertEventRecord => ({
  organization: 'default',
  rule: 'monthly budget',
  scope: 'organization',
  period: '2026-11/80%',
  state: 'firing',
  ruleType: 'budget',
  payload: JSON.stringify({ summary: 'spent $81' }),
  channels: ['team', 'hook'],
  ...o,
});

/** The alert bookkeeping contract, the same on DuckDB and PostgreSQL. */
export async function alertBookkeeping(store: UsageStore): Promise<void> {
  const first = await store.recordAlertEvents([event(), event({ period: '2026-11/forecast' })], 1000);
  assert.equal(first.length, 2);
  // Ten more evaluations finding the same events record nothing new.
  for (let i = 0; i < 10; i++) assert.deepEqual(await store.recordAlertEvents([event(), event()], 1001 + i), []);
  assert.equal(Number((await store.query('SELECT count(*) AS n FROM alert_events'))[0]?.['n']), 2);
  const pending = await store.undeliveredAlerts();
  assert.deepEqual(
    pending.map((d) => [d.period, d.channel, d.status, d.attempts]),
    [
      ['2026-11/80%', 'hook', 'pending', 0],
      ['2026-11/80%', 'team', 'pending', 0],
      ['2026-11/forecast', 'hook', 'pending', 0],
      ['2026-11/forecast', 'team', 'pending', 0],
    ],
  );
  assert.equal(pending[0]?.payload, JSON.stringify({ summary: 'spent $81' }));
  const key = {
    organization: 'default',
    rule: 'monthly budget',
    scope: 'organization',
    period: '2026-11/80%',
    state: 'firing' as const,
  };
  await store.updateAlertDelivery(key, 'team', { status: 'delivered', attempts: 1, lastError: null, updatedAt: 1100 });
  await store.updateAlertDelivery(key, 'hook', {
    status: 'failed',
    attempts: 3,
    lastError: 'HTTP 503',
    updatedAt: 1100,
  });
  const left = await store.undeliveredAlerts();
  assert.deepEqual(
    left.map((d) => [d.period, d.channel, d.status, d.attempts, d.lastError]),
    [
      ['2026-11/80%', 'hook', 'failed', 3, 'HTTP 503'],
      ['2026-11/forecast', 'hook', 'pending', 0, null],
      ['2026-11/forecast', 'team', 'pending', 0, null],
    ],
  );
  assert.equal((await store.alertDeliveries()).length, 4);
  // Open events: firing ones without their resolved twin.
  await store.recordAlertEvents(
    [event({ rule: 'stale', scope: 'organization', period: 'sync:x', ruleType: 'stale' })],
    1200,
  );
  assert.deepEqual(
    (await store.openAlertEvents()).map((e) => `${e.rule} ${e.period}`),
    ['monthly budget 2026-11/80%', 'monthly budget 2026-11/forecast', 'stale sync:x'],
  );
  // With what the open alerts show: the rule type, the sent event and when it was recorded.
  assert.deepEqual((await store.openAlertEvents())[2], {
    organization: 'default',
    rule: 'stale',
    scope: 'organization',
    period: 'sync:x',
    state: 'firing',
    ruleType: 'stale',
    payload: JSON.stringify({ summary: 'spent $81' }),
    recordedAt: 1200,
  });
  await store.recordAlertEvents(
    [event({ rule: 'stale', period: 'sync:x', state: 'resolved', ruleType: 'stale' })],
    1300,
  );
  assert.deepEqual(
    (await store.openAlertEvents()).map((e) => `${e.rule} ${e.period}`),
    ['monthly budget 2026-11/80%', 'monthly budget 2026-11/forecast'],
  );
}
