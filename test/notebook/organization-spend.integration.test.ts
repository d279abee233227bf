import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectOrganizations } from '../../lib/demo/index';
import { startEmulator } from '../../lib/emulator/index';
import { organizationDaySpend, organizationUsage } from '../../lib/notebook/organization-spend';
import { get, getAllBuckets } from '../emulator/helpers';

const NOW = 1_767_225_600; // 2026-01-01 00:00 UTC
const DAY = 86_400;

test("each organization's cost per day is the sum of its own raw Costs API buckets", async () => {
  const emulators = [
    await startEmulator({ port: 0, seed: 7, now: () => NOW }),
    await startEmulator({ port: 0, seed: 8, dataset: { projects: 3 }, now: () => NOW }),
  ];
  const [eu, us] = emulators;
  assert.ok(eu && us);
  const env = {
    OPENAI_ADMIN_KEY_EU: eu.adminKey,
    OPENAI_BASE_URL_EU: eu.baseURL,
    OPENAI_ADMIN_KEY_US: us.adminKey,
    OPENAI_BASE_URL_US: us.baseURL,
  };
  const orgs = await connectOrganizations({ env, dotenvPath: null, log: () => undefined });
  try {
    const range = { start_time: NOW - 10 * DAY, end_time: NOW };
    const rows = await organizationDaySpend(orgs, range);
    for (const [name, emu] of [
      ['EU', eu],
      ['US', us],
    ] as const) {
      const raw = await getAllBuckets(
        emu.baseURL,
        `/organization/costs?start_time=${range.start_time}&end_time=${range.end_time}&bucket_width=1d&limit=31`,
        emu.adminKey,
      );
      const expected = new Map<string, number>();
      for (const b of raw) {
        const day = new Date(b.start_time * 1000).toISOString().slice(0, 10);
        for (const r of b.results) {
          const amount = r['amount'];
          const value = typeof amount === 'object' && amount !== null && 'value' in amount ? Number(amount.value) : 0;
          expected.set(day, (expected.get(day) ?? 0) + value);
        }
      }
      const got = new Map<string, number>();
      for (const r of rows.filter((x) => x.organization === name)) got.set(r.date, (got.get(r.date) ?? 0) + r.amount);
      assert.equal(got.size, 10, name);
      for (const [day, total] of expected) assert.ok(Math.abs((got.get(day) ?? NaN) - total) < 1e-9, `${name} ${day}`);
    }
    assert.notDeepEqual(
      rows.filter((r) => r.organization === 'EU').map((r) => r.amount),
      rows.filter((r) => r.organization === 'US').map((r) => r.amount),
      'two organizations, two bills',
    );
  } finally {
    await orgs.close();
    await Promise.all(emulators.map((e) => e.close()));
  }
});

test("cost and tokens per organization, project and model add up to each organization's raw API totals", async () => {
  const emulators = [
    await startEmulator({ port: 0, seed: 7, now: () => NOW }),
    await startEmulator({ port: 0, seed: 8, dataset: { projects: 3 }, now: () => NOW }),
  ];
  const [eu, us] = emulators;
  assert.ok(eu && us);
  const env = {
    OPENAI_ADMIN_KEY_EU: eu.adminKey,
    OPENAI_BASE_URL_EU: eu.baseURL,
    OPENAI_ADMIN_KEY_US: us.adminKey,
    OPENAI_BASE_URL_US: us.baseURL,
  };
  const orgs = await connectOrganizations({ env, dotenvPath: null, log: () => undefined });
  try {
    const range = { start_time: NOW - 5 * DAY, end_time: NOW };
    const rows = await organizationUsage(orgs, range);
    const query = `start_time=${range.start_time}&end_time=${range.end_time}&bucket_width=1d&limit=31`;
    for (const [name, emu] of [
      ['EU', eu],
      ['US', us],
    ] as const) {
      const mine = rows.filter((r) => r.organization === name);
      const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${query}`, emu.adminKey);
      const usage = await getAllBuckets(emu.baseURL, `/organization/usage/completions?${query}`, emu.adminKey);
      const total = (buckets: typeof costs, f: (r: Record<string, unknown>) => number): number =>
        buckets.reduce((a, b) => a + b.results.reduce((s, r) => s + f(r), 0), 0);
      const cost = total(costs, (r) => {
        const amount = r['amount'];
        return typeof amount === 'object' && amount !== null && 'value' in amount ? Number(amount.value) : 0;
      });
      const sum = (f: (r: (typeof rows)[number]) => number): number => mine.reduce((a, r) => a + f(r), 0);
      assert.ok(Math.abs(sum((r) => r.cost_usd) - cost) < 1e-6, `${name} cost`);
      assert.equal(
        sum((r) => r.input_tokens),
        total(usage, (r) => Number(r['input_tokens'])),
        `${name} input`,
      );
      assert.equal(
        sum((r) => r.output_tokens),
        total(usage, (r) => Number(r['output_tokens'])),
        `${name} output`,
      );
      assert.equal(
        sum((r) => r.requests),
        total(usage, (r) => Number(r['num_model_requests'])),
        `${name} requests`,
      );
    }
    // Names come from each organization's own directory (read here raw); a name both use gets the organization.
    const directory = async (emu: { baseURL: string; adminKey: string }): Promise<Map<string, string>> => {
      const reply = await get(emu.baseURL, '/organization/projects?limit=100&include_archived=true', emu.adminKey);
      const body: unknown = JSON.parse(reply.text);
      const data =
        typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data) ? body.data : [];
      return new Map(data.map((p: { id: string; name: string }) => [p.id, p.name]));
    };
    const dirs = { eu: await directory(eu), us: await directory(us) };
    const shared = [...dirs.eu.values()].filter((n) => [...dirs.us.values()].includes(n));
    assert.ok(shared.length > 0, 'the two emulated organizations share project names');
    for (const r of rows) {
      const name = r.project_id === null ? undefined : dirs[r.organization === 'EU' ? 'eu' : 'us'].get(r.project_id);
      assert.ok(name !== undefined && r.project.startsWith(name), `${r.project} is named ${String(name)}`);
      // One suffix: "(EU)", or "(EU, …tail)" when the name also repeats inside EU; "(…tail)" alone inside one.
      const suffix = / \(([^()]*)\)$/.exec(r.project)?.[1];
      assert.equal(suffix?.split(', ')[0] === r.organization, shared.includes(name), r.project);
    }
    assert.ok(!rows.some((r) => r.project.startsWith('proj_')), 'names, not IDs');
  } finally {
    await orgs.close();
    await Promise.all(emulators.map((e) => e.close()));
  }
});
