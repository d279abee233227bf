import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { readSpendLimits, readStoredSpendLimits } from '../../lib/alerts/spend-limits';
import { UsageClient, type DirectorySource } from '../../lib/api/index';
import { buildOrg, startEmulator } from '../../lib/emulator/index';
import { directoryLister, openStore } from '../../lib/store/index';
import { tempDir } from '../../tools/temp-dir';

const projects = buildOrg(42).projects.map((p) => p.id);
/** The emulator's configured limits (org-directory.ts): 500,000 cents, alerts 250,000 and 400,000, project 1 300,000. */
const EXPECTED = { spendLimit: 5_000, spendAlerts: [2_500, 4_000], projectLimits: { [projects[0] ?? '']: 3_000 } };

describe('spend limits as budgets, from the API and from the store', () => {
  const tmp = tempDir('alerts-spend-limits-');
  after(() => tmp.remove());

  test('read from the API: the organization limit, its alerts and the limits of the projects asked for', async () => {
    const emulator = await startEmulator({ port: 0 });
    const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
    try {
      const notices: string[] = [];
      assert.deepEqual(await readSpendLimits(client, projects, (n) => notices.push(n)), EXPECTED);
      assert.deepEqual(await readSpendLimits(client, projects.slice(1), (n) => notices.push(n)), {
        ...EXPECTED,
        projectLimits: {},
      });
      assert.deepEqual(notices, []);
    } finally {
      client.close();
      await emulator.close();
    }
  });

  test('an API failure is one notice and no budgets; any other failure (a bug) propagates', async () => {
    const emulator = await startEmulator({ port: 0, directory: { fail: 'forbidden' } });
    const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
    try {
      const notices: string[] = [];
      assert.deepEqual(await readSpendLimits(client, projects, (n) => notices.push(n)), {});
      assert.equal(notices.length, 1);
      assert.match(notices[0] ?? '', /^spend limits not read \(budget rules without amount have no budget\): .*403/);
      assert.ok(!(notices[0] ?? '').includes(emulator.adminKey));
    } finally {
      client.close();
      await emulator.close();
    }
    const broken: DirectorySource = { getJson: () => Promise.reject(new TypeError('bug')) };
    await assert.rejects(
      readSpendLimits(broken, [], () => assert.fail('no notice for a bug')),
      /^TypeError: bug$/,
    );
  });

  test('read from the store: what a directory sync stored gives the same budgets, per organization', async () => {
    const emulator = await startEmulator({ port: 0 });
    const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
    const store = await openStore(path.join(tmp.dir, 'limits.duckdb'));
    try {
      assert.equal(await readStoredSpendLimits(store, 'org-a'), null, 'nothing stored yet');
      // What a directory sync stores: the names and the spend limits, read through the same client.
      const entries = await directoryLister(client, { onUnavailable: assert.fail, onIncomplete: assert.fail })();
      await store.replaceDirectory('org-a', entries ?? assert.fail('no directory'), 1_000);
      const stored = await readStoredSpendLimits(store, 'org-a');
      // The store keeps the alerts in ID order, not the API's; which one is lowest is what budgets use.
      assert.deepEqual({ ...stored, spendAlerts: [...(stored?.spendAlerts ?? [])].sort((a, b) => a - b) }, EXPECTED);
      assert.equal(await readStoredSpendLimits(store, 'org-b'), null, 'another organization stored none');
      // Names without limits (a sync whose key could not read them) are not "no limits": still unknown.
      await store.replaceDirectory(
        'org-b',
        [{ kind: 'project', id: 'p', name: 'P', parent_id: null, attributes: {} }],
        1_000,
      );
      assert.equal(await readStoredSpendLimits(store, 'org-b'), null);
    } finally {
      await store.close();
      client.close();
      await emulator.close();
    }
  });
});
