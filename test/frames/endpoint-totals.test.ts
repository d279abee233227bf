import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireVectorStoresResult } from '../../lib/catalogue/index';
import { endpointTotals } from '../../lib/frames/endpoint-totals';
import { usageTable } from '../../lib/frames/usage-table';

test('endpointTotals sums counts over buckets and takes a gauge (usage_bytes) at the latest bucket only', () => {
  const vs = (start: number, bytes: number[]): WireBucket<WireVectorStoresResult> => ({
    object: 'bucket',
    start_time: start,
    end_time: start + 86_400,
    results: bytes.map((b) => ({
      object: 'organization.usage.vector_stores.result',
      usage_bytes: b,
      project_id: null,
    })),
  });
  // Two stores: 100 + 50 bytes yesterday, 120 + 60 today: storage now is 180, not 330.
  const table = usageTable('vector_stores', [vs(0, [100, 50]), vs(86_400, [120, 60])]);
  assert.deepEqual(endpointTotals(table), [{ endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 180 }]);
  const images = usageTable('images', [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 86_400,
      results: [{ object: 'organization.usage.images.result', images: 2, num_model_requests: 1 }],
    },
    {
      object: 'bucket',
      start_time: 86_400,
      end_time: 172_800,
      results: [{ object: 'organization.usage.images.result', images: 5, num_model_requests: 3 }],
    },
  ]);
  assert.deepEqual(endpointTotals(images), [
    { endpoint: 'images', metric: 'images', total: 7 },
    { endpoint: 'images', metric: 'num_model_requests', total: 4 },
  ]);
  assert.deepEqual(endpointTotals(usageTable('vector_stores', [])), [
    { endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 0 },
  ]);
});
