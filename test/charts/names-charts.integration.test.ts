import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageClient, loadDirectory, type Directory } from '../../lib/api/index';
import {
  barByGroup,
  otherProjectsPie,
  requestsByModelProjectChart,
  requestsByProjectPie,
  sharePie,
  usageLineChart,
} from '../../lib/charts/index';
import { startEmulator, type RunningEmulator, HOSTILE_FORMULA, HOSTILE_NAME } from '../../lib/emulator/index';
import {
  bucketStarts,
  costBy,
  costTable,
  nameResolver,
  recordsFrame,
  requestsByModelProject,
  requestsByProject,
  sumBy,
  timeSeries,
  toCsv,
  usageTable,
  withNames,
  type Names,
  type UsageTable,
} from '../../lib/frames/index';
import { DAY, NOW, testKey } from '../emulator/helpers';
import { rawMarkup, stringValues } from './figure-strings';

let emu: RunningEmulator;
let client: UsageClient;
let dir: Directory;
let names: Names;
let byProject: UsageTable<'completions'>;
let people: UsageTable<'completions'>;
const key = testKey();
const range = { start_time: NOW - 30 * DAY, end_time: NOW };

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { hostileNames: true } });
  client = new UsageClient({ apiKey: key, baseURL: emu.baseURL });
  dir = await loadDirectory(client);
  names = nameResolver(dir);
  byProject = usageTable(
    'completions',
    await client.fetchAll('completions', { ...range, group_by: ['model', 'project_id'] }),
  );
  people = usageTable(
    'completions',
    await client.fetchAll('completions', { ...range, group_by: ['user_id', 'api_key_id'] }),
  );
});
after(async () => {
  client.close();
  await emu.close();
});

function projectName(id: string): string {
  return dir.projects.find((p) => p.id === id)?.name ?? id;
}

test('stacked bars: one series per project ID, legends show names, the two projects sharing a name stay apart', () => {
  const data = requestsByModelProject(byProject);
  const fig = requestsByModelProjectChart(data, { names: names.labels('project_id') });
  assert.equal(fig.data.length, data.projects.length);
  assert.equal(fig.title, 'Total Model Requests by Model and Project');
  const legends = fig.data.map((t) => t.name ?? '');
  assert.equal(
    new Set(legends.map((l) => l.replace(/ \(Total: .*$/, ''))).size,
    data.projects.length,
    'no two legends alike',
  );
  const shared = dir.projects.filter((p) => p.name === 'Support Assistant');
  assert.equal(shared.length, 2);
  for (const p of shared)
    assert.ok(
      legends.some((l) => l.startsWith(`Support Assistant (…${p.id.slice(-5)})`)),
      `${p.id} in ${legends.join(' | ')}`,
    );
  fig.data.forEach((trace, i) => {
    const id = data.projects[i] ?? '';
    assert.ok(trace.type === 'bar');
    assert.match(String(trace.customdata[0]?.[0]), new RegExp(`<br>ID: ${id}$`), 'the ID is on hover');
    assert.ok(!(trace.name ?? '').includes(id) || projectName(id) === id);
  });
  assert.deepEqual(rawMarkup(fig), [], 'the hostile project name is escaped like every label');
  assert.ok(stringValues(fig).some((s) => s.includes('&lt;img src=x onerror=alert(1)&gt;')));
  assert.ok(!stringValues(fig).some((s) => s.includes(HOSTILE_NAME)));
});

test('project pies show names with the ID on hover; "Other" keeps its meaning', () => {
  const split = requestsByProject(byProject);
  const pie = requestsByProjectPie(split, { names: names.labels('project_id') });
  const trace = pie.data[0];
  assert.ok(trace?.type === 'pie');
  const expected = split.main.map((s) =>
    s.label === 'Other' ? 'Other' : (names.labels('project_id').get(s.label) ?? s.label),
  );
  assert.deepEqual(
    [...trace.labels].sort(),
    // Markup escaped; a bidi override shown visibly (\u202E) so it cannot reorder the label.
    expected
      .map((l) =>
        l
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/\u202E/g, '\\u202E'),
      )
      .sort(),
  );
  assert.ok(trace.customdata.some((c) => /<br>ID: proj_/.test(String(c[0]))));
  assert.deepEqual(rawMarkup(pie), []);
  const other = otherProjectsPie(split, { names: names.labels('project_id') });
  assert.ok(other !== null);
  const otherTrace = other.data[0];
  assert.ok(otherTrace?.type === 'pie');
  assert.equal(otherTrace.labels.length, split.other.length);
  assert.ok(
    otherTrace.labels.every((l) => !l.startsWith('proj_')),
    'every folded project has a name',
  );
});

test('bars per user show emails and per key show key names; a key the directory does not know shows its ID, no ID line', () => {
  const byUser = sumBy(people, ['user_id'], 'num_model_requests');
  const userFig = barByGroup(byUser, {
    id: 'requests-by-user',
    title: 'Users',
    labelKey: 'user_id',
    valueLabel: 'Requests',
    names: names.labels('user_id'),
  });
  const bars = userFig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.ok(
    bars.y
      .map(String)
      .filter((y) => !/^Other|^\(no user: service-account keys\)$/.test(y))
      .every((y) => y.includes('@') || y.includes('&lt;')),
    'emails',
  );
  const byKey = sumBy(people, ['api_key_id'], 'num_model_requests');
  const deleted = byKey.map((g) => g.keys['api_key_id'] ?? '').filter((id) => !dir.apiKeys.some((k) => k.id === id));
  assert.equal(deleted.length, 1, 'the deleted key has usage');
  const keyFig = barByGroup(byKey, {
    id: 'requests-by-api-key',
    title: 'Keys',
    labelKey: 'api_key_id',
    valueLabel: 'Requests',
    names: names.labels('api_key_id'),
  });
  const keyBars = keyFig.data[0];
  assert.ok(keyBars?.type === 'bar');
  const at = keyBars.y.map(String).indexOf(deleted[0] ?? '');
  assert.ok(at >= 0, 'the unknown key is labelled by its ID');
  assert.doesNotMatch(String(keyBars.customdata[at]?.[0]), /ID:/);
  assert.equal(keyBars.y.length, byKey.length);
  assert.deepEqual(rawMarkup([userFig, keyFig]), []);
});

test('lines per project and the cost pie per project are named too', async () => {
  const buckets = await client.fetchAll('completions', {
    start_time: NOW - 3 * DAY,
    end_time: NOW,
    bucket_width: '1h',
    group_by: ['project_id'],
  });
  const ts = timeSeries(usageTable('completions', buckets), 'input_tokens', 'project_id', bucketStarts(buckets));
  const line = usageLineChart(ts, { metric: 'input_tokens', bucketWidth: '1h', names: names.labels('project_id') });
  assert.equal(line.data.length, ts.series.length);
  assert.ok(line.data.every((t) => !(t.name ?? '').startsWith('proj_')));
  const costs = costTable(await client.fetchAll('costs', { ...range, group_by: ['project_id'] }));
  const pie = sharePie(costBy(costs, 'project_id'), {
    id: 'cost-by-project-pie',
    title: 'Cost',
    labelKey: 'project_id',
    valueFormat: 'currency',
    otherThreshold: 0,
    names: names.labels('project_id'),
  });
  const trace = pie.data[0];
  assert.ok(trace?.type === 'pie');
  assert.ok(trace.labels.every((l) => !l.startsWith('proj_')));
  assert.deepEqual(rawMarkup([line, pie]), []);
});

test('without names the charts are exactly as before', () => {
  const data = requestsByModelProject(byProject);
  assert.deepEqual(
    requestsByModelProjectChart(data, { names: new Map() }).data,
    requestsByModelProjectChart(data).data,
  );
  assert.equal(requestsByModelProjectChart(data).title, 'Total Model Requests by Model and Project ID');
  assert.equal(
    requestsByModelProjectChart(data, { names: new Map() }).title,
    'Total Model Requests by Model and Project ID',
  );
  assert.throws(
    () => requestsByModelProjectChart(data, { names: { a: 'b' } as unknown as Map<string, string> }),
    /invalid names/,
  );
});

test('the CSV of a named table carries ID and name, a formula-like key name neutralised', () => {
  const rows = sumBy(people, ['api_key_id'], 'num_model_requests').map((g) => ({ ...g.keys, value: g.value }));
  const csv = toCsv(recordsFrame(withNames(rows, names)));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'api_key_id,api_key_name,value');
  const hostileKey = dir.apiKeys.find((k) => k.name === HOSTILE_FORMULA);
  assert.ok(hostileKey !== undefined);
  const line = lines.find((l) => l.startsWith(`${hostileKey.id},`));
  assert.ok(line !== undefined, 'the hostile key has usage');
  assert.ok(line.startsWith(`${hostileKey.id},"'=HYPERLINK(`), line);
});
