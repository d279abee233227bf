import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { exportStore } from '../../lib/store/export-store';
import { FOCUS_COLUMNS, focusCsv, focusRows } from '../../lib/store/focus-export';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { focusValidate } from '../../scripts/focus-validate';
import { DAY, NOW, tempDir } from '../store/helpers';

// The FinOps Foundation's own validator, from the project's .venv-focus (`npm test` installs it first): never skipped.
describe('FOCUS export and the FinOps Foundation validator', () => {
  let emu: RunningEmulator;
  let store: DuckDbStore;
  let client: UsageClient;
  let files: string[];
  const tmp = tempDir('focus-validator-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 3, dataset: { streams: 20 } });
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    store = await DuckDbStore.open(path.join(tmp.dir, 'x.duckdb'));
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: NOW,
      since: NOW - 10 * DAY,
      endpoints: ['costs', 'vector_stores'],
    });
    files = await exportStore(store, 'focus', path.join(tmp.dir, 'focus'));
  });
  after(async () => {
    await store.close();
    client.close();
    await emu.close();
    tmp.remove();
  });

  test('FOCUS CSV and Parquet pass it (FOCUS 1.2)', { timeout: 600_000 }, () => {
    const [csv, parquet] = files;
    assert.ok(csv !== undefined && parquet !== undefined);
    assert.deepEqual(readFileSync(csv, 'utf8').split('\n')[0]?.split(','), [...FOCUS_COLUMNS]);
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
