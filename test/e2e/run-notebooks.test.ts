import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { requireNotebookSetup, runHeadless } from '../helpers/notebook-env-check';

// The README's first command path: `npm start` = scripts/run-notebooks.ts, here pointed at a test emulator with a
// fixed "now", so every chart can be checked against raw API JSON summed with plain loops.
const NOW = 1_767_271_234; // 2026-01-01 12:40:34 UTC, not bucket-aligned like a real run
const DAY = 86_400;
const KEY = `sk-admin-test-${randomBytes(8).toString('hex')}`;
const out = mkdtempSync(path.join(tmpdir(), 'run-notebooks-'));
const run: { code: number | null; log: string } = { code: null, log: '' };
let emulator: RunningEmulator | undefined;

interface RawBucket {
  start_time: number;
  end_time: number;
  results: Record<string, unknown>[];
}
interface Trace {
  name?: string;
  orientation?: string;
  x?: unknown[];
  y?: unknown[];
  labels?: string[];
  values?: number[];
  customdata?: string[][];
}

async function raw(endpoint: string, params: Record<string, string | string[]>): Promise<RawBucket[]> {
  if (emulator === undefined) throw new Error('emulator not started');
  const buckets: RawBucket[] = [];
  let page: string | null = null;
  do {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      for (const item of Array.isArray(v) ? v : [v]) q.append(Array.isArray(v) ? `${k}[]` : k, item);
    if (page !== null) q.set('page', page);
    const res = await fetch(`${emulator.baseURL}/organization/${endpoint}?${q.toString()}`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { data: RawBucket[]; next_page: string | null };
    buckets.push(...body.data);
    page = body.next_page;
  } while (page !== null);
  return buckets;
}

/** Project ID → name, read from the emulator's directory with plain fetch. */
async function directoryNames(): Promise<Map<string, string>> {
  if (emulator === undefined) throw new Error('emulator not started');
  const res = await fetch(`${emulator.baseURL}/organization/projects?include_archived=true&limit=100`, {
    headers: { Authorization: `Bearer ${KEY}` },
  });
  const body = (await res.json()) as { data: { id: string; name: string }[] };
  return new Map(body.data.map((p) => [p.id, p.name]));
}

const range = (days: number): Record<string, string> => ({
  start_time: String(NOW - days * DAY),
  end_time: String(NOW),
});
const num = (r: Record<string, unknown>, k: string): number => {
  const v = r[k];
  return typeof v === 'number' ? v : 0;
};
const amount = (r: Record<string, unknown>): number => {
  const a = r['amount'];
  return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
};
function totals(buckets: RawBucket[], key: string, value: (r: Record<string, unknown>) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of buckets) for (const r of b.results) m.set(String(r[key]), (m.get(String(r[key])) ?? 0) + value(r));
  return m;
}
const sum = (xs: readonly unknown[]): number => xs.reduce((a: number, b) => a + (typeof b === 'number' ? b : NaN), 0);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Plotly JSON outputs of the executed notebooks, by figure id. */
function figures(): Map<string, Trace[]> {
  const figs = new Map<string, Trace[]>();
  for (const file of readdirSync(path.join(out, 'notebooks'))) {
    const nb = JSON.parse(readFileSync(path.join(out, 'notebooks', file), 'utf8')) as {
      cells: {
        outputs?: { metadata?: { 'usage-notebooks'?: { id?: string } }; data?: Record<string, { data?: Trace[] }> }[];
      }[];
    };
    for (const cell of nb.cells)
      for (const o of cell.outputs ?? []) {
        const id = o.metadata?.['usage-notebooks']?.id;
        const data = o.data?.['application/vnd.plotly.v1+json']?.data;
        if (id !== undefined && data !== undefined) figs.set(id, data);
      }
  }
  return figs;
}

before(async () => {
  requireNotebookSetup();
  emulator = await startEmulator({ port: 0, adminKeys: [KEY] });
  Object.assign(
    run,
    await runHeadless(['--out', out, '--jobs', '3'], {
      OPENAI_ADMIN_KEY: KEY,
      OPENAI_BASE_URL: emulator.baseURL,
      USAGE_NOW: String(NOW),
    }),
  );
});

after(async () => {
  await emulator?.close();
  rmSync(out, { recursive: true, force: true });
});

const CHART_IDS = [
  'token-usage',
  'requests-by-model-project',
  'requests-by-project-pie',
  'requests-other-projects-pie',
  'cost-per-day',
  'cost-by-line-item',
  'requests-by-user',
  'requests-by-api-key',
  'tokens-over-time',
  'model-share-pie',
  'cost-by-project-pie',
  'api-source-share',
  'billed-vs-estimated',
  'forecast',
  'anomalies-project-spend',
  'cost-by-api-key',
  'cost-by-user',
  'local-days',
  'cost-by-organization',
  'alert-replay',
  'alert-replay-month',
  'cost-by-organization-project',
];
const NOTEBOOKS = ['01_completions_usage', '02_costs', '03_more_insights', '04_spend_insights', '05_alerts'];

test('the headless run executes every notebook without error and writes every output file', () => {
  assert.equal(run.code, 0, run.log);
  for (const nb of NOTEBOOKS) assert.ok(existsSync(path.join(out, 'notebooks', `${nb}.ipynb`)), nb);
  for (const id of CHART_IDS) {
    for (const ext of ['html', 'json']) assert.ok(existsSync(path.join(out, 'charts', `${id}.${ext}`)), `${id}.${ext}`);
  }
  assert.ok(existsSync(path.join(out, 'charts', 'plotly.min.js')));
  for (const frame of [
    'completions_usage',
    'completions_by_model_project',
    'costs',
    'costs_by_line_item',
    'cost_per_day_by_line_item',
    'requests_by_user',
    'requests_by_api_key',
    'input_tokens_by_model',
    'cost_by_project',
    'cost_by_api_source',
    'endpoint_overview',
    'reconciliation',
    'savings',
    'anomalies',
    'allocation',
    'unpriced_models',
    'cost_by_organization',
    'alert_replay_events',
    'alert_replay_rules',
    'organizations',
  ]) {
    assert.ok(existsSync(path.join(out, 'data', `${frame}.csv`)), frame);
  }
  assert.ok(existsSync(path.join(out, 'data', 'endpoint_overview.json')));
  assert.ok(existsSync(path.join(out, 'data', 'forecast.json')));
  const report = readFileSync(path.join(out, 'report.html'), 'utf8');
  for (const id of CHART_IDS) assert.ok(report.includes(`id="${id}"`), `report has ${id}`);
  assert.ok(!/<script[^>]*\ssrc=/.test(report), 'the report loads no script file: it works copied alone');
  assert.equal(report.match(/plotly\.js v\d/g)?.length, 1, 'plotly.js embedded once');
  // Live mode (a key) against the test emulator: the report says what it covers.
  const iso = (s: number): string => new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ');
  // The combined report covers the union of the notebooks' ranges, and says which covers what: 04 looks back 45
  // days, 05 replays 60, the others 30 (as their charts' "Last 30 Days" say).
  const spans =
    '(last 30 days: 01_completions_usage, 02_costs, 03_more_insights; last 45 days: 04_spend_insights; ' +
    'last 60 days: 05_alerts)';
  assert.ok(report.includes(`<dt>Range</dt><dd>${iso(NOW - 60 * DAY)} to ${iso(NOW)} UTC ${spans}</dd>`), 'range');
  assert.ok(
    report.includes('<dt>Organization</dt><dd>the organization of the configured admin key</dd>'),
    'organization',
  );
  assert.ok(report.includes(`<dt>Data source</dt><dd>OpenAI Usage and Costs API (${emulator?.baseURL ?? ''})</dd>`));
  assert.match(report, /<dt>Generated<\/dt><dd>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/dd>/);
  for (const nb of NOTEBOOKS) {
    const page = readFileSync(path.join(out, `report-${nb}.html`), 'utf8');
    assert.ok(!/<script[^>]*\ssrc=/.test(page) && page.match(/plotly\.js v\d/g)?.length === 1, `${nb}: self-contained`);
  }
  assert.ok(existsSync(path.join(out, 'token-usage.html')), "01's saveChart() call");
});

test('no output, log or notebook contains the admin key or any sk-admin- prefix', () => {
  assert.ok(!run.log.includes(KEY) && !run.log.includes('sk-admin-'));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(out)) assert.ok(!readFileSync(file, 'utf8').includes('sk-admin-'), file);
});

test('the token chart shows the per-bucket sums of the raw completions JSON', async () => {
  const buckets = await raw('usage/completions', { ...range(30), bucket_width: '1d' });
  const [input, output] = figures().get('token-usage') ?? [];
  assert.deepEqual(
    input?.y,
    buckets.map((b) => sum(b.results.map((r) => num(r, 'input_tokens')))),
  );
  assert.deepEqual(
    output?.y,
    buckets.map((b) => sum(b.results.map((r) => num(r, 'output_tokens')))),
  );
});

test('the model/project bars and project pies match request totals per project', async () => {
  const buckets = await raw('usage/completions', {
    ...range(30),
    bucket_width: '1d',
    group_by: ['model', 'project_id'],
  });
  const perProject = totals(buckets, 'project_id', (r) => num(r, 'num_model_requests'));
  const total = sum([...perProject.values()]);
  const figs = figures();
  const bars = figs.get('requests-by-model-project') ?? [];
  assert.equal(bars.length, perProject.size);
  // Charts show project names; the ID is on hover ("…<br>ID: proj_…"), which is what the totals are keyed by.
  const idOf = (label: string, hover: unknown): string => /<br>ID: (\S+)$/.exec(String(hover))?.[1] ?? label;
  const names = await directoryNames();
  for (const t of bars) {
    const label = String(t.name).split(' (Total')[0] ?? '';
    const project = idOf(label, t.customdata?.[0]?.[0]);
    assert.equal(sum(t.y ?? []), perProject.get(project), project);
    assert.ok(label.startsWith(names.get(project) ?? project), `${label} names ${project}`);
  }
  const [pie] = figs.get('requests-by-project-pie') ?? [];
  const small = [...perProject].filter(([, v]) => v > 0 && v / total < 0.05);
  assert.ok(small.length > 0, 'the demo data has small projects');
  (pie?.labels ?? []).forEach((label, i) => {
    const expected =
      label === 'Other' ? sum(small.map(([, v]) => v)) : perProject.get(idOf(label, pie?.customdata?.[i]?.[0]));
    assert.equal(pie?.values?.[i], expected, label);
  });
  const [other] = figs.get('requests-other-projects-pie') ?? [];
  assert.deepEqual(
    new Map((other?.labels ?? []).map((l, i) => [idOf(l, other?.customdata?.[i]?.[0]), other?.values?.[i]])),
    new Map(small),
  );
});

test('the cost charts match the raw costs JSON per day and per line item', async () => {
  const daily = await raw('costs', { ...range(30), bucket_width: '1d', limit: '30' });
  const [perDay] = figures().get('cost-per-day') ?? [];
  const expected = daily.map((b) => sum(b.results.map(amount)));
  assert.equal(perDay?.y?.length, expected.length);
  perDay?.y?.forEach((y, i) =>
    assert.ok(close(Number(y), expected[i] ?? NaN), `day ${i}: ${String(y)} vs ${expected[i]}`),
  );
  const items = totals(
    await raw('costs', { ...range(30), bucket_width: '1d', limit: '30', group_by: ['line_item'] }),
    'line_item',
    amount,
  );
  const traces = figures().get('cost-by-line-item') ?? [];
  // The 10 largest line items are their own series; the rest are folded into one "Other (N line items)" series.
  // Free line items (moderations, amount 0) draw nothing and are left out of the chart.
  const ranked = [...items].filter(([, total]) => total !== 0).sort((x, y) => y[1] - x[1]);
  assert.ok(ranked.length < items.size, 'the demo data has free line items');
  const shown = ranked.slice(0, 10);
  const folded = ranked.slice(10);
  assert.equal(traces.length, shown.length + (folded.length > 0 ? 1 : 0));
  shown.forEach(([item, total], i) => {
    const t = traces[i];
    assert.equal(t?.customdata?.[0]?.[1], item, `series ${i} is the ${i + 1}th largest line item`);
    assert.ok(close(sum(t?.y ?? []), total), item);
  });
  if (folded.length > 0) {
    const other = traces[traces.length - 1];
    assert.match(String(other?.name), new RegExp(`^Other \\(${folded.length} line items\\)`));
    assert.ok(close(sum(other?.y ?? []), sum(folded.map(([, total]) => total))), 'folded line items keep their total');
  }
});

test('the extra charts of notebook 03 add up to the raw totals', async () => {
  const figs = figures();
  const people = await raw('usage/completions', {
    ...range(30),
    bucket_width: '1d',
    group_by: ['user_id', 'api_key_id'],
  });
  const requests = sum([...totals(people, 'user_id', (r) => num(r, 'num_model_requests')).values()]);
  for (const id of ['requests-by-user', 'requests-by-api-key']) {
    const [bars] = figs.get(id) ?? [];
    assert.equal(bars?.orientation, 'h');
    assert.equal(sum(bars?.x ?? []), requests, id);
  }
  const hourly = await raw('usage/completions', { ...range(7), bucket_width: '1h', group_by: ['model'] });
  const inputByModel = totals(hourly, 'model', (r) => num(r, 'input_tokens'));
  const lines = figs.get('tokens-over-time') ?? [];
  assert.equal(lines.length, inputByModel.size);
  assert.equal(sum(lines.flatMap((t) => t.y ?? [])), sum([...inputByModel.values()]));
  const monthly = await raw('usage/completions', { ...range(30), bucket_width: '1d', group_by: ['model'] });
  assert.equal(
    sum(figs.get('model-share-pie')?.[0]?.values ?? []),
    sum([...totals(monthly, 'model', (r) => num(r, 'input_tokens')).values()]),
  );
  const costs = await raw('costs', { ...range(30), bucket_width: '1d', limit: '7', group_by: ['project_id'] });
  assert.ok(
    close(
      sum(figs.get('cost-by-project-pie')?.[0]?.values ?? []),
      sum([...totals(costs, 'project_id', amount).values()]),
    ),
  );
  const bySource = totals(
    await raw('costs', { ...range(30), bucket_width: '1d', limit: '7', group_by: ['api_source'] }),
    'api_source',
    amount,
  );
  const [sourcePie] = figs.get('api-source-share') ?? [];
  const agents = (sourcePie?.labels ?? []).findIndex((l) => l === 'Agents API');
  assert.ok(agents >= 0 && close(Number(sourcePie?.values?.[agents]), bySource.get('agents_api') ?? NaN));
  assert.ok(close(sum(sourcePie?.values ?? []), sum([...bySource.values()])));
  const overview = JSON.parse(readFileSync(path.join(out, 'data', 'endpoint_overview.json'), 'utf8')) as {
    endpoint: string;
  }[];
  assert.ok(
    overview.some((row) => row.endpoint === 'decisions'),
    'the overview includes decisions',
  );
});

/** A CSV export of notebook 04 as header + rows (the exports hold no quoted commas in these columns). */
function csv(name: string): { header: string[]; rows: string[][] } {
  const [head = '', ...lines] = readFileSync(path.join(out, 'data', `${name}.csv`), 'utf8')
    .trimEnd()
    .split('\r\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

test("notebook 04 exports exactly the issue's columns, and its billed totals match the raw costs JSON", async () => {
  assert.deepEqual(csv('reconciliation').header, ['date', 'model', 'billed_usd', 'estimated_usd', 'difference_usd']);
  assert.deepEqual(csv('savings').header, ['date', 'model', 'cached_savings_usd', 'batch_savings_usd']);
  assert.deepEqual(csv('anomalies').header, ['date', 'scope', 'key', 'metric', 'value', 'baseline', 'score']);
  assert.deepEqual(csv('allocation').header, ['date', 'project_id', 'api_key_id', 'user_id', 'cost_usd', 'method']);
  const forecast = JSON.parse(readFileSync(path.join(out, 'data', 'forecast.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(forecast), [
    'month',
    'spent_to_date_usd',
    'forecast_usd',
    'low_usd',
    'high_usd',
    'budget_usd',
    'budget_source',
    'crosses_budget_on',
  ]);
  assert.equal(forecast['month'], '2026-01');
  // budget: null in the parameters cell, so the line is the emulated organization's spend limit (500,000 cents).
  assert.deepEqual([forecast['budget_usd'], forecast['budget_source']], [5000, 'spend_limit']);
  // Billed per UTC day: the reconciliation and the allocation both add up to the raw bill of each day.
  const daily = await raw('costs', { ...range(45), bucket_width: '1d', limit: '180' });
  const expected = new Map(
    daily.map((b) => [new Date(b.start_time * 1000).toISOString().slice(0, 10), sum(b.results.map(amount))]),
  );
  for (const [name, column] of [
    ['reconciliation', 2],
    ['allocation', 4],
  ] as const) {
    const got = new Map<string, number>();
    for (const r of csv(name).rows) got.set(r[0] ?? '', (got.get(r[0] ?? '') ?? 0) + Number(r[column]));
    for (const [date, total] of expected)
      assert.ok(
        Math.abs((got.get(date) ?? 0) - total) <= 1e-6 * Math.max(1, total),
        `${name} ${date}: ${got.get(date)} vs ${total}`,
      );
  }
  // Per organization, project and model (one organization here, "default"): cost adds up to the raw bill, tokens and
  // requests to the raw completions usage. Read from the right: a project label may hold a comma.
  const orgs = csv('organizations');
  assert.deepEqual(orgs.header, [
    'organization',
    'project_id',
    'project',
    'model',
    'cost_usd',
    'input_tokens',
    'output_tokens',
    'requests',
  ]);
  const fromRight = (r: string[], i: number): number => Number(r[r.length - i]);
  assert.ok(orgs.rows.every((r) => r[0] === 'default'));
  const billed = sum([...expected.values()]);
  const orgCost = orgs.rows.reduce((a, r) => a + fromRight(r, 4), 0);
  assert.ok(Math.abs(orgCost - billed) <= 1e-6 * billed, `organizations.csv cost ${orgCost} vs ${billed}`);
  const usage = await raw('usage/completions', { ...range(45), bucket_width: '1d', limit: '31' });
  for (const [metric, i] of [
    ['input_tokens', 3],
    ['output_tokens', 2],
    ['num_model_requests', 1],
  ] as const)
    assert.equal(
      orgs.rows.reduce((a, r) => a + fromRight(r, i), 0),
      sum(usage.map((b) => sum(b.results.map((r) => num(r, metric))))),
      metric,
    );
  // Allocation methods by date: estimated before the api_key_id cut-off, the Costs API from it.
  for (const r of csv('allocation').rows) {
    if (r[5] === 'token_share') assert.ok((r[0] ?? '') < '2025-12-06', r.join());
    if (r[5] === 'costs_api') assert.ok((r[0] ?? '') >= '2025-12-06', r.join());
  }
});

/** An RFC 4180 CSV export (quoted fields may hold commas, quotes and line breaks) as header + rows. */
function quotedCsv(name: string): Array<Record<string, string>> {
  const text = readFileSync(path.join(out, 'data', `${name}.csv`), 'utf8');
  const rows: string[][] = [[]];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    rows[rows.length - 1]?.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted || (ch !== '"' && ch !== ',' && ch !== '\r')) field += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else {
      endField();
      rows.push([]);
      if (text[i + 1] === '\n') i++;
    }
  }
  if (field !== '') rows[rows.length - 1]?.push(field);
  const [header = [], ...body] = rows.filter((r) => r.length > 0);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

test('notebook 05 replays the example rules: the spend lines and the budget events match the raw costs JSON', async () => {
  const day = (b: RawBucket): string => new Date(b.start_time * 1000).toISOString().slice(0, 10);
  const daily = await raw('costs', { ...range(60), bucket_width: '1d', limit: '180' });
  const figs = figures();
  const [perDay] = figs.get('alert-replay') ?? [];
  const [monthToDate] = figs.get('alert-replay-month') ?? [];
  assert.deepEqual(perDay?.x, daily.map(day));
  perDay?.y?.forEach((y, i) => assert.ok(close(Number(y), sum(daily[i]?.results.map(amount) ?? [])), `day ${i}`));
  // Budgets by our own running sums (config/alerts.example.yaml): each threshold on the first day reaching it, one
  // event naming the highest when several are crossed at once.
  const crossings = (days: Array<[string, number]>, amount: number, thresholds: number[]): Array<[string, string]> => {
    const outOf: Array<[string, string]> = [];
    const spent = new Map<string, number>();
    for (const [date, usd] of days) {
      const month = date.slice(0, 7);
      const before = spent.get(month) ?? 0;
      spent.set(month, before + usd);
      const hit = thresholds.filter((t) => before < t * amount && before + usd >= t * amount);
      const top = hit[hit.length - 1];
      if (top !== undefined) outOf.push([date, `${month}/${Math.round(top * 100)}%`]);
    }
    return outOf;
  };
  const orgDays: Array<[string, number]> = daily.map((b) => [day(b), sum(b.results.map(amount))]);
  let running = 0;
  monthToDate?.y?.forEach((y, i) => {
    running = (orgDays[i]?.[0].endsWith('-01') ? 0 : running) + (orgDays[i]?.[1] ?? 0);
    assert.ok(close(Number(y), running), `month to date ${i}`);
  });
  const events = quotedCsv('alert_replay_events');
  const budgetEvents = (rule: string): Array<[string, string, string]> =>
    events
      .filter((e) => e['rule'] === rule && !(e['period'] ?? '').endsWith('/forecast'))
      .map((e): [string, string, string] => [e['day'] ?? '', e['scope'] ?? '', e['period'] ?? ''])
      .sort();
  const org = crossings(orgDays, 7500, [0.5, 0.8, 1.0]).map(([d, p]): [string, string, string] => [
    d,
    'organization',
    p,
  ]);
  assert.ok(org.length > 0, 'the example budget fires on this data');
  assert.deepEqual(budgetEvents('monthly budget'), org.sort());
  const byProject = await raw('costs', { ...range(60), bucket_width: '1d', limit: '180', group_by: ['project_id'] });
  const projects = [...new Set(byProject.flatMap((b) => b.results.map((r) => String(r['project_id']))))];
  const perProject = projects.flatMap((id) =>
    crossings(
      byProject.map((b) => [day(b), sum(b.results.filter((r) => r['project_id'] === id).map(amount))]),
      3000,
      [0.8, 1.0],
    ).map(([d, p]): [string, string, string] => [d, `project:${id}`, p]),
  );
  assert.ok(perProject.length > 0, 'the example project budgets fire on this data');
  assert.deepEqual(budgetEvents('project budgets'), perProject.sort());
  // The per-rule table counts the events table.
  for (const r of quotedCsv('alert_replay_rules'))
    assert.equal(Number(r['events']), events.filter((e) => e['rule'] === r['rule']).length, r['rule']);
});
