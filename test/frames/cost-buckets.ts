import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';

const DAY = 86_400;
/** 2026-11-01T00:00Z. */
const NOV_1 = Date.UTC(2026, 10, 1) / 1000;

/** One costs result. */
export function cost(value: number, project: string, line: string, currency = 'usd'): WireCostsResult {
  return {
    object: 'organization.costs.result',
    amount: { value, currency },
    line_item: line,
    project_id: project,
  };
}
/** A daily bucket `day` days after 2026-11-01 (UTC). */
export function bucket(day: number, results: WireCostsResult[]): WireBucket<WireCostsResult> {
  return { object: 'bucket', start_time: NOV_1 + day * DAY, end_time: NOV_1 + (day + 1) * DAY, results };
}

/** Three days of costs, the middle one empty; sums worked out in the tests. */
export const BUCKETS = [
  bucket(0, [cost(1.25, 'proj_a', 'gpt-4o, input'), cost(0.5, 'proj_b', 'gpt-4o, output')]),
  bucket(1, []),
  bucket(2, [
    cost(3, 'proj_a', 'gpt-4o, output'),
    cost(0.1, 'proj_a', 'gpt-4o, input'),
    cost(0.2, 'proj_b', 'gpt-4o, input'),
  ]),
];
