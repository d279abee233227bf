import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeText } from '../../lib/export/write-text';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-text-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MI = 1 << 20;

test('a text of several chunks (1 Mi characters each) is its UTF-8 bytes, a longer old file truncated', async () => {
  const path = join(dir, 'several.csv');
  await writeFile(path, 'z'.repeat(4 * MI));
  // Two-, three- and four-byte characters; a surrogate pair across both chunk ends (the second chunk starts a
  // character later, at MI + 1).
  const text = `${'a'.repeat(MI - 1)}😀${'é€'.repeat((MI - 2) / 2)}x😀${'b'.repeat(7)}`;
  assert.equal(text.charCodeAt(2 * MI), 0xd83d);
  await writeText(path, text);
  const bytes = await readFile(path);
  const second = MI - 1 + 4 + ((MI - 2) / 2) * 5 + 1;
  assert.equal(bytes.length, second + 4 + 7);
  assert.deepEqual([...bytes.subarray(MI - 1, MI + 3)], [0xf0, 0x9f, 0x98, 0x80]);
  assert.deepEqual([...bytes.subarray(second, second + 4)], [0xf0, 0x9f, 0x98, 0x80]);
  assert.equal(bytes.toString('utf8'), text);
});

test('an empty text is an empty file; a missing folder fails', async () => {
  const path = join(dir, 'empty.csv');
  await writeFile(path, 'old');
  await writeText(path, '');
  assert.equal((await readFile(path)).length, 0);
  await assert.rejects(writeText(join(dir, 'missing', 'x.csv'), 'x'), /ENOENT/);
});
