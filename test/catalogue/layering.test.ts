import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const LIB = path.resolve(__dirname, '../../lib');

/** The relative imports of every .ts file in a lib folder, resolved to lib-relative folders. */
function importsOf(folder: string): { file: string; target: string }[] {
  const dir = path.join(LIB, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => ({
        file: `${folder}/${file}`,
        target: path.relative(LIB, path.resolve(dir, m[1] ?? '')).split(path.sep)[0] ?? '',
      }));
    });
}

test('the catalogue imports nothing outside itself, and the emulator reads it rather than the client', () => {
  for (const { file, target } of importsOf('catalogue')) assert.equal(target, 'catalogue', `${file} imports ${target}`);
  const emulator = importsOf('emulator');
  assert.ok(emulator.some((i) => i.target === 'catalogue'));
  for (const { file, target } of emulator) assert.ok(target === 'emulator' || target === 'catalogue', `${file} imports ${target}`);
});
