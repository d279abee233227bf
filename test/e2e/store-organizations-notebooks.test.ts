// Issue 17: every notebook with source "store" reads two organizations from one store and makes no request (counted
// at the emulators), notebook 04's spend limits and several-organizations section and notebook 05's replay of each
// organization apart included; each organization's figures there equal its own raw API data.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningEmulator } from '../../lib/emulator/index';
import { getAllBuckets } from '../emulator/helpers';
import { requireNotebookSetup, runHeadless, type HeadlessRun } from '../helpers/notebook-env-check';
// Same dataset shape, other seeds: both organizations have projects called "Production", "Research"…
import {
  startTwoOrganizations,
  requestsReceived,
  twoOrganizationsEnv,
  syncTwoOrganizations,
  TWO_ORGANIZATIONS as ORGS,
} from '../helpers/two-organizations';

const NOW = 1_764_590_123; // not bucket-aligned, like a real run
const DAY = 86_400;
const base = mkdtempSync(path.join(tmpdir(), 'store-orgs-'));
const storeFile = path.join(base, 'two-orgs.duckdb');
const out = path.join(base, 'out');
const emulators: RunningEmulator[] = [];
let run: HeadlessRun | undefined;

function csv(name: string): { header: string[]; rows: string[][] } {
  const [head = '', ...lines] = readFileSync(path.join(out, 'data', `${name}.csv`), 'utf8')
    .trimEnd()
    .split('\r\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

describe('notebooks from a two-organization store', () => {
  before(async () => {
    requireNotebookSetup();
    emulators.push(...(await startTwoOrganizations(NOW)));
    await syncTwoOrganizations(storeFile, emulators, { now: NOW, since: NOW - 60 * DAY });
    for (const e of emulators) e.resetRequests();
    run = await runHeadless(['--out', out, '--source', 'store', '--jobs', '2'], {
      USAGE_NOW: String(NOW),
      USAGE_STORE_URL: storeFile,
      ...twoOrganizationsEnv(emulators),
    });
  });
  after(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    rmSync(base, { recursive: true, force: true });
  });

  test('every notebook runs from the store and neither organization gets a single request', () => {
    assert.equal(run?.code, 0, run?.log);
    assert.deepEqual(requestsReceived(emulators), [[], []]);
  });

  test("notebooks 01–03: every table starts with the organization, each one's rows equal its own raw API data", async () => {
    for (const name of ['completions_usage', 'completions_by_model_project', 'costs', 'costs_by_line_item'])
      assert.deepEqual(csv(name).header.slice(0, 2), ['organization_id', 'organization'], name);
    assert.deepEqual(csv('cost_per_day_by_line_item').header.slice(0, 3), ['organization_id', 'organization', 'date']);
    const start = Math.floor((NOW - 30 * DAY) / DAY) * DAY; // the store holds whole days: the first one widened
    const q = `start_time=${start}&end_time=${NOW}&bucket_width=1d&limit=31`;
    const byProject = csv('cost_by_project');
    const byUser = csv('requests_by_user');
    assert.deepEqual(byProject.header.slice(0, 3), ['organization_id', 'organization', 'project_id']);
    assert.deepEqual(byUser.header.slice(0, 3), ['organization_id', 'organization', 'user_id']);
    const value = (r: string[]): number => Number(r[r.length - 1]);
    for (const [i, o] of ORGS.entries()) {
      const emu = emulators[i];
      assert.ok(emu);
      const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${q}&group_by[]=project_id`, emu.adminKey);
      const expected = new Map<string, number>();
      for (const b of costs)
        for (const r of b.results) {
          const a = r['amount'];
          const v = typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
          expected.set(String(r['project_id']), (expected.get(String(r['project_id'])) ?? 0) + v);
        }
      const mine = byProject.rows.filter((r) => r[0] === o.id);
      assert.ok(mine.every((r) => r[1] === o.name));
      assert.deepEqual(mine.map((r) => r[2]).sort(), [...expected.keys()].sort(), `${o.name} projects`);
      for (const r of mine) {
        const want = expected.get(r[2] ?? '') ?? NaN;
        assert.ok(Math.abs(value(r) - want) <= 1e-6 * Math.max(1, want), `${o.name} ${r[2]}: ${value(r)} vs ${want}`);
      }
      const usage = await getAllBuckets(
        emu.baseURL,
        `/organization/usage/completions?${q}&group_by[]=user_id&group_by[]=api_key_id`,
        emu.adminKey,
      );
      const requests = usage.reduce(
        (a, b) => a + b.results.reduce((s, r) => s + Number(r['num_model_requests']), 0),
        0,
      );
      const rows = byUser.rows.filter((r) => r[0] === o.id);
      assert.equal(
        rows.reduce((a, r) => a + value(r), 0),
        requests,
        `${o.name} requests per user`,
      );
    }
    // FOCUS: one billing account per organization, its ID and configured name.
    const focus = csv('focus_costs');
    const at = (column: string): number => focus.header.indexOf(column);
    assert.deepEqual(
      [...new Set(focus.rows.map((r) => `${r[at('BillingAccountId')]}|${r[at('BillingAccountName')]}`))].sort(),
      ORGS.map((o) => `${o.id}|${o.name}`),
    );
  });

  test("notebook 04: each organization's cost and tokens equal its own raw API data; same names kept apart", async () => {
    const orgs = csv('organizations');
    const start = Math.floor((NOW - 45 * DAY) / DAY) * DAY; // the store holds whole days: the first one widened
    for (const [i, o] of ORGS.entries()) {
      const emu = emulators[i];
      assert.ok(emu);
      const q = `start_time=${start}&end_time=${NOW}&bucket_width=1d&limit=31`;
      const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${q}`, emu.adminKey);
      const usage = await getAllBuckets(emu.baseURL, `/organization/usage/completions?${q}`, emu.adminKey);
      const mine = orgs.rows.filter((r) => r[0] === o.name);
      const fromRight = (r: string[], k: number): number => Number(r[r.length - k]);
      const billed = costs.reduce(
        (a, b) =>
          a +
          b.results.reduce((s, r) => {
            const amount = r['amount'];
            return s + (typeof amount === 'object' && amount !== null && 'value' in amount ? Number(amount.value) : 0);
          }, 0),
        0,
      );
      const cost = mine.reduce((a, r) => a + fromRight(r, 4), 0);
      assert.ok(Math.abs(cost - billed) <= 1e-6 * billed, `${o.name}: ${cost} vs ${billed}`);
      const input = usage.reduce((a, b) => a + b.results.reduce((s, r) => s + Number(r['input_tokens']), 0), 0);
      assert.equal(
        mine.reduce((a, r) => a + fromRight(r, 3), 0),
        input,
        `${o.name} input tokens`,
      );
    }
    // "Production" exists in both organizations: labelled with each, never one merged row.
    const labels = new Set(orgs.rows.map((r) => `${r[0]}|${r[2]}`));
    assert.ok(labels.has('acme|Production (acme)') && labels.has('globex|Production (globex)'), [...labels].join('\n'));
  });

  test("notebook 04's tables keep organizations apart: columns first, each one's daily bill its own raw costs", async () => {
    for (const name of ['reconciliation', 'savings', 'anomalies', 'allocation', 'unpriced_models']) {
      const table = csv(name);
      // A table without rows has no columns to show (anomalies and unpriced models may be none).
      if (table.rows.length > 0 || !['anomalies', 'unpriced_models'].includes(name))
        assert.deepEqual(table.header.slice(0, 2), ['organization_id', 'organization'], name);
    }
    const start = Math.floor((NOW - 45 * DAY) / DAY) * DAY;
    for (const [i, o] of ORGS.entries()) {
      const emu = emulators[i];
      assert.ok(emu);
      const q = `start_time=${start}&end_time=${NOW}&bucket_width=1d&limit=31`;
      const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${q}`, emu.adminKey);
      const expected = new Map<string, number>();
      for (const b of costs) {
        const date = new Date(b.start_time * 1000).toISOString().slice(0, 10);
        for (const r of b.results) {
          const amount = r['amount'];
          const v = typeof amount === 'object' && amount !== null && 'value' in amount ? Number(amount.value) : 0;
          expected.set(date, (expected.get(date) ?? 0) + v);
        }
      }
      // Billed (reconciliation) and allocated cost per day of this organization's rows: its own bill, never the sum.
      for (const [name, column] of [
        ['reconciliation', 'billed_usd'],
        ['allocation', 'cost_usd'],
      ] as const) {
        const table = csv(name);
        const at = table.header.indexOf(column);
        const date = table.header.indexOf('date');
        const got = new Map<string, number>();
        for (const r of table.rows) {
          if (r[0] !== o.id || r[1] !== o.name) continue;
          got.set(r[date] ?? '', (got.get(r[date] ?? '') ?? 0) + Number(r[at]));
        }
        assert.ok(got.size > 0, `${o.name} ${name}: no rows`);
        for (const d of new Set([...expected.keys(), ...got.keys()])) {
          const total = expected.get(d) ?? 0;
          assert.ok(
            Math.abs((got.get(d) ?? 0) - total) <= 1e-6 * Math.max(1, total),
            `${o.name} ${name} ${d}: ${got.get(d)} vs ${total}`,
          );
        }
      }
    }
  });

  test("notebook 04's budget comes from the store: the emulated organizations' spend limits, summed", () => {
    const forecast = JSON.parse(readFileSync(path.join(out, 'data', 'forecast.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    // Each emulated organization's limit is 500,000 cents: two organizations read together, $10,000.
    assert.deepEqual([forecast['budget_usd'], forecast['budget_source']], [10_000, 'spend_limit']);
  });

  test('notebook 05 replays each organization apart: every event names its own, both judged', () => {
    const events = csv('alert_replay_events');
    assert.deepEqual(events.header.slice(0, 3), ['organization', 'day', 'rule']);
    assert.deepEqual(
      [...new Set(events.rows.map((r) => r[0]))].sort(),
      ORGS.map((o) => o.name),
    );
  });
});
