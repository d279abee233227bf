import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plotlyBundleLoader } from '../export/index';

/** A static file served from memory. */
export interface Asset {
  type: string;
  body: string;
}

const FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The page's folder: next to this file when run from source, else the source tree beside dist/. */
export function publicDir(): string {
  const candidates = [join(__dirname, 'public'), join(__dirname, '..', '..', '..', 'lib', 'dashboard', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new Error(`dashboard page not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The page files by URL path, read once; plotly.js (4.7 MB) is read on first request. */
export function pageAssets(dir = publicDir()): { get(path: string): Asset | undefined } {
  const files = new Map<string, Asset>();
  for (const [path, file] of Object.entries(FILES)) {
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
    files.set(path, { type, body: readFileSync(join(dir, file), 'utf8') });
  }
  const plotly = plotlyBundleLoader();
  return {
    get(path) {
      if (path === '/plotly.min.js') return { type: TYPES['js'] ?? '', body: plotly() };
      return files.get(path);
    },
  };
}
