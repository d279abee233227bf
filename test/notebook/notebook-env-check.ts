import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The project virtualenv's Python. */
export const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

/**
 * Throws (never skips) unless the Jupyter side is set up, then runs the idempotent setup so dist/ is current.
 * CI must run `npm run setup` (or `npm start`) before the tests.
 */
export function requireNotebookSetup(): void {
  const kernel = path.join(ROOT, '.venv', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
  if (!existsSync(VENV_PYTHON) || !existsSync(kernel)) {
    throw new Error('notebook tests need the project virtualenv with the tslab kernel: run `npm run setup` first');
  }
  const setupScript = path.join(ROOT, 'scripts', 'setup.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', setupScript], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node --import tsx scripts/setup.ts failed:\n${r.stdout}${r.stderr}`);
}

/** Environment for kernels: no key, no base URL and no USAGE_NOW/OUT_DIR inherited from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['OPENAI_ADMIN_KEY', 'OPENAI_BASE_URL', 'USAGE_NOW', 'OUT_DIR']) delete env[name];
  return { ...env, TZ: 'UTC', ...extra };
}
