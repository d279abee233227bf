import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Scratch copies of notebooks, so tests never modify the committed ones. */
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

/**
 * Copies `notebooks/<name>` files into `<repoRoot>/.e2e-<random>/`: a sibling of notebooks/ at the same depth, so
 * the notebooks' relative `../dist/lib/index` import and node_modules lookup resolve exactly as for the originals.
 */
export function copyNotebooks(repoRoot: string, names: readonly string[]): NotebookCopies {
  const relDir = `.e2e-${randomBytes(4).toString('hex')}`;
  const dir = path.join(repoRoot, relDir);
  mkdirSync(dir);
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', remove);
  };
  process.once('exit', remove);
  for (const name of names) copyFileSync(path.join(repoRoot, 'notebooks', name), path.join(dir, name));
  return { dir, relDir, labPath: (name) => `${relDir}/${name}`, remove };
}
