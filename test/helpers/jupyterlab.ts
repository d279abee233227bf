import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The project virtualenv's `jupyter` (built by `npm run setup`). */
export const VENV_JUPYTER = path.join(REPO_ROOT, '.venv', 'bin', 'jupyter');

/** JupyterLab settings used by the browser tests: every cell stays in the DOM, no news/update toasts. */
export const E2E_LAB_SETTINGS: Readonly<Record<string, Record<string, unknown>>> = {
  '@jupyterlab/notebook-extension:tracker': { windowingMode: 'none' },
  '@jupyterlab/apputils-extension:notification': { fetchNews: 'false', checkForUpdates: false },
};

/** Options of `startJupyterLab`. */
export interface StartJupyterLabOptions {
  /** Served folder (`ServerApp.root_dir`); the repo root, so notebooks resolve node_modules and dist. */
  rootDir: string;
  /** Extra environment for the server and therefore its kernels (e.g. OUT_DIR, USAGE_NOW). */
  env?: Readonly<Record<string, string>>;
  /** Environment variables removed before starting (e.g. OPENAI_ADMIN_KEY). */
  unsetEnv?: readonly string[];
  /** Lab settings by plugin id. @default E2E_LAB_SETTINGS */
  settings?: Readonly<Record<string, Record<string, unknown>>>;
  /** @default 90_000 */
  startTimeoutMs?: number;
}

/** A running JupyterLab server. */
export interface RunningJupyterLab {
  /** Base URL, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  token: string;
  /** The URL opening a path of the served folder in Lab, token included. */
  labUrl(relPath: string): string;
  /** The server's combined stdout/stderr so far (for failure messages). */
  log(): string;
  /** Shuts the server down (API, then SIGTERM, then SIGKILL to its process group and kernels); idempotent. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Pids of every descendant of `pid` (kernels run in their own session, so the group kill alone misses them). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process exited while we scanned
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      queue.push(c);
    }
  }
  return found;
}

function killTree(pid: number, signal: NodeJS.Signals): void {
  const pids = descendants(pid);
  for (const target of [-pid, ...pids]) {
    try {
      process.kill(target, signal);
    } catch {
      /* already gone */
    }
  }
}

function writeSettings(dir: string, settings: Readonly<Record<string, Record<string, unknown>>>): void {
  for (const [plugin, values] of Object.entries(settings)) {
    const [pkg, name] = plugin.split(':');
    if (pkg === undefined || name === undefined) throw new Error(`invalid settings plugin id: ${plugin}`);
    mkdirSync(path.join(dir, pkg), { recursive: true });
    writeFileSync(path.join(dir, pkg, `${name}.jupyterlab-settings`), JSON.stringify(values, null, 2));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the venv's JupyterLab on 127.0.0.1 (free port, random token, no browser, windowing off) with temporary
 * runtime/config/data/settings/workspace dirs, and resolves once /api/status answers. The server is killed on
 * `stop()` and, as a last resort, when this process exits.
 */
export async function startJupyterLab(options: StartJupyterLabOptions): Promise<RunningJupyterLab> {
  if (!existsSync(VENV_JUPYTER)) {
    throw new Error(`JupyterLab is missing (${VENV_JUPYTER}): run \`npm run setup\` first`);
  }
  if (!existsSync(options.rootDir)) throw new Error(`invalid rootDir: ${options.rootDir}`);
  const temp = mkdtempSync(path.join(tmpdir(), 'e2e-jupyterlab-'));
  const dirs = { runtime: 'runtime', config: 'config', data: 'data', settings: 'settings', workspaces: 'workspaces' };
  for (const d of Object.values(dirs)) mkdirSync(path.join(temp, d));
  writeSettings(path.join(temp, dirs.settings), options.settings ?? E2E_LAB_SETTINGS);
  const token = randomBytes(24).toString('hex');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of options.unsetEnv ?? []) delete env[name];
  Object.assign(env, {
    JUPYTER_RUNTIME_DIR: path.join(temp, dirs.runtime),
    JUPYTER_CONFIG_DIR: path.join(temp, dirs.config),
    JUPYTER_DATA_DIR: path.join(temp, dirs.data),
    JUPYTER_PATH: path.join(REPO_ROOT, '.venv', 'share', 'jupyter'),
    JUPYTER_PLATFORM_DIRS: '1',
    ...options.env,
  });
  const child = spawn(
    VENV_JUPYTER,
    [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${options.rootDir}`,
      '--ContentsManager.allow_hidden=True',
      '--LabApp.expose_app_in_browser=True',
      `--LabApp.user_settings_dir=${path.join(temp, dirs.settings)}`,
      `--LabApp.workspaces_dir=${path.join(temp, dirs.workspaces)}`,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    { cwd: options.rootDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('jupyter lab did not start');
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-50_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const onExit = (): void => killTree(pid, 'SIGKILL');
  process.once('exit', onExit);

  const url = `http://127.0.0.1:${port}/`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited(child)) {
      const kernels = descendants(pid);
      try {
        await fetch(`${url}api/shutdown`, {
          method: 'POST',
          headers: { Authorization: `token ${token}` },
          signal: AbortSignal.timeout(5000),
        });
      } catch {
        /* fall through to signals */
      }
      for (let i = 0; i < 50 && !exited(child); i++) await sleep(100);
      if (!exited(child)) killTree(pid, 'SIGTERM');
      for (let i = 0; i < 30 && !exited(child); i++) await sleep(100);
      killTree(pid, 'SIGKILL');
      for (const k of kernels) {
        try {
          process.kill(k, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    process.removeListener('exit', onExit);
    rmSync(temp, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  for (;;) {
    if (exited(child)) {
      await stop();
      throw new Error(`jupyter lab exited early (code ${child.exitCode}):\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}api/status`, {
        headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `jupyter lab did not answer /api/status within ${options.startTimeoutMs ?? 90_000} ms:\n${output.slice(-4000)}`,
      );
    }
    await sleep(250);
  }
  return {
    url,
    token,
    labUrl: (relPath) => `${url}lab/tree/${relPath.split('/').map(encodeURIComponent).join('/')}?token=${token}&reset`,
    log: () => output,
    stop,
  };
}
