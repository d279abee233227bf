#!/usr/bin/env node
// Headless run (`npm start`): setup, then execute every notebooks/*.ipynb on the tslab kernel through nbclient (the
// venv's Python), writing <out>/notebooks/<name>.ipynb, the notebooks' own exports (<out>/charts, <out>/data) and one
// combined <out>/report.html. Exits non-zero, naming notebook and cell, when any cell fails or writes to stderr.
// Demo mode (built-in emulator) without OPENAI_ADMIN_KEY; live with OPENAI_ADMIN_KEY/OPENAI_BASE_URL (env or .env).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command } from 'commander';
import { ROOT, VENV, VENV_PYTHON, setup } from './setup.mjs';

const NOTEBOOKS = path.join(ROOT, 'notebooks');
const SECRET_MARKER = 'sk-admin-';

function fail(message) {
  console.error(`run-notebooks: ${message}`);
  process.exit(1);
}

/** The compiled library (built by setup), for the same config rules and report builder as the notebooks. */
function library() {
  return createRequire(import.meta.url)(path.join(ROOT, 'dist', 'lib', 'index.js'));
}

function selectNotebooks(name) {
  const all = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort();
  if (name === undefined) return all;
  const wanted = name.endsWith('.ipynb') ? name : `${name}.ipynb`;
  const hits = all.filter((f) => f === wanted || f.startsWith(name));
  if (hits.length !== 1) fail(`invalid --notebook: ${JSON.stringify(name)} (one of: ${all.join(', ')})`);
  return hits;
}

/** Removes what a previous full run wrote (only our own file kinds), so the combined report has no stale charts. */
function cleanOut(out) {
  const owned = { charts: /\.(html|json|js)$/, data: /\.(csv|json)$/, notebooks: /\.ipynb$/ };
  for (const [dir, pattern] of Object.entries(owned)) {
    const full = path.join(out, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full)) if (pattern.test(f)) rmSync(path.join(full, f));
  }
  for (const f of existsSync(out) ? readdirSync(out) : []) if (/^report(-[A-Za-z0-9_-]+)?\.html$/.test(f)) rmSync(path.join(out, f));
}

function textOf(value) {
  return Array.isArray(value) ? value.join('') : String(value ?? '');
}

/** Figure ids in display order, from the executed notebooks' output metadata. */
function figureIdsInOrder(executed) {
  const ids = [];
  for (const file of executed) {
    const nb = JSON.parse(readFileSync(file, 'utf8'));
    for (const cell of nb.cells) {
      for (const output of cell.outputs ?? []) {
        const meta = output.metadata?.['usage-notebooks'];
        if (meta?.role === 'figure' && typeof meta.id === 'string' && !ids.includes(meta.id)) ids.push(meta.id);
      }
    }
  }
  return ids;
}

function writeCombinedReport(lib, out, executed) {
  const charts = path.join(out, 'charts');
  const available = existsSync(charts) ? readdirSync(charts).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
  const order = figureIdsInOrder(executed).filter((id) => available.includes(id));
  const ids = [...order, ...available.filter((id) => !order.includes(id))];
  const figures = ids.map((id) => JSON.parse(readFileSync(path.join(charts, `${id}.json`), 'utf8')));
  const html = lib.reportHtml(figures, { title: 'OpenAI usage and costs', plotly: { src: 'charts/plotly.min.js' } });
  writeFileSync(path.join(out, 'report.html'), html);
  return ids;
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

function assertNoSecrets(files, key) {
  // hostile (issue 13): the library's scan also finds the key JSON-escaped, as a saved notebook holds a `\` or `"`.
  const leaking = library().filesWithSecrets(files.filter((f) => !f.endsWith('plotly.min.js')), key);
  if (leaking.length > 0) fail(`the admin key (or '${SECRET_MARKER}') found in ${leaking.join(', ')}: remove these files`);
}

/**
 * An executed notebook made fit for git: no inline plotly.js bundle, no timing metadata, and figures as Plotly JSON
 * plus text only (JupyterLab renders the JSON; the HTML copy would double the size and needs a trusted notebook).
 */
function committedForm(nb) {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    if (cell.metadata) delete cell.metadata.execution;
    for (const output of cell.outputs ?? []) {
      const role = output.metadata?.['usage-notebooks']?.role;
      if (role === 'plotly-init' && output.data) {
        output.data = { 'text/plain': `${textOf(output.data['text/plain'])} (bundle stripped from the committed notebook)` };
      }
      if (role === 'figure' && output.data) delete output.data['text/html'];
    }
  }
  return nb;
}

function updateCommitted(executed) {
  for (const file of executed) {
    const text = `${JSON.stringify(committedForm(JSON.parse(readFileSync(file, 'utf8'))), null, 1)}\n`;
    if (text.includes(SECRET_MARKER)) fail(`'${SECRET_MARKER}' found in ${file}: not copied into notebooks/`);
    writeFileSync(path.join(NOTEBOOKS, path.basename(file)), text);
  }
}

const program = new Command()
  .name('run-notebooks')
  .description('Execute the notebooks headless and export every chart, table and a combined report.')
  .option('--notebook <name>', 'run one notebook (file name, with or without .ipynb, or a unique prefix like 02)')
  .option('--out <dir>', 'output folder (default: $OUT_DIR or <repo>/out)')
  .option('--update-committed', 'write the executed notebooks back into notebooks/ (refused with an admin key)')
  .option('--timeout <seconds>', 'per-cell timeout', '300')
  .option('--jobs <n>', 'notebooks executed at once', '2')
  .parse();
const opts = program.opts();

const timeout = Number(opts.timeout);
if (!Number.isInteger(timeout) || timeout < 1) fail(`invalid --timeout: ${opts.timeout}`);
const jobs = Number(opts.jobs);
if (!Number.isInteger(jobs) || jobs < 1) fail(`invalid --jobs: ${opts.jobs}`);
const out = path.resolve(opts.out ?? process.env.OUT_DIR ?? path.join(ROOT, 'out'));
const names = selectNotebooks(opts.notebook);

try {
  setup();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const lib = library();
// The notebooks' own rule: the environment first, then <repo>/.env.
const adminKey = lib.loadConfig({ dotenvPath: path.join(ROOT, '.env') }).apiKey;
if (opts.updateCommitted && adminKey !== undefined) {
  fail('refusing --update-committed with OPENAI_ADMIN_KEY set (env or .env): committed notebooks must hold demo data only');
}
mkdirSync(path.join(out, 'notebooks'), { recursive: true });
if (opts.notebook === undefined) cleanOut(out);

const started = Date.now();
const env = {
  ...process.env,
  OUT_DIR: out,
  TZ: 'UTC',
  // Our venv's kernelspecs first, so a user-level "tslab" kernelspec cannot shadow ours.
  JUPYTER_PATH: path.join(VENV, 'share', 'jupyter'),
  JUPYTER_PLATFORM_DIRS: '1',
  PYDEVD_DISABLE_FILE_VALIDATION: '1',
};
const run = spawnSync(VENV_PYTHON, [
  path.join(ROOT, 'scripts', 'execute_notebooks.py'), '--out-dir', path.join(out, 'notebooks'),
  '--timeout', String(timeout), '--jobs', String(jobs), ...names.map((n) => path.join(NOTEBOOKS, n)),
], { env, stdio: 'inherit' });
if (run.error) fail(`cannot start ${VENV_PYTHON}: ${run.error.message}`);
if (run.status !== 0) fail(`notebook execution failed (see above); partial outputs are in ${out}`);

const executed = names.map((n) => path.join(out, 'notebooks', n));
const ids = writeCombinedReport(lib, out, executed);
assertNoSecrets(filesUnder(out), adminKey);
if (opts.updateCommitted) updateCommitted(executed);
const csvs = filesUnder(path.join(out, 'data')).filter((f) => f.endsWith('.csv')).length;
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${names.length} notebook(s), ${ids.length} charts, ${csvs} CSV files, ` +
  `report ${path.join(out, 'report.html')}${opts.updateCommitted ? '; notebooks/ updated' : ''}`);
