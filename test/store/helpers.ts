import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENDPOINTS, type EndpointName } from '../../lib/api/endpoints';
import { WIDTH_SECONDS } from '../../lib/api/plan-windows';
import type { BucketWidth } from '../../lib/api/wire';
import type { RunningEmulator } from '../../lib/emulator/index';
import type { UsageStore } from '../../lib/store/store';
import { tableSchema } from '../../lib/store/table-schema';
import { getAllBuckets, type Bucket } from '../emulator/helpers';

/** "Now" of the emulator in store tests (Unix seconds, not minute-aligned). */
export const NOW = 1_739_208_663;
export const DAY = 86_400;

/** A temp folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every bucket of [start, end) straight from the emulator with plain fetch: the ground truth. */
export async function rawBuckets(emu: RunningEmulator, endpoint: EndpointName, start: number, end: number, width: BucketWidth, groupBy: readonly string[]): Promise<Bucket[]> {
  const spec = ENDPOINTS[endpoint];
  const max = spec.limits[width]?.max ?? 1;
  const groups = groupBy.map((g) => `&group_by[]=${g}`).join('');
  return getAllBuckets(emu.baseURL, `${spec.path}?start_time=${start}&end_time=${end}&bucket_width=${width}&limit=${max}${groups}`, emu.adminKey);
}

/** A result as sorted-key JSON, so results compare regardless of key and row order. */
export function canonical(result: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)]))
      : v;
  return JSON.stringify(sorted(result));
}

/** Buckets as {start: sorted canonical results}: the comparable content of a range. */
export function contentOf(buckets: ReadonlyArray<{ start_time: number; results: ReadonlyArray<Record<string, unknown>> }>): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const b of buckets) out[b.start_time] = b.results.map(canonical).sort();
  return out;
}

/** Rows of a store table sharing a key (start, width, grouping, every dimension) with another row. */
export async function duplicateKeys(store: UsageStore, endpoint: EndpointName): Promise<number> {
  const schema = tableSchema(ENDPOINTS[endpoint]);
  const key = ['start_time', 'bucket_width', 'group_by', ...schema.dims.map((d) => d.name)].map((n) => `"${n}"`).join(', ');
  const rows = await store.query(`SELECT count(*) AS n FROM (SELECT ${key}, count(*) AS c FROM "${schema.table}" GROUP BY ${key} HAVING count(*) > 1) d`);
  return Number(rows[0]?.['n']);
}

/** Aligns down to the width's UTC grid. */
export function floorTo(t: number, width: BucketWidth): number {
  const s = WIDTH_SECONDS[width];
  return Math.floor(t / s) * s;
}

/** Every row of every data table, sorted, as text: two stores with equal dumps hold the same data. */
export async function dumpTables(store: UsageStore, endpoints: readonly EndpointName[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of endpoints) {
    const schema = tableSchema(ENDPOINTS[e]);
    const rows = await store.query(`SELECT * FROM "${schema.table}"`);
    for (const r of rows) out.push(`${e} ${JSON.stringify(schema.columns.map((c) => r[c.name] ?? null))}`);
  }
  return out.sort();
}
