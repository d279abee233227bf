import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { BucketWidth, EndpointName } from '../../lib/catalogue/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { tempDir } from './helpers';

const DAY = 86_400;
const HOUR = 3_600;
const D0 = 1_735_689_600; // 2025-01-01

describe('coverage of one endpoint in one read', () => {
  const tmp = tempDir('coverage-table-');
  after(() => tmp.remove());

  test('coverageOf(endpoint) is coverageKeys() with each key’s coverage(): organizations, groupings, widths, gaps', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'coverage.duckdb'));
    try {
      const write = async (
        organizationId: string,
        endpoint: EndpointName,
        grouping: string,
        width: BucketWidth,
        start: number,
        end: number,
      ): Promise<void> => {
        await store.writeWindow({
          organizationId,
          endpoint,
          grouping,
          width,
          start,
          end,
          final: end < D0 + 5 * DAY,
          syncedAt: end,
          buckets: [],
        });
      };
      await write('org-b', 'costs', 'project_id,line_item', '1d', D0, D0 + 3 * DAY);
      // A gap: [3, 4) days missing.
      await write('org-b', 'costs', 'project_id,line_item', '1d', D0 + 4 * DAY, D0 + 6 * DAY);
      await write('org-a', 'costs', 'project_id', '1d', D0, D0 + 2 * DAY);
      await write('org-a', 'costs', '', '1d', D0 + DAY, D0 + 2 * DAY);
      await write('org-a', 'completions', 'model', '1h', D0, D0 + 5 * HOUR);
      await write('org-a', 'completions', 'model', '1d', D0, D0 + DAY);
      for (const endpoint of ['costs', 'completions', 'embeddings'] as const) {
        const expected = [];
        for (const key of (await store.coverageKeys()).filter((k) => k.endpoint === endpoint))
          expected.push({ ...key, intervals: await store.coverage(key) });
        const got = await store.coverageOf(endpoint);
        assert.deepEqual(got, expected, endpoint);
      }
      assert.equal((await store.coverageOf('costs')).length, 3, 'three groupings of costs, two organizations');
    } finally {
      await store.close();
    }
  });
});
