// Headless run (`npm start`): setup, then execute every notebooks/*.ipynb on the tslab kernel through nbclient (the
// venv's Python), writing <out>/notebooks/<name>.ipynb, the notebooks' own exports (<out>/charts, <out>/data) and one
// combined <out>/report.html. Exits non-zero, naming notebook and cell, when any cell fails or writes to stderr.
// Demo mode (built-in emulator) without OPENAI_ADMIN_KEY; live with OPENAI_ADMIN_KEY/OPENAI_BASE_URL (env or .env).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkAccess, loadConfig, UsageClient, type UsageConfig, ADMIN_KEY_MARKER } from '../lib/api/index';
import { notebookEnv } from '../lib/notebook/index';
import {
  checkParameterCells,
  checkStoreExists,
  cleanOut,
  filesUnder,
  outputsWithSecrets,
  isCommanderExit,
  parseRunOptions,
  markHeadlessDemoStore,
  readNotebook,
  removeDuckDbFile,
  resolveRunSource,
  selectNotebooks,
  updateCommitted,
  writeCombinedReport,
} from './headless-run';
import { runChildSync } from '../tools/child-process';
import { ROOT, VENV, VENV_PYTHON, setup } from './setup';

const NOTEBOOKS = path.join(ROOT, 'notebooks');

/**
 * With a key, one request before anything else: a wrong key, a wrong OPENAI_BASE_URL or no network is one line
 * naming what to fix, instead of a failed cell after the kernels started. Not for `--source store` (no request).
 */
async function checkSettings(config: UsageConfig, source: string): Promise<void> {
  if (config.apiKey === undefined || source === 'store') return;
  const client = new UsageClient({ apiKey: config.apiKey, baseURL: config.baseURL, retry: { maxRetries: 1 } });
  try {
    await checkAccess(client, notebookEnv().now * 1000);
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const opts = parseRunOptions(process.argv.slice(2), { root: ROOT, env: process.env });
  const dir = opts.notebooksDir ?? NOTEBOOKS;
  const names = selectNotebooks(readdirSync(dir), opts.notebook);
  checkParameterCells(names.map((n) => path.join(dir, n)));
  // The notebooks' own rule: the environment first, then <repo>/.env. Read and checked before setup prints anything,
  // so a project key, a malformed OPENAI_BASE_URL or an unreachable API is the first and only line.
  const config = loadConfig({ dotenvPath: path.join(ROOT, '.env') });
  const adminKey = config.apiKey;
  if (opts.updateCommitted && adminKey !== undefined) {
    throw new Error(
      'refusing --update-committed with OPENAI_ADMIN_KEY set (env or .env): committed notebooks must hold demo data only',
    );
  }
  const data = resolveRunSource(opts, { root: ROOT, env: process.env, adminKey });
  const source = data.source ?? (process.env['USAGE_SOURCE']?.trim() || 'api');
  checkStoreExists(source, data, { root: ROOT, env: process.env, adminKey });
  await checkSettings(config, source);
  setup();
  const out = opts.out;
  mkdirSync(path.join(out, 'notebooks'), { recursive: true });
  if (opts.notebook === undefined) cleanOut(out);
  if (data.note !== undefined) console.log(data.note);
  if (data.fresh !== undefined) {
    mkdirSync(path.dirname(data.fresh), { recursive: true });
    removeDuckDbFile(data.fresh);
    console.log(
      `Demo: syncing the built-in emulator into a fresh store, ${path.relative(ROOT, data.fresh)} (source sync)`,
    );
  }

  const started = Date.now();
  const env = {
    ...process.env,
    OUT_DIR: out,
    TZ: 'UTC',
    ...(data.source === undefined ? {} : { USAGE_SOURCE: data.source }),
    ...(data.store === undefined ? {} : { USAGE_STORE_URL: data.store }),
    // Our venv's kernelspecs first, so a user-level "tslab" kernelspec cannot shadow ours.
    JUPYTER_PATH: path.join(VENV, 'share', 'jupyter'),
    JUPYTER_PLATFORM_DIRS: '1',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
  const args = [
    path.join(ROOT, 'scripts', 'execute_notebooks.py'),
    '--out-dir',
    path.join(out, 'notebooks'),
    '--timeout',
    String(opts.timeout),
    '--jobs',
    String(opts.jobs),
    ...(opts.timings === undefined ? [] : ['--timings', opts.timings]),
    ...names.map((n) => path.join(dir, n)),
  ];
  const run = runChildSync(VENV_PYTHON, args, { env, output: 'inherit' });
  // Failed or not, the store is the demo's own rebuildable data: the next run may rebuild it unless someone writes it.
  if (data.fresh !== undefined) markHeadlessDemoStore(data.fresh);
  if (run.code !== 0) throw new Error(`notebook execution failed (see above); partial outputs are in ${out}`);

  const executed = names.map((n) => path.join(out, 'notebooks', n));
  const ids = writeCombinedReport(out, executed.map(readNotebook));
  const leaking = outputsWithSecrets(filesUnder(out), adminKey);
  if (leaking.length > 0) {
    throw new Error(`the admin key (or '${ADMIN_KEY_MARKER}') found in ${leaking.join(', ')}: remove these files`);
  }
  if (opts.updateCommitted) updateCommitted(executed, NOTEBOOKS);
  const csvs = filesUnder(path.join(out, 'data')).filter((f) => f.endsWith('.csv')).length;
  console.log(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${names.length} notebook(s), ${ids.length} charts, ` +
      `${csvs} CSV files, report ${path.join(out, 'report.html')}${opts.updateCommitted ? '; notebooks/ updated' : ''}`,
  );
}

main().catch((err: unknown) => {
  if (isCommanderExit(err)) process.exit(err.exitCode);
  console.error(`run-notebooks: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
