// conn.fetchByOrganization and conn.budgetsByOrganization (notebook 05): two emulated organizations whose project
// names are equal, each read apart. Each part's amounts equal that organization's raw API JSON, its ID the one its
// server sends in the header; from the store the same parts and each organization's own spend limits arrive with no
// request at either server; an organization failing is left out with a notice naming it, never its key.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiBudgets, UsageQuery } from '../../lib/api/index';
import type { RunningEmulator } from '../../lib/emulator/index';
import {
  connectNotebook,
  type DisplayWriter,
  type NotebookConnection,
  type OrganizationBuckets,
} from '../../lib/notebook/index';
import { get, getAllBuckets, testKey } from '../emulator/helpers';
import {
  servedBudgets,
  startTwoOrganizations,
  syncTwoOrganizations,
  TWO_ORGANIZATIONS as ORGS,
} from '../helpers/two-organizations';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01T00:00Z: whole days, the store's first day not widened
const SPLIT = NOW - 4 * DAY;
const Q1: UsageQuery = {
  start_time: NOW - 10 * DAY,
  end_time: SPLIT,
  bucket_width: '1d',
  group_by: ['project_id'],
  limit: 31,
};
const Q2: UsageQuery = { ...Q1, start_time: SPLIT, end_time: NOW };
let emulators: RunningEmulator[] = [];
let tmp: { dir: string; remove: () => void };
let storeFile = '';
const keys = ORGS.map(() => testKey());

/** Lines shown; `onLine` sees each as it is shown (to act between two reads). */
function recorder(onLine: (line: string) => void = () => undefined): { writer: DisplayWriter; lines: string[] } {
  const lines: string[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const publish = (bundle: Parameters<DisplayWriter['publish']>[0]): void => {
    lines.push(text(bundle['text/plain']));
    onLine(text(bundle['text/plain']));
  };
  return { writer: { publish }, lines };
}

/** Both organizations configured as OPENAI_ADMIN_KEY_<NAME>, a key overridable (a wrong one). */
function envOf(wrong: Partial<Record<'acme' | 'globex', string>> = {}): Record<string, string> {
  const env: Record<string, string> = { USAGE_NOW: String(NOW) };
  for (const [i, o] of ORGS.entries()) {
    env[`OPENAI_ADMIN_KEY_${o.name}`] = wrong[o.name] ?? keys[i] ?? '';
    env[`OPENAI_BASE_URL_${o.name}`] = emulators[i]?.baseURL ?? '';
  }
  return env;
}

async function open(
  writer: DisplayWriter,
  more: { env?: Record<string, string>; source?: string; organizations?: string[]; store?: string } = {},
): Promise<NotebookConnection> {
  return connectNotebook({
    env: envOf(),
    dotenvPath: '/nonexistent/.env',
    writer,
    source: 'api',
    store: storeFile,
    client: { retry: { maxRetries: 0 } },
    ...more,
  });
}

const amountOf = (r: object): number => {
  const a = 'amount' in r ? r.amount : undefined;
  return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
};

/** Cost per project and the bucket starts of one organization over Q1 then Q2: its raw JSON, plain fetch and loops. */
async function raw(i: number): Promise<{ perProject: Map<string, number>; starts: number[] }> {
  const emu = emulators[i];
  assert.ok(emu);
  const perProject = new Map<string, number>();
  const starts: number[] = [];
  for (const [from, to] of [
    [NOW - 10 * DAY, SPLIT],
    [SPLIT, NOW],
  ]) {
    const query = `start_time=${from}&end_time=${to}&bucket_width=1d&group_by[]=project_id&limit=31`;
    for (const b of await getAllBuckets(emu.baseURL, `/organization/costs?${query}`, keys[i] ?? '')) {
      starts.push(b.start_time);
      for (const r of b.results) {
        const id = String(r['project_id']);
        perProject.set(id, (perProject.get(id) ?? 0) + amountOf(r));
      }
    }
  }
  return { perProject, starts };
}

/** A part's cost per project and bucket starts, by the same plain loops. */
function ofPart(part: OrganizationBuckets<object>): { perProject: Map<string, number>; starts: number[] } {
  const perProject = new Map<string, number>();
  for (const b of part.buckets)
    for (const r of b.results) {
      const id = 'project_id' in r ? String(r.project_id) : 'null';
      perProject.set(id, (perProject.get(id) ?? 0) + amountOf(r));
    }
  return { perProject, starts: part.buckets.map((b) => b.start_time) };
}

function assertClose(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), what);
  for (const [k, v] of expected)
    assert.ok(Math.abs((actual.get(k) ?? NaN) - v) <= 1e-9 * Math.max(1, v), `${what} ${k}: ${actual.get(k)} vs ${v}`);
}

/** Each part equal to its organization's raw JSON, in configured order, named and keyed by the header's ID. */
async function assertParts(parts: readonly OrganizationBuckets<object>[], which: readonly number[]): Promise<void> {
  const expectedIds: string[] = [];
  for (const i of which) {
    const emu = emulators[i];
    assert.ok(emu);
    const reply = await get(emu.baseURL, '/organization/costs?start_time=0&limit=1', keys[i]);
    expectedIds.push(reply.headers.get('openai-organization') ?? '');
  }
  assert.deepEqual(
    parts.map((p) => [p.organization_id, p.organization]),
    which.map((i, k) => [expectedIds[k], ORGS[i]?.name]),
  );
  for (const [k, i] of which.entries()) {
    const part = parts[k];
    assert.ok(part);
    const want = await raw(i);
    const got = ofPart(part);
    assert.deepEqual(got.starts, want.starts, `${part.organization}: Q1's buckets then Q2's`);
    assertClose(got.perProject, want.perProject, `${part.organization} cost per project`);
    for (const b of part.buckets)
      for (const r of b.results) assert.ok(!('organization' in r), 'untagged, as its API sends them');
  }
}

before(async () => {
  tmp = tempDir('conn-by-org-');
  storeFile = path.join(tmp.dir, 'two.duckdb');
  emulators = await startTwoOrganizations(NOW, (o) => ({ adminKeys: [keys[ORGS.indexOf(o)] ?? ''] }));
  await syncTwoOrganizations(storeFile, emulators, {
    now: NOW,
    since: NOW - 10 * DAY,
    endpoints: ['costs'],
  });
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  tmp?.remove();
});

describe('source "api"', () => {
  test("fetchByOrganization: one part per organization, each equal to its own raw JSON, keyed by its server's ID", async () => {
    const { writer, lines } = recorder();
    const conn = await open(writer);
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      await assertParts(parts, [0, 1]);
      // Same-named projects stay apart: neither part holds the other's project IDs.
      const [acme, globex] = parts.map((p) => new Set(ofPart(p).perProject.keys()));
      assert.ok(acme && globex && [...acme].every((id) => !globex.has(id)));
      // One query alone is a list of one.
      const one = await conn.fetchByOrganization('costs', Q2);
      assert.deepEqual(
        one.map((p) => p.buckets.length),
        [4, 4],
      );
      const budgets = await conn.budgetsByOrganization(parts);
      for (const [i, o] of ORGS.entries()) {
        const served = await servedBudgets(emulators[i], keys[i]);
        const projects = new Set(
          ofPart(parts[i] ?? { organization_id: '', organization: '', buckets: [] }).perProject.keys(),
        );
        // Through the API, the limits of the projects in its part (loadBudgets asks for those).
        assert.deepEqual(budgets.get(o.id), {
          ...served,
          projectLimits: Object.fromEntries(Object.entries(served.projectLimits).filter(([id]) => projects.has(id))),
        });
      }
      assert.ok(!lines.some((l) => l.startsWith('Warning')), lines.join('\n'));
    } finally {
      await conn.close();
    }
  });

  test('one organization read: its own client, its ID from the header', async () => {
    const { writer } = recorder();
    const conn = await open(writer, { organizations: ['Globex'] });
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      await assertParts(parts, [1]);
      const budgets = await conn.budgetsByOrganization(parts);
      assert.deepEqual([...budgets.keys()], [ORGS[1].id]);
      assert.equal(budgets.get(ORGS[1].id)?.spendLimit, (await servedBudgets(emulators[1], keys[1])).spendLimit);
    } finally {
      await conn.close();
    }
  });

  test('an organization with a wrong key is left out of every read, one notice names it, never a key', async () => {
    const { writer, lines } = recorder();
    const wrong = testKey();
    const conn = await open(writer, { env: envOf({ globex: wrong }) });
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      await assertParts(parts, [0]);
      const notices = lines.filter((l) => l.includes('Organization globex left out'));
      assert.equal(notices.length, 1, lines.join('\n'));
      assert.match(notices[0] ?? '', /401/);
      const budgets = await conn.budgetsByOrganization(parts);
      assert.deepEqual([...budgets.keys()], [ORGS[0].id]);
      const all = lines.join('\n');
      assert.ok(!all.includes(wrong) && !keys.some((k) => all.includes(k)) && !all.includes('sk-admin-'), all);
    } finally {
      await conn.close();
    }
  });

  test('an organization answering 500: that read leaves it out with one notice naming it', async () => {
    const { writer, lines } = recorder();
    const conn = await open(writer);
    try {
      // Globex fails the first query only: left out of the second too, not read for half its history.
      emulators[1]?.setFaults({ serverError: { count: 1 } });
      emulators[1]?.resetRequests();
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      assert.equal(emulators[1]?.requests.length, 1, 'not asked again for the second query');
      await assertParts(parts, [0]);
      const notices = lines.filter((l) => l.startsWith('Organization globex left out of this read of costs'));
      // Two queries, the same failure: said once.
      assert.equal(notices.length, 1, lines.join('\n'));
      assert.match(notices[0] ?? '', /500/);
    } finally {
      for (const e of emulators) e.setFaults({});
      await conn.close();
    }
  });

  test('an organization failing the second query only: left out of the first too, not read for half its history', async () => {
    let done = 0;
    // Globex's first read done, its second fails: the fault set between the two.
    const { writer, lines } = recorder((l) => {
      if (l.startsWith('globex: Done: costs') && ++done === 1)
        emulators[1]?.setFaults({ serverError: { count: 1000 } });
    });
    const conn = await open(writer);
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      assert.equal(done, 1, lines.join('\n'));
      await assertParts(parts, [0]);
      assert.equal(lines.filter((l) => l.startsWith('Organization globex left out')).length, 1, lines.join('\n'));
    } finally {
      for (const e of emulators) e.setFaults({});
      await conn.close();
    }
  });

  test('an organization whose limits cannot be read through its API: no entry, one notice naming it', async () => {
    const { writer, lines } = recorder();
    const conn = await open(writer);
    try {
      const parts = await conn.fetchByOrganization('costs', Q2);
      emulators[1]?.setFaults({ serverError: { count: 1000 } });
      const budgets = await conn.budgetsByOrganization(parts);
      assert.deepEqual([...budgets.keys()], [ORGS[0].id]);
      const notices = lines.filter((l) => l.includes('Spend limits'));
      assert.equal(notices.length, 1, lines.join('\n'));
      assert.match(
        notices[0] ?? '',
        /^Spend limits of globex unavailable \(InternalServerError: HTTP 500: .*\): budget rules/,
      );
    } finally {
      for (const e of emulators) e.setFaults({});
      await conn.close();
    }
  });
});

describe('source "sync"', () => {
  test('an organization whose sync fails on the second query only: left out of the first too, one notice', async () => {
    const dir = tempDir('conn-by-org-sync-');
    let synced = 0;
    // Globex's first sync done, its second fails: the fault set between the two.
    const { writer, lines } = recorder((l) => {
      if (/^globex: Synced costs/.test(l) && ++synced === 1) emulators[1]?.setFaults({ serverError: { count: 1000 } });
    });
    const conn = await open(writer, { source: 'sync', store: path.join(dir.dir, 'sync.duckdb') });
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      assert.equal(synced, 1, lines.join('\n'));
      await assertParts(parts, [0]);
      const notices = lines.filter((l) => l.startsWith('Organization globex left out of this sync of costs'));
      assert.equal(notices.length, 1, lines.join('\n'));
    } finally {
      for (const e of emulators) e.setFaults({});
      await conn.close();
      dir.remove();
    }
  });
});

describe('source "store" after a sync', () => {
  test('the same parts and each organization its own stored limits, with no request at either server', async () => {
    const { writer, lines } = recorder();
    for (const e of emulators) e.resetRequests();
    const conn = await open(writer, { source: 'store' });
    try {
      const parts = await conn.fetchByOrganization('costs', [Q1, Q2]);
      const budgets = await conn.budgetsByOrganization(parts);
      assert.deepEqual(
        emulators.map((e) => e.requests.map((r) => `${r.method} ${r.path}?${r.query}`)),
        [[], []],
        'no request',
      );
      await assertParts(parts, [0, 1]);
      assert.deepEqual([...budgets.keys()], [ORGS[0].id, ORGS[1].id]);
      // The store keeps alerts by ID, not in the API's order: compared as sets.
      const sorted = (b: ApiBudgets | undefined): unknown =>
        b === undefined ? b : { ...b, spendAlerts: [...b.spendAlerts].sort((x, y) => x - y) };
      for (const [i, o] of ORGS.entries())
        assert.deepEqual(sorted(budgets.get(o.id)), sorted(await servedBudgets(emulators[i], keys[i])), o.name);
      assert.notDeepEqual(budgets.get(ORGS[0].id), budgets.get(ORGS[1].id), 'each its own');
      assert.ok(!lines.some((l) => l.startsWith('Warning')), lines.join('\n'));
    } finally {
      await conn.close();
    }
  });

  test('an organization whose limits were never stored: no entry and one notice naming it', async () => {
    const { writer, lines } = recorder();
    const conn = await open(writer, { source: 'store' });
    try {
      const parts = await conn.fetchByOrganization('costs', Q2);
      const never = { organization_id: 'org-never-synced', organization: 'initech', buckets: [] };
      const budgets = await conn.budgetsByOrganization([...parts, never, never]);
      assert.deepEqual([...budgets.keys()], [ORGS[0].id, ORGS[1].id]);
      const notices = lines.filter((l) => l.includes('initech'));
      assert.equal(notices.length, 1, lines.join('\n'));
      assert.match(notices[0] ?? '', /Spend limits of initech not in the store/);
    } finally {
      await conn.close();
    }
  });
});
