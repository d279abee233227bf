import { existsSync } from 'node:fs';
import path from 'node:path';
import { runChild, runChildSync } from '../../tools/child-process';

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
  const r = runChildSync(process.execPath, ['--import', 'tsx', setupScript], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`node --import tsx scripts/setup.ts failed:\n${r.output}`);
}

/** Environment for kernels: no key, base URL, USAGE_NOW, OUT_DIR, USAGE_SOURCE or USAGE_STORE_URL from the shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['OPENAI_ADMIN_KEY', 'OPENAI_BASE_URL', 'USAGE_NOW', 'OUT_DIR', 'USAGE_SOURCE', 'USAGE_STORE_URL'])
    delete env[name];
  return { ...env, TZ: 'UTC', ...extra };
}

/** What one headless run (`scripts/run-notebooks.ts`) exited with and printed (stdout and stderr together). */
export interface HeadlessRun {
  code: number | null;
  log: string;
}

/** Runs the headless notebook run as `npm start` does, with `args` and a clean environment plus `env`. */
export async function runHeadless(args: readonly string[], env: Record<string, string>): Promise<HeadlessRun> {
  const script = path.join(ROOT, 'scripts', 'run-notebooks.ts');
  const r = await runChild(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: cleanEnv(env) });
  return { code: r.code, log: r.output };
}
