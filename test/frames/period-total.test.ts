import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { periodTotal, usageTable } from '../../lib/frames/index';
import { bucket, pageBody, startScriptedServer, testKey } from '../helpers/scripted-server';

const S = 1_700_006_400;
const DAY = 86_400;
const stored = (bytes: number, project: string): object => ({
  object: 'organization.usage.vector_stores.result',
  usage_bytes: bytes,
  project_id: project,
});

test('the "latest" vector-store level is the newest bucket by time, even when buckets arrive out of order', async () => {
  // Newest day (S + 2 days) sent first: the last row is not the latest.
  const server = await startScriptedServer(() => ({
    body: pageBody(
      [
        bucket(S + 2 * DAY, [stored(500, 'a'), stored(70, 'b')]),
        bucket(S, [stored(100, 'a')]),
        bucket(S + DAY, [stored(300, 'a')]),
      ],
      null,
    ),
  }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    const table = usageTable(
      'vector_stores',
      await client.fetchAll('vector_stores', { start_time: S, end_time: S + 3 * DAY }, { concurrency: 1 }),
    );
    assert.equal(periodTotal(table, 'usage_bytes'), 570);
  } finally {
    client.close();
    await server.close();
  }
});

test('a flow metric is summed over every bucket', async () => {
  const server = await startScriptedServer(() => ({
    body: pageBody(
      [
        bucket(S + DAY, [{ object: 'organization.usage.code_interpreter_sessions.result', num_sessions: 4 }]),
        bucket(S, [{ object: 'organization.usage.code_interpreter_sessions.result', num_sessions: 3 }]),
      ],
      null,
    ),
  }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    const table = usageTable(
      'code_interpreter_sessions',
      await client.fetchAll('code_interpreter_sessions', { start_time: S, end_time: S + 2 * DAY }, { concurrency: 1 }),
    );
    assert.equal(periodTotal(table, 'num_sessions'), 7);
  } finally {
    client.close();
    await server.close();
  }
});
