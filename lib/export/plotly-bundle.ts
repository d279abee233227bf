import { readFileSync, statSync } from 'node:fs';

/**
 * Absolute path of plotly.js-dist-min's `plotly.min.js`. Resolved, never imported: plotly.js needs a browser
 * and throws "self is not defined" when evaluated in Node.
 */
export function plotlyBundlePath(): string {
  return require.resolve('plotly.js-dist-min');
}

/** The plotly.js bundle source text (about 4.8 MB), read fresh on every call. */
export function plotlyBundle(): string {
  return readFileSync(plotlyBundlePath(), 'utf8');
}

/** A loader that reads the bundle once and then returns the same text; the cache lives in the returned closure. */
export function plotlyBundleLoader(): () => string {
  const memo: { text?: string } = {};
  return () => (memo.text ??= plotlyBundle());
}

/** The process's one copy of the bundle, with the file's size and mtime it was read at. */
const shared: { text?: string; stamp?: string } = {};

/**
 * The bundle text read once per process (a notebook's kernel re-runs its export cell on every Run All): read again
 * only when the installed file changed (size or mtime), which costs one stat per call.
 */
export function sharedPlotlyBundle(): string {
  const st = statSync(plotlyBundlePath());
  const stamp = `${st.size}:${st.mtimeMs}`;
  if (shared.text === undefined || shared.stamp !== stamp) {
    shared.text = plotlyBundle();
    shared.stamp = stamp;
  }
  return shared.text;
}
