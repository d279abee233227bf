#!/usr/bin/env node
// `npm run lab`: setup, then the venv's JupyterLab on notebooks/ (127.0.0.1 only). Extra arguments go to jupyter lab.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, VENV, VENV_BIN, setup } from './setup.mjs';

try {
  setup();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
const child = spawn(path.join(VENV_BIN, 'jupyter'), [
  'lab', '--ServerApp.ip=127.0.0.1', `--ServerApp.root_dir=${path.join(ROOT, 'notebooks')}`,
  // Containers and CI machines often run as root, which jupyter refuses without this flag.
  ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ...process.argv.slice(2),
], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', JUPYTER_PATH: path.join(VENV, 'share', 'jupyter'), JUPYTER_PLATFORM_DIRS: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
