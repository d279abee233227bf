// The headless run's command line: parsed and checked before anything runs.
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { isPostgresUrl } from '../../lib/store/index';

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

/** True for commander's own exits (--help, a usage error): it has printed the message already. */
export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}
