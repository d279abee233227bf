// Idempotent project setup for the notebooks: a Python virtualenv (.venv) with the pinned Jupyter stack, the tslab
// kernel registered inside that venv (never a global Jupyter), and a fresh dist/ build of lib/. With
// --focus-validator, a second virtualenv (.venv-focus, Python >= 3.12) with the FinOps Foundation's FOCUS validator.
// Fast when already done: every step is skipped when its stamp/output is current.
// Usage: node --import tsx scripts/setup.ts [--browser] [--focus-validator]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runChildSync, type ChildRun } from '../tools/child-process';

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
  /** The notebooks' kernel entry (lib/kernel/start.ts, built). */
  kernelStart: string;
  /** Written only after a successful tsc run (tsc emits even on type errors, so dist/ mtimes alone would lie). */
  buildStamp: string;
  /** The FOCUS validator's own virtualenv (it needs a newer Python than the notebooks' one). */
  focusVenv: string;
  /** sha256 of requirements-focus.txt after a successful pip install into {@link focusVenv}. */
  focusRequirementsStamp: string;
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
    kernelStart: path.join(root, 'dist', 'lib', 'kernel', 'start.js'),
    buildStamp: path.join(root, 'dist', '.build-ok'),
    focusVenv: path.join(root, '.venv-focus'),
    focusRequirementsStamp: path.join(root, '.venv-focus', '.requirements.sha256'),
  };
}

type Log = (line: string) => void;
const consoleLog: Log = (line) => console.log(line);

function run(root: string, cmd: string, args: readonly string[], what: string): void {
  let r: ChildRun;
  try {
    r = runChildSync(cmd, args, { cwd: root, output: 'inherit' });
  } catch (err) {
    throw new Error(`setup: ${what} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (r.code !== 0) throw new Error(`setup: ${what} failed (exit ${String(r.code)}): ${cmd} ${args.join(' ')}`);
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

/**
 * The notebooks' kernel command: this Node running dist/lib/kernel/start.js (tslab with each cell's program narrowed
 * to Node's ambient types), then tslab's own arguments.
 */
export function kernelArgv(p: Pick<SetupPaths, 'kernelStart'>, node: string = process.execPath): string[] {
  return [node, p.kernelStart, 'kernel', '--config-path', '{connection_file}'];
}

function readKernelSpec(kernelJson: string): Record<string, unknown> | undefined {
  if (!existsSync(kernelJson)) return undefined;
  try {
    const spec: unknown = JSON.parse(readFileSync(kernelJson, 'utf8'));
    return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? { ...spec } : undefined;
  } catch {
    return undefined;
  }
}

/** True when `kernelJson` exists and runs exactly `argv` (a stale or foreign kernelspec is re-registered). */
export function kernelIsCurrent(kernelJson: string, argv: readonly string[]): boolean {
  const found = readKernelSpec(kernelJson)?.['argv'];
  return Array.isArray(found) && found.length === argv.length && found.every((a, i) => a === argv[i]);
}

/** sha256 (hex) of the file's bytes. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** True when the pip install recorded in `stamp` was of exactly the requirements in `requirementsFile`. */
function stampMatches(requirementsFile: string, stamp: string): boolean {
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fileSha256(requirementsFile);
}

/** True when the pip install recorded in the stamp was of exactly these requirements. */
export function requirementsAreCurrent(p: SetupPaths): boolean {
  return stampMatches(path.join(p.root, 'requirements.txt'), p.requirementsStamp);
}

/** Installs `requirements` into the virtualenv of `python` (pip, registry only) and records its hash in `stamp`. */
function pipInstall(p: SetupPaths, python: string, requirements: string, stamp: string): void {
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements];
  run(p.root, python, args, `pip install -r ${requirements}`);
  writeFileSync(stamp, `${fileSha256(path.join(p.root, requirements))}\n`);
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
    pipInstall(p, p.venvPython, 'requirements.txt', p.requirementsStamp);
  }
  const argv = kernelArgv(p);
  if (!kernelIsCurrent(p.kernelJson, argv)) {
    log('setup: registering the tslab kernel in .venv');
    const args = ['install', `--python=${p.venvPython}`, `--binary=${p.tslabBin}`, '--sys-prefix'];
    run(p.root, p.tslabBin, args, 'tslab install');
    const spec = readKernelSpec(p.kernelJson);
    if (spec === undefined) throw new Error(`setup: tslab install did not write ${p.kernelJson}`);
    // tslab's spec as it wrote it, started through our kernel entry (built below, with the rest of dist/).
    writeFileSync(p.kernelJson, `${JSON.stringify({ ...spec, argv })}\n`);
  }
  if (!buildIsCurrent(p)) {
    log("setup: building dist/ (npm run build: tsc, then the notebooks' declarations rolled into one file)");
    run(p.root, 'npm', ['run', 'build', '--silent'], 'building dist/ (npm run build)');
    writeFileSync(p.buildStamp, `${new Date().toISOString()}\n`);
  }
}

/** The FOCUS validator (focus-validator 2.2.1 on PyPI) requires Python >= 3.12. */
export const FOCUS_PYTHON_MIN: readonly [number, number] = [3, 12];

/**
 * Pythons to try for the FOCUS validator, in order: $FOCUS_PYTHON, pyenv's 3.12+ (oldest first: the validator's
 * pinned numpy and pyarrow have wheels for 3.12), then python3.12, python3.13 and python3 on PATH.
 */
export function focusPythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const versions = path.join(env['PYENV_ROOT'] ?? path.join(env['HOME'] ?? '/root', '.pyenv'), 'versions');
  const pyenv = existsSync(versions)
    ? readdirSync(versions)
        .map((name) => ({ name, v: name.split('.').map(Number) }))
        .filter(({ v }) => v.length >= 2 && v.every(Number.isInteger) && versionAtLeast(v, FOCUS_PYTHON_MIN))
        .sort((a, b) => compareVersions(a.v, b.v))
        .map(({ name }) => path.join(versions, name, 'bin', 'python'))
    : [];
  const fromEnv = env['FOCUS_PYTHON'];
  return [...(fromEnv === undefined ? [] : [fromEnv]), ...pyenv, 'python3.12', 'python3.13', 'python3'];
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function versionAtLeast(v: readonly number[], min: readonly number[]): boolean {
  return compareVersions(v, min) >= 0;
}

/** The first candidate that runs and is at least {@link FOCUS_PYTHON_MIN}, or undefined. */
export function findFocusPython(candidates: readonly string[]): string | undefined {
  const check = `import sys; sys.exit(0 if sys.version_info >= (${FOCUS_PYTHON_MIN.join(', ')}) else 1)`;
  const runs = (python: string): boolean => {
    try {
      return runChildSync(python, ['-c', check]).code === 0;
    } catch {
      return false; // not installed
    }
  };
  return candidates.find(runs);
}

/** True when .venv-focus holds exactly what requirements-focus.txt pins. */
export function focusValidatorIsCurrent(p: SetupPaths): boolean {
  return stampMatches(path.join(p.root, 'requirements-focus.txt'), p.focusRequirementsStamp);
}

/**
 * Installs the FinOps Foundation's FOCUS validator from PyPI into its own virtualenv (.venv-focus), so the FOCUS
 * export test runs wherever `npm test` runs. Fails, never skips, when no Python >= 3.12 is found.
 */
export function setupFocusValidator(options: SetupOptions = {}): void {
  const log = options.log ?? consoleLog;
  const p = options.paths ?? setupPaths();
  const python = path.join(p.focusVenv, 'bin', 'python');
  if (!existsSync(python)) {
    const base = findFocusPython(focusPythonCandidates());
    if (base === undefined)
      throw new Error(
        `setup: the FOCUS validator needs Python >= ${FOCUS_PYTHON_MIN.join('.')} and none was found ` +
          '(set FOCUS_PYTHON to one, e.g. `pyenv install 3.12`)',
      );
    log(`setup: creating .venv-focus with ${base}`);
    run(p.root, base, ['-m', 'venv', p.focusVenv], 'creating the FOCUS validator virtualenv');
  }
  if (!focusValidatorIsCurrent(p)) {
    log('setup: installing requirements-focus.txt into .venv-focus (pip)');
    pipInstall(p, python, 'requirements-focus.txt', p.focusRequirementsStamp);
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
    const r = runChildSync('apt-get', args, { env });
    if (r.code !== 0) {
      throw new Error(`setup: apt-get ${args.join(' ')} failed (exit ${String(r.code)}):\n${r.stderr.slice(-2000)}`);
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`setup: apt-get finished but ${CHROMIUM} is still missing`);
}

if (require.main === module) {
  try {
    if (process.argv.includes('--browser')) ensureChromium();
    setup();
    if (process.argv.includes('--focus-validator')) setupFocusValidator();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
