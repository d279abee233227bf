import { existsSync } from 'node:fs';
import path from 'node:path';

/** Settings a notebook reads from its environment (set by the headless runner or tests). */
export interface NotebookEnv {
  /** Unix seconds: `USAGE_NOW` when set (reproducible runs), else the current time. */
  now: number;
  /** True when `USAGE_NOW` fixed the clock. */
  fixedNow: boolean;
  /** Export folder: `OUT_DIR`, else `<repo>/out`. */
  outDir: string;
  /** The repository root (the folder holding package.json above this library). */
  root: string;
}

function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Reads `USAGE_NOW` (Unix seconds or an ISO date/time) and `OUT_DIR`; fails early on a bad `USAGE_NOW`.
 * @param nowMs the clock, injectable. @default Date.now()
 * @example notebookEnv({ USAGE_NOW: '2025-01-31' }) // { now: 1738281600, fixedNow: true, outDir: '<repo>/out', root: '<repo>' }
 */
export function notebookEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  nowMs: number = Date.now(),
): NotebookEnv {
  const root = packageRoot(__dirname);
  const raw = env['USAGE_NOW']?.trim();
  let now = Math.floor(nowMs / 1000);
  if (raw !== undefined && raw !== '') {
    const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
    if (!Number.isFinite(ms))
      throw new RangeError(`invalid USAGE_NOW: ${JSON.stringify(raw)} (expected Unix seconds or an ISO date)`);
    now = Math.floor(ms / 1000);
  }
  const out = env['OUT_DIR']?.trim();
  return {
    now,
    fixedNow: raw !== undefined && raw !== '',
    outDir: out ? path.resolve(out) : path.join(root, 'out'),
    root,
  };
}
