// Notebook 05 headless from a store of two organizations with same-named projects: no request at either server, an
// organization column in alert_replay_events.csv, and each organization's events exactly those of replayAlerts run on
// that organization alone, over its own raw API costs and the spend limits its server serves.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseAlertRules, replayAlerts, type CostDay } from '../../lib/alerts/index';
import type { RunningEmulator } from '../../lib/emulator/index';
import { getAllBuckets } from '../emulator/helpers';
import { requireNotebookSetup, runHeadless, type HeadlessRun } from '../helpers/notebook-env-check';
import {
  servedBudgets,
  startTwoOrganizations,
  requestsReceived,
  twoOrganizationsEnv,
  syncTwoOrganizations,
  TWO_ORGANIZATIONS as ORGS,
} from '../helpers/two-organizations';

const NOW = 1_764_590_123; // not bucket-aligned, like a real run
const DAY = 86_400;
const base = mkdtempSync(path.join(tmpdir(), 'replay-orgs-'));
const storeFile = path.join(base, 'two-orgs.duckdb');
const rulesFile = path.join(base, 'rules.yaml');
const out = path.join(base, 'out');
// Budgets from each organization's own spend limits (no amount), spikes, new projects: what differs between the two.
const RULES = `channels:
  team: { type: slack, url_env: NOT_SET_ANYWHERE }
rules:
  - { name: limit, type: budget, thresholds: [0.1, 0.3], forecast: false, notify: [team] }
  - { name: project limit, type: budget, per: project, thresholds: [0.2, 0.5], forecast: false, notify: [team] }
  - { name: spikes, type: anomaly, notify: [team] }
  - { name: new, type: new_spender, kinds: [project], notify: [team] }
`;
let emulators: RunningEmulator[] = [];
let run: HeadlessRun | undefined;

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

before(async () => {
  requireNotebookSetup();
  writeFileSync(rulesFile, RULES);
  emulators = await startTwoOrganizations(NOW);
  await syncTwoOrganizations(storeFile, emulators, { now: NOW, since: NOW - 61 * DAY, endpoints: ['costs'] });
  for (const e of emulators) e.resetRequests();
  run = await runHeadless(['--notebook', '05', '--out', out, '--source', 'store'], {
    USAGE_NOW: String(NOW),
    USAGE_STORE_URL: storeFile,
    USAGE_ALERTS: rulesFile,
    ...twoOrganizationsEnv(emulators),
  });
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  rmSync(base, { recursive: true, force: true });
});

test('notebook 05 from the store: no request at either organization', () => {
  assert.equal(run?.code, 0, run?.log);
  assert.deepEqual(requestsReceived(emulators), [[], []]);
});

test("each organization's events are replayAlerts on that organization alone, its raw costs and served limits", async () => {
  const [header, ...rows] = parseCsv(readFileSync(path.join(out, 'data', 'alert_replay_events.csv'), 'utf8').trimEnd());
  assert.deepEqual(header, ['organization', 'day', 'rule', 'scope', 'period', 'state', 'message']);
  // The store holds whole days: the first one widened, as the notebook's 60 days read it.
  const start = Math.floor((NOW - 60 * DAY) / DAY) * DAY;
  // By project and line item: the API's api_key_id grouping starts after this range (the notebook's queries too).
  const costs: CostDay[][] = [];
  for (const emu of emulators) {
    const own: CostDay[] = [];
    const q = `start_time=${start}&end_time=${NOW}&bucket_width=1d&limit=31&group_by[]=project_id&group_by[]=line_item`;
    for (const b of await getAllBuckets(emu.baseURL, `/organization/costs?${q}`, emu.adminKey))
      for (const r of b.results) {
        const a = r['amount'];
        const id = (k: string): string | null => {
          const v = r[k];
          return typeof v === 'string' ? v : null;
        };
        own.push({
          date: new Date(b.start_time * 1000).toISOString().slice(0, 10),
          projectId: id('project_id'),
          projectName: null,
          apiKeyId: id('api_key_id'),
          apiKeyName: null,
          lineItem: id('line_item'),
          amount: typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0,
        });
      }
    costs.push(own);
  }
  const dates = costs
    .flat()
    .map((c) => c.date)
    .sort();
  const range = { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' };
  const rules = parseAlertRules(RULES);
  const columns = (r: readonly string[]): string => r.slice(0, 6).join(' | ');
  for (const [i, o] of ORGS.entries()) {
    const limits = await servedBudgets(emulators[i]);
    const alone = replayAlerts(rules, costs[i] ?? [], {
      ...range,
      organization: o.id,
      organizationName: o.name,
      limits,
    });
    const expected = alone.events.map((e) => columns([o.name, e.day, e.rule, e.scope, e.period, e.state]));
    const got = rows.filter((r) => r[0] === o.name).map(columns);
    assert.deepEqual([...got].sort(), [...expected].sort(), o.name);
    assert.ok(expected.length > 0, `${o.name} has events to compare`);
    assert.ok(
      alone.events.some((e) => e.rule === 'project limit'),
      `${o.name}: its own project's limit fired`,
    );
  }
  assert.equal(rows.length, rows.filter((r) => ORGS.some((o) => o.name === r[0])).length, 'no other organization');
});
