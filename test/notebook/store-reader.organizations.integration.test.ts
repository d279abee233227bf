// The notebooks' store reader over two organizations with same-named projects (issue 17): a read of both tags every
// result with its organization, so the tables keep them apart, each organization's rows equal to its own raw API
// sums; a sync of both stores each under its own ID; one organization failing leaves the other's rows and a notice.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient, type UsageQuery } from '../../lib/api/index';
import type { WireBucket } from '../../lib/catalogue/index';
import type { RunningEmulator } from '../../lib/emulator/index';
import { costBy, costTable, groupRows, sumBy, usageTable, withNames, type GroupSum } from '../../lib/frames/index';
import type { OrganizationFailure } from '../../lib/notebook/organization-reads';
import { storeNamesLoader, storeReader } from '../../lib/notebook/store-reader';
import { startTwoOrganizations, syncTwoOrganizations, TWO_ORGANIZATIONS as ORGS } from '../helpers/two-organizations';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01T00:00Z: whole days, no partial first bucket to widen
const USAGE: UsageQuery = { start_time: NOW - 7 * DAY, end_time: NOW, bucket_width: '1d', group_by: ['project_id'] };
const COSTS: UsageQuery = { ...USAGE, limit: 31 };
const emulators: RunningEmulator[] = [];
let tmp: { dir: string; remove: () => void };

function clientOf(emu: RunningEmulator, retries = 2): UsageClient {
  return new UsageClient({
    apiKey: emu.adminKey,
    baseURL: emu.baseURL,
    now: () => NOW * 1000,
    retry: { maxRetries: retries, initialDelayMs: 1, maxDelayMs: 2 },
  });
}

/** Per project, summed with a plain loop over what the emulator sent (the client's pages, not the code under test). */
function perProject(
  buckets: readonly WireBucket<object>[],
  value: (r: Record<string, unknown>) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of buckets)
    for (const result of b.results) {
      const r: Record<string, unknown> = { ...result };
      const key = String(r['project_id']);
      out.set(key, (out.get(key) ?? 0) + value(r));
    }
  return out;
}
const tokens = (r: Record<string, unknown>): number => (typeof r['input_tokens'] === 'number' ? r['input_tokens'] : 0);
const amount = (r: Record<string, unknown>): number => {
  const a = r['amount'];
  return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
};

/** Each organization's own raw sums per project: input tokens and billed cost. */
async function rawSums(): Promise<{ tokens: Map<string, number>; cost: Map<string, number> }[]> {
  const out = [];
  for (const emu of emulators) {
    const client = clientOf(emu);
    try {
      out.push({
        tokens: perProject(await client.fetchAll('completions', USAGE), tokens),
        cost: perProject(await client.fetchAll('costs', COSTS), amount),
      });
    } finally {
      client.close();
    }
  }
  return out;
}

/** The rows of one organization, keyed by project, from group sums that kept organizations apart. */
function rowsOf(groups: readonly GroupSum[], organizationId: string, name: string): Map<string, number> {
  const mine = groups.filter((g) => g.keys['organization_id'] === organizationId);
  for (const g of mine) assert.equal(g.keys['organization'], name);
  return new Map(mine.map((g) => [String(g.keys['project_id']), g.value]));
}

function assertClose(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), what);
  for (const [k, v] of expected)
    assert.ok(Math.abs((actual.get(k) ?? NaN) - v) <= 1e-9 * Math.max(1, v), `${what} ${k}`);
}

before(async () => {
  tmp = tempDir('store-reader-orgs-');
  emulators.push(...(await startTwoOrganizations(NOW)));
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  tmp.remove();
});

describe('source "store": a store holding two organizations with same-named projects', () => {
  const file = (): string => path.join(tmp.dir, 'two.duckdb');
  before(async () => {
    await syncTwoOrganizations(file(), emulators, {
      now: NOW,
      since: NOW - 7 * DAY,
      endpoints: ['completions', 'costs'],
    });
  });

  test("each organization's rows equal its own raw API sums, same-named projects apart, nothing summed", async () => {
    const raw = await rawSums();
    const emu = emulators[0];
    assert.ok(emu);
    const client = clientOf(emu);
    const reader = storeReader({ source: 'store', location: file(), client, now: NOW, onNotice: assert.fail });
    try {
      const usage = usageTable('completions', await reader.read('completions', USAGE));
      const costs = costTable(await reader.read('costs', COSTS));
      assert.ok(usage.organizations !== undefined && costs.organizations !== undefined, 'tagged by organization');
      const byProject = sumBy(usage, ['project_id'], 'input_tokens');
      const costByProject = costBy(costs, 'project_id');
      for (const [i, o] of ORGS.entries()) {
        assert.deepEqual(rowsOf(byProject, o.id, o.name), raw[i]?.tokens, `${o.name} input tokens per project`);
        assertClose(
          rowsOf(costByProject, o.id, o.name),
          raw[i]?.cost ?? new Map<string, number>(),
          `${o.name} cost per project`,
        );
      }
      // The same project name in both organizations: two rows, each named with its organization.
      const named = withNames(groupRows(byProject), await storeNamesLoader(reader, assert.fail)());
      const production = named.filter((r) => String(r['project_name']).startsWith('Production'));
      assert.deepEqual(production.map((r) => [r['organization'], r['project_name']]).sort(), [
        ['acme', 'Production (acme)'],
        ['globex', 'Production (globex)'],
      ]);
    } finally {
      await reader.close();
      client.close();
    }
  });

  test('one organization named: its results as the API sends them (no tag), equal to its raw sums', async () => {
    const raw = await rawSums();
    const emu = emulators[1];
    assert.ok(emu);
    const client = clientOf(emu);
    const reader = storeReader({ source: 'store', location: file(), client, now: NOW, organizationNames: ['GLOBEX'] });
    try {
      const buckets = await reader.read('completions', USAGE);
      assert.ok(buckets.every((b) => b.results.every((r) => !('organization' in r))));
      const table = usageTable('completions', buckets);
      assert.equal(table.organizations, undefined);
      const groups = sumBy(table, ['project_id'], 'input_tokens');
      assert.deepEqual(new Map(groups.map((g) => [String(g.keys['project_id']), g.value])), raw[1]?.tokens);
    } finally {
      await reader.close();
      client.close();
    }
  });
});

describe('source "sync" of two organizations', () => {
  test('each synced under its own ID and read back tagged, equal to its raw sums; one failing leaves the other', async () => {
    const raw = await rawSums();
    const clients = emulators.map((e) => clientOf(e, 0));
    const failures: OrganizationFailure[] = [];
    const reader = storeReader({
      source: 'sync',
      location: path.join(tmp.dir, 'sync.duckdb'),
      client: clients[0] ?? assert.fail(),
      now: NOW,
      syncOrganizations: ORGS.map((o, i) => ({
        client: clients[i] ?? assert.fail(),
        identity: { id: o.id, name: o.name, idSource: 'header' },
        claimsUnlabelled: false,
      })),
      onOrganizationFailed: (f) => failures.push(f),
      onNotice: () => undefined,
    });
    try {
      const usage = usageTable('completions', await reader.read('completions', USAGE));
      const groups = sumBy(usage, ['project_id'], 'input_tokens');
      for (const [i, o] of ORGS.entries())
        assert.deepEqual(rowsOf(groups, o.id, o.name), raw[i]?.tokens, `${o.name} synced and read`);
      assert.deepEqual(
        (await reader.organizations()).map((o) => [o.id, o.name]),
        ORGS.map((o) => [o.id, o.name]),
      );
      assert.equal(failures.length, 0);
      // globex's server now answers 500: its sync fails, acme's costs still arrive, and the failure names globex.
      emulators[1]?.setFaults({ serverError: { count: 1000 } });
      const costs = costTable(await reader.read('costs', COSTS));
      assert.ok(costs.organizations !== undefined, 'still tagged: two organizations were asked');
      const byProject = costBy(costs, 'project_id');
      assertClose(rowsOf(byProject, ORGS[0].id, ORGS[0].name), raw[0]?.cost ?? new Map<string, number>(), 'acme cost');
      assert.equal(rowsOf(byProject, ORGS[1].id, ORGS[1].name).size, 0, 'nothing of globex read');
      const [failure, ...more] = failures;
      assert.deepEqual([failure?.name, more.length], ['globex', 0]);
      assert.match(failure?.reason ?? '', /500/);
      assert.ok(!(failure?.reason ?? '').includes(emulators[1]?.adminKey ?? 'sk-'), 'no key in the reason');
    } finally {
      emulators[1]?.setFaults({});
      await reader.close();
      for (const c of clients) c.close();
    }
  });
});
