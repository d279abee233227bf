import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { apiSourceShareChart, formatPercent } from '../../lib/charts/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { costBy, costTable, sumBy, usageTable } from '../../lib/frames/index';
import { rawMarkup } from './figure-strings';

const NOW = 1_767_271_234;
const START = NOW - 30 * 86_400;
let emu: RunningEmulator;
let client: UsageClient;
before(async () => {
  emu = await startEmulator({ now: () => NOW });
  client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
});
after(async () => {
  client.close();
  await emu.close();
});

/** Sums amounts per api_source straight from the emulator's JSON, with plain fetch (independent of the library). */
async function rawSpend(): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  let page: string | null = null;
  do {
    const url = `${emu.baseURL}/organization/costs?start_time=${START}&end_time=${NOW}&group_by=api_source&limit=180${page === null ? '' : `&page=${page}`}`;
    const json = (await (await fetch(url, { headers: { authorization: `Bearer ${emu.adminKey}` } })).json()) as {
      data: { results: { api_source: string | null; amount: { value: number } }[] }[];
      next_page: string | null;
    };
    for (const b of json.data)
      for (const r of b.results) sums.set(String(r.api_source), (sums.get(String(r.api_source)) ?? 0) + r.amount.value);
    page = json.next_page;
  } while (page !== null);
  return sums;
}

test('spend by api_source: slices per source and the Agents API share in the subtitle match the raw JSON', async () => {
  const table = costTable(
    await client.fetchAll('costs', { start_time: START, end_time: NOW, group_by: ['api_source'] }),
  );
  const fig = apiSourceShareChart(costBy(table, 'api_source'));
  const raw = await rawSpend();
  const total = [...raw.values()].reduce((a, v) => a + v, 0);
  const agents = raw.get('agents_api') ?? 0;
  assert.ok(agents > 0 && agents < total);
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  const byLabel = new Map(pie.labels.map((l, i) => [l, pie.values[i] ?? 0]));
  assert.ok(Math.abs((byLabel.get('Agents API') ?? 0) - agents) < 1e-9 * total);
  assert.ok(Math.abs((byLabel.get('Other APIs (unlabeled)') ?? 0) - (raw.get('unlabeled') ?? 0)) < 1e-9 * total);
  // Spend that is not model traffic (storage, tool sessions) has no api_source: its own slice, not dropped.
  assert.ok(
    Math.abs((byLabel.get('No API source (storage, tools, other endpoints)') ?? 0) - (raw.get('null') ?? 0)) <
      1e-9 * total,
  );
  assert.match(
    fig.subtitle ?? '',
    new RegExp(`^Agents API: ${formatPercent(agents / total).replace('.', '\\.')} · Total: `),
  );
  assert.equal(fig.layout.title.subtitle?.text, fig.subtitle);
  assert.equal(fig.title, 'Spend by API Source');
  assert.deepEqual(rawMarkup(fig), []);
});

test('requests by api_source from completions, and clear errors for data not grouped by it', async () => {
  const usage = usageTable(
    'completions',
    await client.fetchAll('completions', { start_time: START, end_time: NOW, group_by: ['api_source'] }),
  );
  const groups = sumBy(usage, ['api_source'], 'num_model_requests');
  const fig = apiSourceShareChart(groups, { valueFormat: 'count' });
  assert.equal(fig.title, 'Model Requests by API Source');
  const total = groups.reduce((a, g) => a + g.value, 0);
  const agents = groups.find((g) => g.keys['api_source'] === 'agents_api')?.value ?? 0;
  assert.ok(agents > 0);
  assert.match(fig.subtitle ?? '', new RegExp(`^Agents API: ${formatPercent(agents / total).replace('.', '\\.')}`));
  assert.throws(() => apiSourceShareChart([{ keys: { model: 'x' }, value: 1 }]), /not grouped by api_source/);
  assert.equal(apiSourceShareChart([]).data.length, 0);
});
