// Two emulated organizations whose projects have the same names, synced into one DuckDB and one PostgreSQL store:
// each organization's figures are its own API's, exactly once, through repeats, overlaps, a revision and a failure.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient, organizationSpendLimit, projectSpendLimit, spendAlerts } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore } from '../../lib/store/open-store';
import { defaultGrouping } from '../../lib/store/plan-sync';
import type { OrganizationIdentity, UsageStore } from '../../lib/store/store';
import { syncStore } from '../../lib/store/sync';
import { storedSpendLimits } from '../../lib/store/directory-entries';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { DAY, NOW, contentOf, duplicateKeys, floorTo, rawBuckets, tempDir } from './helpers';

const NAMES = ['Research', 'Platform', 'Support', 'Billing', 'Search'];
const A: OrganizationIdentity = { id: 'org-aaaaaaaaaaaaaaaaaaaaaaaa', name: 'acme', idSource: 'header' };
const B: OrganizationIdentity = { id: 'org-bbbbbbbbbbbbbbbbbbbbbbbb', name: 'globex', idSource: 'header' };
const ENDPOINTS = ['completions', 'costs'] as const;
const SINCE = NOW - 5 * DAY;

function amount(r: Record<string, unknown>): number {
  const a = r['amount'];
  return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
}

describe('two organizations, one store', () => {
  const tmp = tempDir('store-orgs-');
  const emus: RunningEmulator[] = [];
  const clients: UsageClient[] = [];
  let pg: TestPostgres | undefined;
  const emulator = async (seed: number, extra: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> => {
    const emu = await startEmulator({
      now: () => NOW,
      seed,
      dataset: { streams: 20 },
      directory: { projectNames: NAMES },
      ...extra,
    });
    emus.push(emu);
    return emu;
  };
  const clientOf = (emu: RunningEmulator): UsageClient => {
    const c = new UsageClient({
      apiKey: emu.adminKey,
      baseURL: emu.baseURL,
      now: () => NOW * 1000,
      retry: { maxRetries: 1, initialDelayMs: 1 },
    });
    clients.push(c);
    return c;
  };
  const sync = (
    emu: RunningEmulator,
    store: UsageStore,
    organization: OrganizationIdentity,
    since = SINCE,
  ): ReturnType<typeof syncStore> => {
    const client = clientOf(emu);
    return syncStore({
      client,
      store,
      organization,
      now: NOW,
      since,
      endpoints: ENDPOINTS,
      listDirectory: async () => {
        const { directoryLister } = await import('../../lib/store/directory-entries');
        return directoryLister(client, { onUnavailable: () => undefined, onIncomplete: () => undefined })();
      },
    });
  };
  before(async () => {
    if (skipWithoutPostgres() === false) pg = await startTestPostgres();
  });
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(emus.map((e) => e.close()));
    pg?.stop();
    tmp.remove();
  });

  test('a result field called organization_id stays in extra: the key is the organization synced', async () => {
    const store = await openStore(path.join(tmp.dir, 'extra.duckdb'));
    try {
      const day = floorTo(NOW - 3 * DAY, '1d');
      const result = {
        object: 'organization.costs.result',
        amount: { value: 2.5, currency: 'usd' },
        project_id: 'proj_a',
        organization_id: 'org-from-the-result',
      };
      await store.writeWindow({
        organizationId: A.id,
        endpoint: 'costs',
        grouping: 'project_id',
        width: '1d',
        start: day,
        end: day + DAY,
        final: true,
        syncedAt: NOW,
        buckets: [{ object: 'bucket', start_time: day, end_time: day + DAY, results: [result] }],
      });
      const rows = await store.query('SELECT organization_id, extra FROM costs');
      assert.deepEqual(rows, [{ organization_id: A.id, extra: '{"organization_id":"org-from-the-result"}' }]);
      const range = { start: day, end: day + DAY, width: '1d' as const };
      const asSent = await store.readRange('costs', { ...range, groupBy: ['project_id'] });
      assert.equal(asSent[0]?.results[0]?.['organization_id'], 'org-from-the-result', 'given back as the API sent it');
      const keyed = await store.readRange('costs', { ...range, groupBy: ['organization_id', 'project_id'] });
      assert.equal(keyed[0]?.results[0]?.['organization_id'], A.id, 'the key, not the field');
      await assert.rejects(store.readRange('costs', { ...range, organizations: [B.id] }), /organization "org-b/);
    } finally {
      await store.close();
    }
  });

  for (const kind of ['duckdb', 'postgres'] as const) {
    test(
      `${kind}: each organization's totals are its own API's, exactly once, and one failing leaves the other`,
      {
        skip: kind === 'postgres' ? skipWithoutPostgres() : false,
      },
      async () => {
        const location =
          kind === 'duckdb' ? path.join(tmp.dir, 'orgs.duckdb') : await createDatabase(pg?.url ?? '', 'two_orgs');
        const emuA = await emulator(7);
        const emuB = await emulator(8);
        const store = await openStore(location);
        try {
          // Overlapping and repeated syncs of both.
          await sync(emuA, store, A);
          await sync(emuB, store, B, NOW - 3 * DAY);
          await sync(emuB, store, B);
          await sync(emuA, store, A, NOW - 7 * DAY);
          await sync(emuA, store, A, NOW - 7 * DAY);
          // A's API revises a day inside the trailing window: A's next sync replaces it, B's rows stay.
          const day = floorTo(NOW - DAY, '1d');
          const revisedA = await emulator(7, { revision: { start: day, end: day + DAY, scale: 3 } });
          await sync(revisedA, store, A, NOW - 7 * DAY);
          const truth = new Map<string, RunningEmulator>([
            [A.id, revisedA],
            [B.id, emuB],
          ]);
          const since = new Map([
            [A.id, NOW - 7 * DAY],
            [B.id, SINCE],
          ]);
          for (const endpoint of ENDPOINTS) {
            assert.equal(await duplicateKeys(store, endpoint), 0, `${endpoint}: no key twice`);
            for (const width of endpoint === 'costs' ? (['1d'] as const) : (['1d', '1h'] as const)) {
              const groupBy = defaultGrouping(endpoint);
              for (const [id, emu] of truth) {
                const from = floorTo(since.get(id) ?? SINCE, width);
                const raw = await rawBuckets(emu, endpoint, from, NOW, width, groupBy);
                const stored = await store.readRange(endpoint, {
                  start: from,
                  end: NOW,
                  width,
                  groupBy,
                  organizations: [id],
                });
                assert.deepEqual(contentOf(stored), contentOf(raw), `${id} ${endpoint} ${width}`);
              }
            }
          }
          // Summed over both (the default), and kept apart with the organization_id pseudo-dimension.
          const from = floorTo(SINCE, '1d');
          const rawA = await rawBuckets(revisedA, 'costs', from, NOW, '1d', ['project_id']);
          const rawB = await rawBuckets(emuB, 'costs', from, NOW, '1d', ['project_id']);
          const both = await store.readRange('costs', { start: from, end: NOW, width: '1d' });
          const apart = await store.readRange('costs', {
            start: from,
            end: NOW,
            width: '1d',
            groupBy: ['organization_id', 'project_id'],
          });
          both.forEach((b, i) => {
            const want =
              (rawA[i]?.results ?? []).reduce((s, r) => s + amount(r), 0) +
              (rawB[i]?.results ?? []).reduce((s, r) => s + amount(r), 0);
            const got = b.results.reduce((s, r) => s + amount(r), 0);
            assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `summed ${b.start_time}: ${got} vs ${want}`);
            assert.ok(b.results.every((r) => !('organization_id' in r) || r['organization_id'] !== A.id));
          });
          for (const [id, raw] of [
            [A.id, rawA],
            [B.id, rawB],
          ] as const) {
            const total = raw.reduce((s, b) => s + b.results.reduce((t, r) => t + amount(r), 0), 0);
            const got = apart.reduce(
              (s, b) => s + b.results.filter((r) => r['organization_id'] === id).reduce((t, r) => t + amount(r), 0),
              0,
            );
            assert.ok(Math.abs(got - total) <= 1e-9 * total, `${id}: ${got} vs ${total}`);
          }
          // The same project names in both organizations stay two rows apart in the BI view, each with its own sum.
          const byName = await store.query(
            'SELECT organization_id, organization, project_name, sum(amount_value) AS v FROM costs_daily WHERE start_time >= $1 GROUP BY 1, 2, 3 ORDER BY 1, 3',
            [from],
          );
          const names = new Set(byName.map((r) => String(r['project_name'])));
          assert.ok(
            [...names].some((n) => NAMES.includes(n)),
            [...names].join(', '),
          );
          for (const org of [A, B]) {
            const mine = byName.filter((r) => r['organization_id'] === org.id);
            assert.ok(mine.length > 1 && mine.every((r) => r['organization'] === org.name));
            const dir = await store.readDirectory([org.id]);
            assert.ok(dir.every((e) => e.organization_id === org.id) && dir.some((e) => e.kind === 'project'));
            // Spend limits and alerts as the API gives them, with no request at read time.
            const stored = await storedSpendLimits(store, org.id);
            const api = clientOf(truth.get(org.id) ?? emuA);
            assert.equal(stored.read, true);
            assert.deepEqual(stored.organizationLimit, await organizationSpendLimit(api));
            const byId = (x: { id: string }, y: { id: string }): number => (x.id < y.id ? -1 : 1);
            assert.deepEqual(stored.alerts, (await spendAlerts(api)).sort(byId), 'alerts, by ID');
            const projects = dir
              .filter((e) => e.kind === 'project')
              .map((e) => e.id)
              .sort((x, y) => (x < y ? -1 : 1));
            const limits = [];
            for (const id of projects) {
              const l = await projectSpendLimit(api, id);
              if (l !== null) limits.push(l);
            }
            assert.deepEqual(stored.projectLimits, limits);
          }
          const shared = NAMES.filter((n) => byName.filter((r) => r['project_name'] === n).length === 2);
          assert.ok(shared.length > 0, 'a project name in both organizations');
          // A third organization's sync fails (its server answers 500): the two others' rows are exactly as they were.
          const dump = async (): Promise<string> =>
            JSON.stringify(
              await store.query(
                'SELECT organization_id, start_time, bucket_width, group_by, count(*) AS n, sum(amount_value) AS v FROM costs GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4',
              ),
            );
          const beforeFailure = await dump();
          const broken = await emulator(9, { faults: { serverError: { count: 10_000, status: 500 } } });
          await assert.rejects(
            sync(broken, store, { id: 'org-cccccccccccccccccccccccc', name: 'c', idSource: 'header' }),
          );
          assert.equal(await dump(), beforeFailure);
          assert.deepEqual(
            (await store.listOrganizations()).map((o) => o.name),
            ['acme', 'c', 'globex'],
          );
        } finally {
          await store.close();
        }
      },
    );
  }
});
