// Idempotent project setup for the notebooks: a Python virtualenv (.venv) with the pinned Jupyter stack, the tslab
// kernel registered inside that venv (never a global Jupyter), and a fresh dist/ build of lib/.
// Fast when already done: every step is skipped when its stamp/output is current.
// Usage: node --import tsx scripts/setup.ts [--browser]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..');
/** The project virtualenv and its Python. */
export const VENV = path.join(ROOT, '.venv');
export const VENV_BIN = path.join(VENV, 'bin');
export const VENV_PYTHON = path.join(VENV_BIN, 'python');
/** The browser tests drive Debian's chromium (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where setup looks and what it writes, relative to one repository root (tests use a temporary one). */
export interface SetupPaths {
  root: string;
  venvPython: string;
  tslabBin: string;
  /** sha256 of requirements.txt after a successful pip install. */
  requirementsStamp: string;
  kernelJson: string;
  /** Written only after a successful tsc run (tsc emits even on type errors, so dist/ mtimes alone would lie). */
  buildStamp: string;
}

/** The setup paths under `root`. */
export function setupPaths(root: string = ROOT): SetupPaths {
  const venv = path.join(root, '.venv');
  return {
    root,
    venvPython: path.join(venv, 'bin', 'python'),
    tslabBin: path.join(root, 'node_modules', '.bin', 'tslab'),
    requirementsStamp: path.join(venv, '.requirements.sha256'),
    kernelJson: path.join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'),
    buildStamp: path.join(root, 'dist', '.build-ok'),
  };
}

type Log = (line: string) => void;
const consoleLog: Log = (line) => console.log(line);

function run(root: string, cmd: string, args: readonly string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`setup: ${what} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`setup: ${what} failed (exit ${String(r.status)}): ${cmd} ${args.join(' ')}`);
}

/** Newest modification time (ms) of any `.ts` file under `dir`, 0 when there is none. */
export function newestTsMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTsMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when `kernelJson` exists and starts our own tslab binary (a stale or foreign kernelspec is re-registered). */
export function kernelIsCurrent(kernelJson: string, tslabBin: string): boolean {
  if (!existsSync(kernelJson)) return false;
  try {
    const spec: unknown = JSON.parse(readFileSync(kernelJson, 'utf8'));
    if (typeof spec !== 'object' || spec === null || !('argv' in spec)) return false;
    return Array.isArray(spec.argv) && spec.argv[0] === tslabBin;
  } catch {
    return false;
  }
}

/** sha256 (hex) of the file's bytes. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** True when the pip install recorded in the stamp was of exactly these requirements. */
export function requirementsAreCurrent(p: SetupPaths): boolean {
  const hash = fileSha256(path.join(p.root, 'requirements.txt'));
  return existsSync(p.requirementsStamp) && readFileSync(p.requirementsStamp, 'utf8').trim() === hash;
}

/** True when dist/ was built successfully after the newest change under lib/. */
export function buildIsCurrent(p: SetupPaths): boolean {
  const built = existsSync(p.buildStamp) && existsSync(path.join(p.root, 'dist', 'lib', 'index.js'));
  return built && statSync(p.buildStamp).mtimeMs >= newestTsMtime(path.join(p.root, 'lib'));
}

/** Options of {@link setup}. */
export interface SetupOptions {
  /** Receives one line per step actually performed. @default console.log */
  log?: Log;
  paths?: SetupPaths;
}

/** Runs every setup step that is not already done. */
export function setup(options: SetupOptions = {}): void {
  const log = options.log ?? consoleLog;
  const p = options.paths ?? setupPaths();
  if (!existsSync(p.tslabBin)) throw new Error('setup: node_modules/.bin/tslab is missing: run `npm ci` first');
  if (!existsSync(p.venvPython)) {
    const python = process.env['PYTHON'] ?? 'python3';
    log(`setup: creating .venv with ${python}`);
    run(p.root, python, ['-m', 'venv', path.dirname(path.dirname(p.venvPython))], 'creating the virtualenv');
  }
  if (!requirementsAreCurrent(p)) {
    log('setup: installing requirements.txt into .venv (pip)');
    const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'requirements.txt'];
    run(p.root, p.venvPython, args, 'pip install -r requirements.txt');
    writeFileSync(p.requirementsStamp, `${fileSha256(path.join(p.root, 'requirements.txt'))}\n`);
  }
  if (!kernelIsCurrent(p.kernelJson, p.tslabBin)) {
    log('setup: registering the tslab kernel in .venv');
    const args = ['install', `--python=${p.venvPython}`, `--binary=${p.tslabBin}`, '--sys-prefix'];
    run(p.root, p.tslabBin, args, 'tslab install');
    if (!kernelIsCurrent(p.kernelJson, p.tslabBin)) throw new Error(`setup: tslab install did not write ${p.kernelJson}`);
  }
  if (!buildIsCurrent(p)) {
    log('setup: building dist/ (tsc)');
    const tsc = path.join(p.root, 'node_modules', 'typescript', 'bin', 'tsc');
    run(p.root, process.execPath, [tsc, '-p', 'tsconfig.json'], 'building dist/ (tsc -p tsconfig.json)');
    writeFileSync(p.buildStamp, `${new Date().toISOString()}\n`);
  }
}

/**
 * Installs Debian's chromium with apt-get when it is missing and we are root on a Debian-like system; otherwise says
 * exactly what to run.
 */
export function ensureChromium(options: { log?: Log } = {}): void {
  const log = options.log ?? consoleLog;
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `setup: ${CHROMIUM} is missing; the browser tests need Debian's chromium: ` +
        'sudo apt-get install chromium fonts-dejavu-core',
    );
  }
  log('setup: installing chromium with apt-get (browser tests)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps = [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core', 'fonts-liberation'],
  ];
  for (const args of steps) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`setup: apt-get ${args.join(' ')} failed (exit ${String(r.status)})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`setup: apt-get finished but ${CHROMIUM} is still missing`);
}

if (require.main === module) {
  try {
    if (process.argv.includes('--browser')) ensureChromium();
    setup();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
