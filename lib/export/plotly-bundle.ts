import { readFileSync } from 'node:fs';

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
