import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator } from '../../lib/emulator/index';
import { directoryEntries } from '../../lib/store/directory-entries';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { NOW, tempDir } from './helpers';

describe('directory in the store', () => {
  test('sync stores the listed names (kind, id, name, parent project) and replaces them on the next run', async () => {
    const tmp = tempDir('store-dir-');
    const emu = await startEmulator({ now: () => NOW, seed: 2, dataset: { streams: 5 } });
    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    const store = await DuckDbStore.open(path.join(tmp.dir, 'dir.duckdb'));
    try {
      const lists = {
        projects: [{ id: 'proj_a', name: 'Alpha', createdAt: 1, archived: false }],
        users: [{ id: 'user_1', name: 'Ann', email: 'ann@example.com' }],
        apiKeys: [{ id: 'key_1', name: 'ci', projectId: 'proj_a', redactedValue: 'sk-...abcd', ownerId: 'user_1' }],
      };
      const report = await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since: NOW - 86_400,
        endpoints: ['costs'],
        listDirectory: () => Promise.resolve(directoryEntries(lists)),
      });
      assert.equal(report.directoryEntries, 3);
      const entries = await store.readDirectory();
      assert.deepEqual(
        entries.map((e) => [e.kind, e.id, e.name, e.parent_id]),
        [
          ['api_key', 'key_1', 'ci', 'proj_a'],
          ['project', 'proj_a', 'Alpha', null],
          ['user', 'user_1', 'Ann', null],
        ],
      );
      assert.deepEqual(entries[0]?.attributes, { ownerId: 'user_1' }, 'the redacted key value is not kept');
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since: NOW - 86_400,
        endpoints: ['costs'],
        listDirectory: () => Promise.resolve(directoryEntries({ projects: [{ id: 'proj_b', name: 'Beta' }] })),
      });
      assert.deepEqual(
        (await store.readDirectory()).map((e) => e.id),
        ['proj_b'],
      );
    } finally {
      await store.close();
      client.close();
      await emu.close();
      tmp.remove();
    }
  });
});
