import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labCommand } from '../../scripts/lab';

test('JupyterLab runs from the venv on loopback, rooted at notebooks/, with our kernelspecs first', () => {
  const lab = labCommand({ root: '/repo', uid: 1000, extra: ['--no-browser'], env: { HOME: '/h', TZ: 'Europe/Paris' } });
  assert.equal(lab.command, '/repo/.venv/bin/jupyter');
  assert.deepEqual(lab.args, ['lab', '--ServerApp.ip=127.0.0.1', '--ServerApp.root_dir=/repo/notebooks', '--no-browser']);
  assert.deepEqual(lab.env, { HOME: '/h', TZ: 'UTC', JUPYTER_PATH: '/repo/.venv/share/jupyter', JUPYTER_PLATFORM_DIRS: '1' });
});

test('as root (containers, CI) jupyter gets --allow-root before the user arguments', () => {
  assert.deepEqual(labCommand({ root: '/r', uid: 0, extra: ['--port=9999'], env: {} }).args.slice(3), ['--allow-root', '--port=9999']);
});
