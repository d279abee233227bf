import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import {
  DuckDbStore,
  exportStore,
  FOCUS_COLUMNS,
  focusCsv,
  focusRows,
  type OrganizationIdentity,
  organizationByName,
  syncStore,
} from '../../lib/store/index';
import { focusValidate } from '../../scripts/focus-validate';
import { DAY, NOW, tempDir } from '../store/helpers';

// The FinOps Foundation's own validator, from the project's .venv-focus (`npm test` installs it first): never skipped.
describe('FOCUS export and the FinOps Foundation validator', () => {
  const emus: RunningEmulator[] = [];
  const clients: UsageClient[] = [];
  let store: DuckDbStore;
  let files: string[];
  const tmp = tempDir('focus-validator-');
  // Two organizations, two billing accounts: one by the ID its server sent, one by its configured name.
  const accounts: OrganizationIdentity[] = [
    { id: 'org-focusaaaaaaaaaaaaaaaaaaa', name: 'acme', idSource: 'header' },
    organizationByName('globex'),
  ];
  before(async () => {
    store = await DuckDbStore.open(path.join(tmp.dir, 'x.duckdb'));
    for (const [i, organization] of accounts.entries()) {
      const emu = await startEmulator({ now: () => NOW, seed: 3 + i, dataset: { streams: 20 } });
      emus.push(emu);
      const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
      clients.push(client);
      await syncStore({
        organization,
        client,
        store,
        now: NOW,
        since: NOW - 10 * DAY,
        endpoints: ['costs', 'vector_stores'],
      });
    }
    files = await exportStore(store, 'focus', path.join(tmp.dir, 'focus'));
  });
  after(async () => {
    await store.close();
    for (const c of clients) c.close();
    await Promise.all(emus.map((e) => e.close()));
    tmp.remove();
  });

  test('one billing account per organization: its ID and configured name', async () => {
    const rows = await focusRows(store);
    const seen = new Map(rows.map((r) => [r.BillingAccountId, r.BillingAccountName]));
    assert.deepEqual([...seen].sort(), accounts.map((a) => [a.id, a.name]).sort());
  });

  test('FOCUS CSV and Parquet pass it (FOCUS 1.2)', { timeout: 600_000 }, () => {
    const [csv, parquet] = files;
    assert.ok(csv !== undefined && parquet !== undefined);
    assert.deepEqual(readFileSync(csv, 'utf8').split('\r\n')[0]?.split(','), [...FOCUS_COLUMNS]);
    for (const file of [csv, parquet]) {
      const v = focusValidate(file);
      assert.deepEqual(v.failures, [], `${file}: ${v.output.slice(-4000)}`);
      assert.match(v.total, /^Total: \d+ \| Pass: [1-9]\d*/);
    }
  });

  test(
    'it fails a file that breaks the spec (a ChargeCategory outside the allowed values)',
    { timeout: 600_000 },
    async () => {
      const rows = await focusRows(store);
      assert.ok(rows.length > 0);
      const broken = path.join(tmp.dir, 'broken.csv');
      writeFileSync(broken, focusCsv(rows.map((r) => ({ ...r, ChargeCategory: 'Spending' }))));
      const v = focusValidate(broken);
      assert.ok(
        v.failures.some((l) => l.includes('ChargeCategory')),
        `a ChargeCategory rule fails: ${v.failures.join('\n')}`,
      );
    },
  );
});
