import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesWithSecrets } from '../../lib/api/index';

test('a saved notebook holding the key JSON-escaped (a key with \\ or ") is flagged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'secret-scan-'));
  try {
    const key = `gw.tok*en+?[x]\\y"${Math.random().toString(36).slice(2)}`;
    const notebook = {
      cells: [{ cell_type: 'code', outputs: [{ output_type: 'stream', text: [`token: ${key}\n`] }] }],
    };
    const leaking = join(dir, 'leaking.ipynb');
    const clean = join(dir, 'clean.ipynb');
    const text = JSON.stringify(notebook, null, 1);
    await writeFile(leaking, text);
    await writeFile(clean, JSON.stringify({ cells: [] }));
    // The plain substring check `npm start` used before misses it: the file holds `\\` and `\"`, not the key.
    assert.ok(!text.includes(key));
    assert.deepEqual(filesWithSecrets([leaking, clean], key), [leaking]);
    const adminMarked = join(dir, 'marked.ipynb');
    await writeFile(adminMarked, JSON.stringify({ note: 'sk-admin-anything' }));
    assert.deepEqual(filesWithSecrets([adminMarked, clean], undefined), [adminMarked]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
