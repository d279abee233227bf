import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { requestsByModelProjectChart } from '../../lib/charts/index';
import { requestsByModelProject, usageTable } from '../../lib/frames/index';
import { bucket, pageBody, startScriptedServer, testKey } from '../helpers/scripted-server';

const S = 1_700_006_400;

test('requestsByModelProjectChart with 50,000 models folds past the top 30 and says so in the subtitle', async () => {
  const n = 50_000;
  // Model i gets i + 1 requests: the busiest 30 are the last 30; projects alternate between three.
  const results = Array.from({ length: n }, (_, i) => ({
    object: 'organization.usage.completions.result',
    input_tokens: 1,
    output_tokens: 1,
    num_model_requests: i + 1,
    model: `m-${String(i).padStart(5, '0')}`,
    project_id: `proj_${i % 3}`,
  }));
  const server = await startScriptedServer(() => ({ body: pageBody([bucket(S, results)], null) }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  let fig;
  try {
    const table = usageTable(
      'completions',
      await client.fetchAll(
        'completions',
        { start_time: S, end_time: S + 86_400, group_by: ['model', 'project_id'] },
        { concurrency: 1 },
      ),
    );
    fig = requestsByModelProjectChart(requestsByModelProject(table));
  } finally {
    client.close();
    await server.close();
  }
  const size = JSON.stringify(fig).length;
  assert.ok(size < 200_000, `figure is ${size} characters`);
  const total = (n * (n + 1)) / 2;
  const drawn = fig.data.reduce(
    (acc, t) => acc + (t.type === 'bar' ? t.y.reduce<number>((a, v) => a + Number(v), 0) : 0),
    0,
  );
  assert.equal(drawn, total, 'nothing dropped: the folded models are in "Other"');
  const x = fig.data[0]?.type === 'bar' ? fig.data[0].x : [];
  const expectedTop = Array.from({ length: 30 }, (_, k) => `m-${String(n - 30 + k).padStart(5, '0')}`);
  assert.deepEqual(x, [...expectedTop, 'Other (49970 models)']);
  assert.match(fig.subtitle ?? '', /50000 models · 3 projects \(top 30 models shown, 49970 more as "Other"\)/);
});
