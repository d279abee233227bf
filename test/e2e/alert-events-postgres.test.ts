import { after, before, describe, test } from 'node:test';
import { openStore } from '../../lib/store/index';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { alertBookkeeping } from '../store/alert-helpers';

// A PostgreSQL server is a child process: here, not in test/store (npm run test:unit stays pure).
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
