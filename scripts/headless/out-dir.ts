// The run's output folder: cleaned before a full run, listed and scanned for secrets after it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { filesWithSecrets } from '../../lib/api/index';

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
