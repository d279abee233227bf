// Rows for the export tests: what a sync writes, with the text a CSV writer must not break.
import type { UsageStore } from '../../lib/store/store';

export const T0 = 1_739_059_200;
const DAY = 86_400;

/** A line item with a comma, quotes and a line break, as hostile as real line items get (and more). */
export const HOSTILE_ITEM = 'gpt-4o, input "batch"\nline two';

/** Writes costs, completions and a directory into `store`, for organization `org`. */
export async function writeSample(store: UsageStore, org = 'org-export'): Promise<void> {
  await store.writeWindow({
    organizationId: org,
    endpoint: 'costs',
    grouping: 'project_id,line_item',
    width: '1d',
    start: T0,
    end: T0 + 2 * DAY,
    buckets: [
      {
        object: 'bucket',
        start_time: T0,
        end_time: T0 + DAY,
        results: [
          {
            object: 'organization.costs.result',
            amount: { value: 1.25, currency: 'usd' },
            quantity: 3_000_000,
            quantity_unit: 'tokens',
            project_id: 'proj_a',
            line_item: HOSTILE_ITEM,
            surprise: { nested: [1, 'two'] },
          },
          { object: 'organization.costs.result', amount: { value: 0.5, currency: 'usd' }, project_id: null },
        ],
      },
    ],
    final: true,
    syncedAt: T0 + 3 * DAY,
  });
  await store.writeWindow({
    organizationId: org,
    endpoint: 'completions',
    grouping: 'batch',
    width: '1d',
    start: T0,
    end: T0 + DAY,
    buckets: [
      {
        object: 'bucket',
        start_time: T0,
        end_time: T0 + DAY,
        results: [
          { input_tokens: 10, output_tokens: 2, num_model_requests: 1, batch: true },
          { input_tokens: 9_007_199_254_740_991, output_tokens: 0, num_model_requests: 3, batch: false },
        ],
      },
    ],
    final: false,
    syncedAt: T0 + DAY,
  });
  await store.replaceDirectory(
    org,
    [{ kind: 'project', id: 'proj_a', name: 'Ann\'s, "main"', parent_id: null, attributes: { archived: false } }],
    T0,
  );
}
