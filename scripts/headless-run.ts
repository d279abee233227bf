// The steps of the headless run (`npm start`, scripts/run-notebooks.ts) as plain functions, so each is testable
// without a kernel: option checks, notebook selection, cleaning, the combined report, the secret scan and the
// committed form of an executed notebook.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { Command, CommanderError } from 'commander';
import { isPostgresUrl, resolveStoreLocation } from '../lib/store/index';
import type { Figure } from '../lib/charts/index';
import { ADMIN_KEY_MARKER, filesWithSecrets } from '../lib/api/index';
import { combineAbout, type ReportAbout, reportHtml } from '../lib/export/index';
// The parameter functions alone (not the notebook room's index, which loads the display layer and danfojs).
import { insightsParams, notebookEnv, InvalidParams, notebookParams } from '../lib/notebook/index';
import { cellSource, parametersCell, readNotebook, type NotebookFile } from '../tools/notebook-file';

export type { NotebookCell, NotebookFile, NotebookOutput } from '../tools/notebook-file';
export { readNotebook };

/** Checked command-line options of the headless run. */
export interface RunOptions {
  notebook?: string;
  out: string;
  updateCommitted: boolean;
  /** Per-cell timeout in seconds. */
  timeout: number;
  /** Notebooks executed at once. */
  jobs: number;
  /** Where the notebooks read data: the API, the store only, or sync then store (sets USAGE_SOURCE). */
  source?: 'api' | 'store' | 'sync';
  /** The store for --source store|sync: a DuckDB file or postgres:// URL (sets USAGE_STORE_URL). */
  store?: string;
  /** Where the notebooks are read from (absolute; default notebooks/), e.g. copies with other parameters. */
  notebooksDir?: string;
  /** File receiving each notebook's kernel start and per-cell wall times as JSON (absolute). */
  timings?: string;
}

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid ${name}: ${value} (a whole number ≥ 1)`);
  return n;
}

/**
 * Parses the command line (`argv` without node and script) with commander; throws on a bad value.
 * @example parseRunOptions(['--notebook', '02'], { root: '/repo', env: {} }).out === '/repo/out'
 */
export function parseRunOptions(
  argv: readonly string[],
  ctx: { root: string; env: Readonly<Record<string, string | undefined>> },
): RunOptions {
  const program = new Command()
    .name('run-notebooks')
    .description('Execute the notebooks headless and export every chart, table and a combined report.')
    .option('--notebook <name>', 'run one notebook (file name, with or without .ipynb, or a unique prefix like 02)')
    .option('--out <dir>', 'output folder (default: $OUT_DIR or <repo>/out)')
    .option('--update-committed', 'write the executed notebooks back into notebooks/ (refused with an admin key)')
    .option('--timeout <seconds>', 'per-cell timeout', '300')
    .option('--jobs <n>', 'notebooks executed at once', '2')
    .option('--source <source>', 'api (fetch), store (read the store only) or sync (sync the range, then read)')
    .option(
      '--store <file|url>',
      'DuckDB file or postgres:// URL for --source store|sync (default: USAGE_STORE_URL, else data/)',
    )
    .option(
      '--notebooks-dir <dir>',
      'run the notebooks of this folder (a sibling of notebooks/, so their ../dist import resolves)',
    )
    .option('--timings <file>', "write each notebook's kernel start and per-cell wall times (JSON) to this file")
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const opts = program.opts<{
    notebook?: string;
    out?: string;
    updateCommitted?: boolean;
    timeout: string;
    jobs: string;
    source?: string;
    store?: string;
    notebooksDir?: string;
    timings?: string;
  }>();
  const source = opts.source;
  if (source !== undefined && source !== 'api' && source !== 'store' && source !== 'sync') {
    throw new Error(`invalid --source: ${JSON.stringify(source)} (api, store or sync)`);
  }
  if (opts.updateCommitted === true && opts.notebooksDir !== undefined) {
    throw new Error('invalid --notebooks-dir with --update-committed (only notebooks/ is updated)');
  }
  return {
    ...(opts.notebooksDir === undefined ? {} : { notebooksDir: path.resolve(opts.notebooksDir) }),
    ...(opts.timings === undefined ? {} : { timings: path.resolve(opts.timings) }),
    ...(source === undefined ? {} : { source }),
    // A file is resolved here: the kernels run with the notebooks' folder as working directory.
    ...(opts.store === undefined ? {} : { store: isPostgresUrl(opts.store) ? opts.store : path.resolve(opts.store) }),
    ...(opts.notebook === undefined ? {} : { notebook: opts.notebook }),
    out: path.resolve(opts.out ?? ctx.env['OUT_DIR'] ?? path.join(ctx.root, 'out')),
    updateCommitted: opts.updateCommitted === true,
    timeout: positiveInteger('--timeout', opts.timeout),
    jobs: positiveInteger('--jobs', opts.jobs),
  };
}

/** Where a run reads when no `--source`/`USAGE_SOURCE` says: what `resolveRunSource` decided and why. */
export interface RunSource {
  source?: 'api' | 'store' | 'sync';
  store?: string;
  /** The demo store to delete before the run (it is rebuilt from the emulator). */
  fresh?: string;
}

/**
 * The demo's default: without an admin key and without `--source`, `--store`, `USAGE_SOURCE` or `USAGE_STORE_URL`,
 * the notebooks sync the built-in emulator into a fresh `data/demo.duckdb` and read it (source "sync"), the way
 * a team runs them against its store. With a key, or anything chosen, the choice stands (default "api").
 */
export function resolveRunSource(
  opts: Pick<RunOptions, 'source' | 'store'>,
  ctx: { root: string; env: Readonly<Record<string, string | undefined>>; adminKey: string | undefined },
): RunSource {
  const chosen = (name: string): boolean => (ctx.env[name]?.trim() ?? '') !== '';
  if (opts.source !== undefined || opts.store !== undefined || chosen('USAGE_SOURCE') || chosen('USAGE_STORE_URL'))
    return {
      ...(opts.source === undefined ? {} : { source: opts.source }),
      ...(opts.store === undefined ? {} : { store: opts.store }),
    };
  if (ctx.adminKey !== undefined) return {};
  const store = path.join(ctx.root, 'data', 'demo.duckdb');
  return { source: 'sync', store, fresh: store };
}

/**
 * `--source store` reads a store that must already exist: a missing DuckDB file is one line naming where it was
 * looked for and how to make it, before any kernel starts (the notebooks would fail in their first read).
 */
export function checkStoreExists(
  source: string,
  opts: Pick<RunOptions, 'store'>,
  ctx: { root: string; env: Readonly<Record<string, string | undefined>>; adminKey: string | undefined },
): void {
  if (source !== 'store') return;
  const fallback = path.join(ctx.root, 'data', ctx.adminKey === undefined ? 'demo.duckdb' : 'usage.duckdb');
  const location = resolveStoreLocation(opts.store, ctx.env, fallback);
  if (isPostgresUrl(location) || existsSync(location)) return;
  const given =
    opts.store !== undefined
      ? '--store'
      : (ctx.env['USAGE_STORE_URL']?.trim() ?? '') !== ''
        ? 'USAGE_STORE_URL'
        : 'store';
  const relative = path.relative(process.cwd(), location);
  const shown = relative === '' || relative.startsWith('..') ? location : relative;
  throw new Error(
    `invalid ${given}: ${shown} does not exist; sync it first (npm run sync -- --store ${shown}) or run with --source sync`,
  );
}

/** Deletes a DuckDB file and its write-ahead log, if present. */
export function removeDuckDbFile(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
}

/** True for commander's own exits (--help, a usage error): it has printed the message already. */
export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}

/**
 * The notebooks to run: all (sorted) without a name, else the one matching a file name or unique prefix.
 * @example selectNotebooks(['01_a.ipynb', '02_b.ipynb'], '02') // ['02_b.ipynb']
 */
export function selectNotebooks(all: readonly string[], name: string | undefined): string[] {
  const sorted = all.filter((f) => f.endsWith('.ipynb')).sort();
  if (name === undefined) return sorted;
  const wanted = name.endsWith('.ipynb') ? name : `${name}.ipynb`;
  const exact = sorted.filter((f) => f === wanted);
  const hits = exact.length === 1 ? exact : sorted.filter((f) => f.startsWith(name));
  if (hits.length !== 1) throw new Error(`invalid --notebook: ${JSON.stringify(name)} (one of: ${sorted.join(', ')})`);
  return hits;
}

/** Removes what a previous full run wrote (only our own file kinds), so the combined report has no stale charts. */
export function cleanOut(out: string): void {
  const owned: Record<string, RegExp> = { charts: /\.(html|json|js)$/, data: /\.(csv|json)$/, notebooks: /\.ipynb$/ };
  for (const [dir, pattern] of Object.entries(owned)) {
    const full = path.join(out, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full)) if (pattern.test(f)) rmSync(path.join(full, f));
  }
  if (!existsSync(out)) return;
  for (const f of readdirSync(out)) if (/^report(-[A-Za-z0-9_-]+)?\.html$/.test(f)) rmSync(path.join(out, f));
}

/** The functions a parameters cell calls; anything else it needs is left to the kernel. */
const PARAMETER_SCOPE = { notebookEnv, notebookParams, insightsParams };

/**
 * Runs each notebook's parameters cell (transpiled, with only the parameter functions and `process` in scope) before
 * any kernel starts, so a bad value there (`bucket_width: "5m"`, a misspelt key, a bad USAGE_NOW) is the run's first
 * and only line, naming the notebook. A cell that needs anything else, or does not compile, is left to the kernel,
 * which reports it in its cell.
 */
export function checkParameterCells(files: readonly string[]): void {
  for (const file of files) {
    const cell = parametersCell(readNotebook(file));
    if (cell?.source === undefined) continue;
    const source = cellSource(cell);
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    try {
      vm.runInNewContext(js, { ...PARAMETER_SCOPE, process }, { filename: file, timeout: 5000 });
    } catch (err) {
      const relative = path.relative(process.cwd(), file);
      const where = relative === '' || relative.startsWith('..') ? file : relative;
      if (err instanceof InvalidParams || (err instanceof RangeError && err.message.startsWith('invalid ')))
        throw new Error(`${where}, parameters cell: ${err.message}`, { cause: err });
    }
  }
}

/** Figure ids in display order, from the executed notebooks' output metadata. */
export function figureIdsInOrder(notebooks: readonly NotebookFile[]): string[] {
  const ids: string[] = [];
  for (const nb of notebooks) {
    for (const cell of nb.cells) {
      for (const output of cell.outputs ?? []) {
        const meta = output.metadata?.['usage-notebooks'];
        if (meta?.role === 'figure' && typeof meta.id === 'string' && !ids.includes(meta.id)) ids.push(meta.id);
      }
    }
  }
  return ids;
}

/**
 * Writes `<out>/report.html`, one self-contained page (plotly.js embedded once), from the figure JSON in
 * `<out>/charts`: charts in notebook order first, then any others by name; its coverage combines the notebooks'
 * `data/*.about.json`. Returns the figure ids in report order.
 */
export function writeCombinedReport(out: string, executed: readonly NotebookFile[], now: Date = new Date()): string[] {
  const charts = path.join(out, 'charts');
  const available = existsSync(charts)
    ? readdirSync(charts)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort()
    : [];
  const order = figureIdsInOrder(executed).filter((id) => available.includes(id));
  const ids = [...order, ...available.filter((id) => !order.includes(id))];
  const figures = ids.map((id) => JSON.parse(readFileSync(path.join(charts, `${id}.json`), 'utf8')) as Figure);
  const data = path.join(out, 'data');
  const aboutFiles = existsSync(data)
    ? readdirSync(data)
        .filter((f) => f.endsWith('.about.json'))
        .sort()
    : [];
  const abouts = aboutFiles.map((f) => JSON.parse(readFileSync(path.join(data, f), 'utf8')) as ReportAbout);
  // report-04_spend_insights.about.json → "04_spend_insights": the header names which notebook covers which span.
  const parts = aboutFiles.map((f) => f.replace(/^report-/, '').replace(/\.about\.json$/, ''));
  const about = combineAbout(abouts, now, parts);
  const html = reportHtml(figures, {
    title: 'OpenAI usage and costs',
    plotly: 'inline',
    ...(about === undefined ? {} : { about }),
  });
  writeFileSync(path.join(out, 'report.html'), html);
  return ids;
}

/** Every file under `dir`, recursively ([] when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/**
 * The files among `files` holding the admin key prefix or the configured key (the vendored plotly.js is not
 * scanned): the library's scan, which also finds the key JSON-escaped as a saved notebook holds a `\\` or `"`.
 */
export function outputsWithSecrets(files: readonly string[], key: string | undefined): string[] {
  return filesWithSecrets(
    files.filter((f) => !f.endsWith('plotly.min.js')),
    key,
  );
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.join('');
  return typeof value === 'string' ? value : '';
}

/**
 * An executed notebook made fit for git: no inline plotly.js bundle, no timing metadata, and figures as Plotly JSON
 * plus text only (JupyterLab renders the JSON; the HTML copy would double the size and needs a trusted notebook).
 * Changes `nb` in place and returns it.
 */
export function committedForm(nb: NotebookFile): NotebookFile {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    if (cell.metadata) delete cell.metadata['execution'];
    for (const output of cell.outputs ?? []) {
      const role = output.metadata?.['usage-notebooks']?.role;
      if (role === 'plotly-init' && output.data) {
        const text = textOf(output.data['text/plain']);
        output.data = { 'text/plain': `${text} (bundle stripped from the committed notebook)` };
      }
      if (role === 'figure' && output.data) delete output.data['text/html'];
    }
  }
  return nb;
}

/** Copies the executed notebooks, in committed form, into `notebooksDir`; refuses one containing the key prefix. */
export function updateCommitted(executed: readonly string[], notebooksDir: string): void {
  for (const file of executed) {
    const text = `${JSON.stringify(committedForm(readNotebook(file)), null, 1)}\n`;
    if (text.includes(ADMIN_KEY_MARKER))
      throw new Error(`'${ADMIN_KEY_MARKER}' found in ${file}: not copied into notebooks/`);
    writeFileSync(path.join(notebooksDir, path.basename(file)), text);
  }
}
