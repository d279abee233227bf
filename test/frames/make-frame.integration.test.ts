import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runChildSync } from '../../tools/child-process';

const ROOT = path.resolve(__dirname, '../..');

test('loading the library does not load danfojs; the first DataFrame does', () => {
  // A fresh process, so this test's own imports cannot have loaded danfojs already.
  const script = [
    "const lib = require('./lib/index');",
    "const loaded = () => Object.keys(require.cache).some((k) => k.includes('danfojs-node'));",
    'const before = loaded();',
    'lib.recordsFrame([{ a: 1 }]);',
    'console.log(JSON.stringify({ before, after: loaded() }));',
  ].join('\n');
  const r = runChildSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? ''), { before: false, after: true });
});
