import { field, isRecord, numberField, numberRecord } from './json-fields';
import type { PipelineResult } from './pipeline-job';

/**
 * Parses a side's result: our child's PipelineResult line, or the baseline anchor's JSON
 * (`seconds`, `requests`, `rows`, `totals`) merged with the runner's `maxrss_kb` line.
 */
export function parseResult(stdout: string): PipelineResult {
  const objects = stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l): unknown => JSON.parse(l));
  const merged: Record<string, unknown> = {};
  for (const o of objects) if (isRecord(o)) Object.assign(merged, o);
  const seconds = numberRecord(merged, 'seconds');
  const rss = field(merged, 'maxRssKb') ?? field(merged, 'maxrss_kb');
  if (typeof rss !== 'number') throw new Error(`invalid maxRssKb: ${String(rss)}`);
  const out: PipelineResult = {
    seconds: { fetch_s: numberField(seconds, 'fetch_s'), frames_s: numberField(seconds, 'frames_s') },
    requests: numberField(merged, 'requests'),
    rows: numberRecord(merged, 'rows'),
    totals: numberRecord(merged, 'totals'),
    maxRssKb: rss,
  };
  if (seconds['charts_s'] !== undefined) out.seconds.charts_s = seconds['charts_s'];
  if (seconds['export_s'] !== undefined) out.seconds.export_s = seconds['export_s'];
  return out;
}
