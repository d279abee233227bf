import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { barByGroup, requestsByModelProjectChart, sharePie } from '../../lib/charts/index';
import { frameToHtml, requestsByModelProject, sumBy, toCsv, usageFrame, usageTable } from '../../lib/frames/index';
import { bucket, pageBody, startScriptedServer, testKey } from '../helpers/scripted-server';

const S = 1_700_006_400;
const SPOOF = 'rtl\u202Egnp.exe';
const NUL = 'model\u0000hidden';
const ISOLATE = 'a\u2066b\u2069c';

test('bidi overrides and NUL bytes from a server are shown visibly escaped in tables, chart labels and CSV', async () => {
  const server = await startScriptedServer(() => ({
    body: pageBody(
      [
        bucket(S, [
          {
            object: 'organization.usage.completions.result',
            input_tokens: 5,
            output_tokens: 1,
            num_model_requests: 3,
            project_id: SPOOF,
            model: NUL,
          },
          {
            object: 'organization.usage.completions.result',
            input_tokens: 2,
            output_tokens: 1,
            num_model_requests: 1,
            project_id: ISOLATE,
            model: 'gpt-4o',
          },
        ]),
      ],
      null,
    ),
  }));
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  let table;
  try {
    table = usageTable(
      'completions',
      await client.fetchAll(
        'completions',
        { start_time: S, end_time: S + 86_400, group_by: ['project_id', 'model'] },
        { concurrency: 1 },
      ),
    );
  } finally {
    client.close();
    await server.close();
  }
  // eslint-disable-next-line no-control-regex -- the NUL is what the test looks for
  const raw = /[\u0000\u202E\u2066\u2069]/;
  const html = frameToHtml(usageFrame(table), { title: `Costs of ${SPOOF}` });
  const csv = toCsv(usageFrame(table));
  const groups = sumBy(table, ['project_id'], 'num_model_requests');
  const figures = [
    sharePie(groups, { id: 'p', title: 'Share', labelKey: 'project_id', valueLabel: 'Requests' }),
    barByGroup(groups, { id: 'b', title: 'Requests', labelKey: 'project_id', valueLabel: 'Requests' }),
    requestsByModelProjectChart(requestsByModelProject(table)),
  ];
  for (const [name, text] of [
    ['html', html],
    ['csv', csv],
    ...figures.map((f) => [f.id, JSON.stringify([f.data, f.layout, f.title, f.subtitle])]),
  ]) {
    assert.ok(!raw.test(text ?? ''), `${name} holds a raw control or bidi character`);
  }
  for (const text of [html, csv]) {
    assert.ok(text.includes('rtl\\u202Egnp.exe'), text);
    assert.ok(text.includes('model\\u0000hidden'));
    assert.ok(text.includes('a\\u2066b\\u2069c'));
  }
  assert.ok(html.includes('<caption>Costs of rtl\\u202Egnp.exe</caption>'));
  const pie = figures[0]?.data[0];
  assert.ok(pie !== undefined && pie.type === 'pie');
  assert.deepEqual([...pie.labels].sort(), ['a\\u2066b\\u2069c', 'rtl\\u202Egnp.exe']);
  const modelTicks = JSON.stringify(figures[2]?.layout.xaxis);
  assert.ok(
    JSON.stringify(figures[2]?.data).includes('model\\\\u0000hidden') || modelTicks.includes('model\\\\u0000hidden'),
  );
});
