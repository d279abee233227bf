// Sources "api" and "sync" read every configured organization (issue 17): OPENAI_ADMIN_KEY_<NAME> and
// OPENAI_BASE_URL_<NAME> per organization, here two emulators over real HTTP. Each organization's rows equal its own
// raw API sums; two keys of one organization read it once, with a warning; one answering 401 or 500 is left out with
// a notice naming it and why (never the key) while the other's rows arrive; one organization read is as before.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DEMO_ORGANIZATIONS } from '../../lib/demo/index';
import { costBy, costTable, sumBy, usageTable, type GroupSum } from '../../lib/frames/index';
import { connectNotebook, type DisplayWriter, type NotebookConnection } from '../../lib/notebook/index';
import { getAllBuckets, testKey } from '../emulator/helpers';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01T00:00Z
const START = NOW - 5 * DAY;
const ORGS = [
  { name: 'acme', id: 'org-acme-test', seed: 42, key: testKey() },
  { name: 'globex', id: 'org-globex-test', seed: 4250, key: testKey() },
] as const;
const emulators: RunningEmulator[] = [];
let tmp: { dir: string; remove: () => void };

function recorder(): { writer: DisplayWriter; lines: string[] } {
  const lines: string[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { writer: { publish: (bundle) => lines.push(text(bundle['text/plain'])) }, lines };
}

/** The environment of two configured organizations (keys overridable: a wrong one, a second key of one). */
function envOf(keys: Partial<Record<string, { key: string; emu: number }>> = {}): Record<string, string> {
  const env: Record<string, string> = { USAGE_NOW: String(NOW) };
  // Names as written in the variables: lower case here, as the store and the demo name them.
  const all = { acme: { key: ORGS[0].key, emu: 0 }, globex: { key: ORGS[1].key, emu: 1 }, ...keys };
  for (const [name, v] of Object.entries(all)) {
    if (v === undefined) continue;
    env[`OPENAI_ADMIN_KEY_${name}`] = v.key;
    env[`OPENAI_BASE_URL_${name}`] = emulators[v.emu]?.baseURL ?? '';
  }
  return env;
}

async function open(
  env: Record<string, string>,
  writer: DisplayWriter,
  more: { source?: string; store?: string; organizations?: string[] } = {},
): Promise<NotebookConnection> {
  return connectNotebook({
    env,
    dotenvPath: '/nonexistent/.env',
    writer,
    source: 'api',
    client: { retry: { maxRetries: 0 } },
    ...more,
  });
}

/** Raw per-project sums of one emulator, plain fetch and plain loops. */
async function raw(i: 0 | 1, endpoint: 'usage/completions' | 'costs'): Promise<Map<string, number>> {
  const emu = emulators[i];
  assert.ok(emu);
  const q = `start_time=${START}&end_time=${NOW}&bucket_width=1d&group_by[]=project_id&limit=31`;
  const out = new Map<string, number>();
  for (const b of await getAllBuckets(emu.baseURL, `/organization/${endpoint}?${q}`, ORGS[i].key))
    for (const r of b.results) {
      const a = r['amount'];
      const v =
        endpoint === 'costs'
          ? typeof a === 'object' && a !== null && 'value' in a
            ? Number(a.value)
            : 0
          : Number(r['input_tokens']);
      out.set(String(r['project_id']), (out.get(String(r['project_id'])) ?? 0) + v);
    }
  return out;
}

function rowsOf(groups: readonly GroupSum[], i: 0 | 1): Map<string, number> {
  const mine = groups.filter((g) => g.keys['organization_id'] === ORGS[i].id);
  for (const g of mine) assert.equal(g.keys['organization'], ORGS[i].name);
  return new Map(mine.map((g) => [String(g.keys['project_id']), g.value]));
}

function assertClose(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), what);
  for (const [k, v] of expected)
    assert.ok(Math.abs((actual.get(k) ?? NaN) - v) <= 1e-9 * Math.max(1, v), `${what} ${k}`);
}

const query = { start_time: START, end_time: NOW, bucket_width: '1d' as const, group_by: ['project_id' as const] };

async function tokensPerOrganization(conn: NotebookConnection): Promise<GroupSum[]> {
  return sumBy(usageTable('completions', await conn.fetch('completions', query)), ['project_id'], 'input_tokens');
}

before(async () => {
  tmp = tempDir('connect-orgs-');
  for (const o of ORGS)
    emulators.push(
      await startEmulator({
        port: 0,
        seed: o.seed,
        organizationId: o.id,
        now: () => NOW,
        adminKeys: o.name === 'acme' ? [o.key, `${o.key}-second`] : [o.key],
      }),
    );
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  tmp.remove();
});

describe('source "api" over two configured organizations', () => {
  test("each organization's rows equal its own raw sums; progress lines and names say which organization", async () => {
    const { writer, lines } = recorder();
    const conn = await open(envOf(), writer);
    try {
      for (const i of [0, 1] as const)
        assert.deepEqual(rowsOf(await tokensPerOrganization(conn), i), await raw(i, 'usage/completions'));
      const costs = costBy(costTable(await conn.fetch('costs', { ...query, limit: 31 })), 'project_id');
      for (const i of [0, 1] as const) assertClose(rowsOf(costs, i), await raw(i, 'costs'), `${ORGS[i].name} costs`);
      assert.ok(
        lines.some((l) => /^acme: Done: completions/.test(l)) && lines.some((l) => /^globex: Done: costs/.test(l)),
      );
      const names = await conn.names();
      const labels = [...names.labels('project_id').values()];
      assert.ok(labels.includes('Production (acme)') && labels.includes('Production (globex)'), labels.join());
      const about = conn.about({ wire: { start_time: START }, rangeSeconds: NOW - START });
      assert.equal(about.organization, 'acme, globex');
    } finally {
      await conn.close();
    }
  });

  test('a second key of the same organization is read once, with a warning', async () => {
    const { writer, lines } = recorder();
    const conn = await open(envOf({ ACME_TOO: { key: `${ORGS[0].key}-second`, emu: 0 } }), writer);
    try {
      assert.ok(
        lines.includes(
          `Warning: organizations acme and ACME_TOO are the same organization (${ORGS[0].id}): read once, as acme`,
        ),
        lines.join('\n'),
      );
      const groups = await tokensPerOrganization(conn);
      assert.deepEqual(rowsOf(groups, 0), await raw(0, 'usage/completions'), 'acme once, not twice');
      assert.deepEqual([...new Set(groups.map((g) => g.keys['organization']))].sort(), ['acme', 'globex']);
    } finally {
      await conn.close();
    }
  });

  test('an organization answering 401: a notice names it and why, never the key; the other one is read', async () => {
    const { writer, lines } = recorder();
    const wrong = testKey();
    const conn = await open(envOf({ globex: { key: wrong, emu: 1 } }), writer);
    try {
      const notice = lines.find((l) => l.startsWith('Organization globex left out of every read'));
      assert.ok(notice !== undefined && /401/.test(notice), lines.join('\n'));
      const groups = await tokensPerOrganization(conn);
      assert.deepEqual(rowsOf(groups, 0), await raw(0, 'usage/completions'));
      assert.ok(
        groups.every((g) => g.keys['organization'] === 'acme'),
        'still one column per organization read',
      );
      assert.ok(!lines.join('\n').includes(wrong) && !lines.join('\n').includes('sk-admin-'), 'no key shown');
    } finally {
      await conn.close();
    }
    // Both rejected: nothing to show, the connection stops with the error, as with one organization.
    const both = recorder();
    await assert.rejects(open(envOf({ acme: { key: wrong, emu: 0 }, globex: { key: wrong, emu: 1 } }), both.writer), {
      name: 'CellStopped',
    });
    assert.ok(!both.lines.some((l) => l.startsWith('Organization ')), both.lines.join('\n'));
  });

  test('an organization answering 500 mid-run: that read leaves it out with a notice, the other rows arrive', async () => {
    const { writer, lines } = recorder();
    const conn = await open(envOf(), writer);
    try {
      emulators[1]?.setFaults({ serverError: { count: 1000 } });
      const costs = costBy(costTable(await conn.fetch('costs', { ...query, limit: 31 })), 'project_id');
      assertClose(rowsOf(costs, 0), await raw(0, 'costs'), 'acme costs');
      assert.equal(rowsOf(costs, 1).size, 0);
      const notice = lines.find((l) => l.startsWith('Organization globex left out of this read of costs'));
      assert.ok(notice !== undefined && /500/.test(notice), lines.join('\n'));
      // Both failing: the cell stops with the error, as a read of one organization does.
      emulators[0]?.setFaults({ serverError: { count: 1000 } });
      await assert.rejects(conn.fetch('costs', { ...query, limit: 31 }), { name: 'CellStopped' });
    } finally {
      for (const e of emulators) e.setFaults({});
      await conn.close();
    }
  });

  test('the organizations parameter naming one: its results as the API sends them, no organization columns', async () => {
    const { writer } = recorder();
    const conn = await open(envOf(), writer, { organizations: ['Globex'] });
    try {
      const table = usageTable('completions', await conn.fetch('completions', query));
      assert.equal(table.organizations, undefined);
      const groups = sumBy(table, ['project_id'], 'input_tokens');
      assert.deepEqual(
        new Map(groups.map((g) => [String(g.keys['project_id']), g.value])),
        await raw(1, 'usage/completions'),
      );
    } finally {
      await conn.close();
    }
  });
});

test('source "sync" over two organizations: each stored under its own ID, read back apart, equal to its raw sums', async () => {
  const { writer, lines } = recorder();
  const conn = await open(envOf(), writer, { source: 'sync', store: path.join(tmp.dir, 'sync.duckdb') });
  try {
    const groups = await tokensPerOrganization(conn);
    for (const i of [0, 1] as const) assert.deepEqual(rowsOf(groups, i), await raw(i, 'usage/completions'));
    assert.ok(
      lines.some((l) => /^globex: Synced completions/.test(l)),
      lines.join('\n'),
    );
  } finally {
    await conn.close();
  }
});

test("demo mode (no key): the demo's two organizations, each with its own ID", async () => {
  const { writer } = recorder();
  const conn = await connectNotebook({ env: { USAGE_NOW: String(NOW) }, dotenvPath: '/nonexistent/.env', writer });
  try {
    const table = usageTable('completions', await conn.fetch('completions', query));
    const seen = new Set<string>();
    const org = table.organizations;
    assert.ok(org !== undefined);
    for (let i = 0; i < table.length; i++)
      seen.add(`${org.id.values[org.id.codes[i] ?? -1]}|${org.name.values[org.name.codes[i] ?? -1]}`);
    assert.deepEqual(
      [...seen].sort(),
      DEMO_ORGANIZATIONS.map((d) => `${d.organizationId}|${d.name}`),
    );
  } finally {
    await conn.close();
  }
});
