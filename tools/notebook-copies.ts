import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readNotebook, type NotebookFile } from './notebook-file';

/** Scratch copies of notebooks, so tests and benchmarks never modify the committed ones. */
export interface NotebookCopies {
  /** Absolute folder holding the copies. */
  dir: string;
  /** The folder relative to the repo root (as JupyterLab paths are). */
  relDir: string;
  /** Lab path of a copied notebook, e.g. `.e2e-1a2b/01_completions_usage.ipynb`. */
  labPath(name: string): string;
  /** Deletes the folder; idempotent. */
  remove(): void;
}

/** Options of {@link copyNotebooks}. */
export interface CopyOptions {
  /** Start of the folder's name (then `-<random>`). @default '.e2e' */
  prefix?: string;
  /** Changes each copy (e.g. a parameter, as a user would edit it); the copy is written as it returns. */
  edit?: (nb: NotebookFile, name: string) => NotebookFile;
}

/**
 * Copies `notebooks/<name>` files into `<repoRoot>/<prefix>-<random>/`: a sibling of notebooks/ at the same depth,
 * so the notebooks' relative `../dist/lib/index` import and node_modules lookup resolve exactly as for the originals.
 */
export function copyNotebooks(repoRoot: string, names: readonly string[], options: CopyOptions = {}): NotebookCopies {
  const relDir = `${options.prefix ?? '.e2e'}-${randomBytes(4).toString('hex')}`;
  const dir = path.join(repoRoot, relDir);
  mkdirSync(dir);
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', remove);
  };
  process.once('exit', remove);
  for (const name of names) {
    const from = path.join(repoRoot, 'notebooks', name);
    const to = path.join(dir, name);
    if (options.edit === undefined) copyFileSync(from, to);
    else writeFileSync(to, JSON.stringify(options.edit(readNotebook(from), name)));
  }
  return { dir, relDir, labPath: (name) => `${relDir}/${name}`, remove };
}
