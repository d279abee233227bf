#!/usr/bin/env node
// Idempotent project setup for the notebooks: a Python virtualenv (.venv) with the pinned Jupyter stack, the tslab
// kernel registered inside that venv (never a global Jupyter), and a fresh dist/ build of lib/.
// Fast when already done: every step is skipped when its stamp/output is current. Usage: node scripts/setup.mjs
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VENV = path.join(ROOT, '.venv');
export const VENV_BIN = path.join(VENV, 'bin');
export const VENV_PYTHON = path.join(VENV_BIN, 'python');
const TSLAB_BIN = path.join(ROOT, 'node_modules', '.bin', 'tslab');
const STAMP = path.join(VENV, '.requirements.sha256');
const KERNEL_JSON = path.join(VENV, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
// Written only after a successful tsc run (tsc emits even on type errors, so dist/ mtimes alone would lie).
const BUILD_STAMP = path.join(ROOT, 'dist', '.build-ok');

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`setup: ${what} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`setup: ${what} failed (exit ${r.status}): ${cmd} ${args.join(' ')}`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function kernelIsCurrent() {
  if (!existsSync(KERNEL_JSON)) return false;
  try {
    const spec = JSON.parse(readFileSync(KERNEL_JSON, 'utf8'));
    return Array.isArray(spec.argv) && spec.argv[0] === TSLAB_BIN;
  } catch {
    return false;
  }
}

/** Runs every setup step that is not already done; `log` receives one line per step actually performed. */
export function setup({ log = (line) => console.log(line) } = {}) {
  if (!existsSync(TSLAB_BIN)) throw new Error('setup: node_modules/.bin/tslab is missing: run `npm ci` first');
  if (!existsSync(VENV_PYTHON)) {
    const python = process.env.PYTHON ?? 'python3';
    log(`setup: creating .venv with ${python}`);
    run(python, ['-m', 'venv', VENV], 'creating the virtualenv');
  }
  const hash = createHash('sha256').update(readFileSync(path.join(ROOT, 'requirements.txt'))).digest('hex');
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8').trim() !== hash) {
    log('setup: installing requirements.txt into .venv (pip)');
    run(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'requirements.txt'],
      'pip install -r requirements.txt');
    writeFileSync(STAMP, `${hash}\n`);
  }
  if (!kernelIsCurrent()) {
    log('setup: registering the tslab kernel in .venv');
    run(TSLAB_BIN, ['install', `--python=${VENV_PYTHON}`, `--binary=${TSLAB_BIN}`, '--sys-prefix'], 'tslab install');
    if (!kernelIsCurrent()) throw new Error(`setup: tslab install did not write ${KERNEL_JSON}`);
  }
  const built = existsSync(BUILD_STAMP) && existsSync(path.join(ROOT, 'dist', 'lib', 'index.js'));
  if (!built || statSync(BUILD_STAMP).mtimeMs < newestMtime(path.join(ROOT, 'lib'))) {
    log('setup: building dist/ (tsc)');
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
      'building dist/ (tsc -p tsconfig.json)');
    writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  }
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The browser tests drive Debian's chromium (never a downloaded browser). Installs it with apt-get when it is
 * missing and we are root on a Debian-like system; otherwise says exactly what to run.
 */
export function ensureChromium({ log = (line) => console.log(line) } = {}) {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`setup: ${CHROMIUM} is missing; the browser tests need Debian's chromium: sudo apt-get install chromium fonts-dejavu-core`);
  }
  log('setup: installing chromium with apt-get (browser tests)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core', 'fonts-liberation']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`setup: apt-get ${args.join(' ')} failed (exit ${r.status})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`setup: apt-get finished but ${CHROMIUM} is still missing`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--browser')) ensureChromium();
    setup();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
