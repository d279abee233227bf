import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { alertBookkeeping, event } from './alert-helpers';
import { tempDir } from './helpers';

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
