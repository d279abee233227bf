import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { openStore } from '../../lib/store/open-store';
import type { AlertEventRecord, UsageStore } from '../../lib/store/store';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../helpers/postgres';
import { tempDir } from './helpers';

const event = (o: Partial<AlertEventRecord> = {}): AlertEventRecord => ({
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

/** The same contract on both databases. */
async function alertBookkeeping(store: UsageStore): Promise<void> {
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
  await store.recordAlertEvents(
    [event({ rule: 'stale', period: 'sync:x', state: 'resolved', ruleType: 'stale' })],
    1300,
  );
  assert.deepEqual(
    (await store.openAlertEvents()).map((e) => `${e.rule} ${e.period}`),
    ['monthly budget 2026-11/80%', 'monthly budget 2026-11/forecast'],
  );
}

describe('alert events and deliveries in the store', () => {
  const tmp = tempDir('store-alerts-');
  after(() => tmp.remove());

  test('DuckDB: an event is recorded once, each channel keeps its delivery state, reopened stores keep them', async () => {
    const file = path.join(tmp.dir, 'alerts.duckdb');
    const store = await DuckDbStore.open(file);
    try {
      await alertBookkeeping(store);
    } finally {
      await store.close();
    }
    const again = await DuckDbStore.open(file);
    try {
      // The 3 left above, plus the stale episode's firing and resolved events to 2 channels each.
      assert.equal((await again.undeliveredAlerts()).length, 7);
      assert.deepEqual(await again.recordAlertEvents([event()], 2000), []);
    } finally {
      await again.close();
    }
  });
});

describe('alert events and deliveries in PostgreSQL', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
  });
  after(() => pg.stop());

  test('PostgreSQL: the same bookkeeping', async () => {
    const store = await openStore(await createDatabase(pg.url, 'alerts'));
    try {
      await alertBookkeeping(store);
    } finally {
      await store.close();
    }
  });
});
