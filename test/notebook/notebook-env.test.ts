import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { notebookEnv } from '../../lib/notebook/notebook-env';

const ROOT = path.resolve(__dirname, '..', '..');

test('USAGE_NOW fixes the clock (Unix seconds or an ISO date); without it, the given clock', () => {
  assert.deepEqual(notebookEnv({ USAGE_NOW: '2025-01-31' }), {
    now: Date.UTC(2025, 0, 31) / 1000,
    fixedNow: true,
    outDir: path.join(ROOT, 'out'),
    root: ROOT,
  });
  assert.equal(notebookEnv({ USAGE_NOW: ' 1700000000 ' }).now, 1_700_000_000);
  assert.equal(notebookEnv({ USAGE_NOW: '2025-01-31T12:30:59.900Z' }).now, Date.UTC(2025, 0, 31, 12, 30, 59) / 1000);
  const free = notebookEnv({ USAGE_NOW: '  ' }, 1_700_000_000_999);
  assert.deepEqual([free.now, free.fixedNow], [1_700_000_000, false]);
});

test('OUT_DIR sets the export folder (resolved); a bad USAGE_NOW is one line naming it', () => {
  assert.equal(notebookEnv({ OUT_DIR: 'exports' }).outDir, path.resolve('exports'));
  assert.throws(
    () => notebookEnv({ USAGE_NOW: 'yesterday' }),
    /^RangeError: invalid USAGE_NOW: "yesterday" \(expected Unix seconds or an ISO date\)$/,
  );
});

test('the environment knobs fix now and the export folder, and reject a bad USAGE_NOW', () => {
  const env = notebookEnv({ USAGE_NOW: '2025-01-12T00:00:00Z', OUT_DIR: '/tmp/x-out' }, 0);
  assert.equal(env.now, 1_736_640_000);
  assert.equal(env.fixedNow, true);
  assert.equal(env.outDir, '/tmp/x-out');
  assert.equal(notebookEnv({ USAGE_NOW: '1736640000' }, 0).now, 1_736_640_000);
  const defaults = notebookEnv({}, 5_000);
  assert.deepEqual([defaults.now, defaults.fixedNow, defaults.outDir], [5, false, `${defaults.root}/out`]);
  assert.throws(() => notebookEnv({ USAGE_NOW: 'yesterday' }), /invalid USAGE_NOW: "yesterday"/);
});
