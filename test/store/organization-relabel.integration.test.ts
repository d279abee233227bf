// A name's stand-in ID (`name:<NAME>`, synced while its server sent no openai-organization header) becomes its real
// ID on the first sync that learns it: every row moves, a bucket both held is stored once (the real ID's copy),
// coverage stays truthful, and a header that disappears again never splits the organization. DuckDB and PostgreSQL.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { UsageClient, resolveOrganization } from '../../lib/api/index';
import { ENDPOINTS as ENDPOINTS_SPEC, type EndpointName } from '../../lib/catalogue/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { directoryLister } from '../../lib/store/directory-entries';
import { openStore } from '../../lib/store/open-store';
import { organizationTables } from '../../lib/store/organization-tables';
import { normalizeCoverage } from '../../lib/store/coverage';
import { defaultGrouping } from '../../lib/store/plan-sync';
import type { OrganizationIdentity, UsageStore } from '../../lib/store/store';
import { groupingKey } from '../../lib/store/table-schema';
import { syncStore, type SyncOptions } from '../../lib/store/sync';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server';
import { DAY, NOW, contentOf, duplicateKeys, floorTo, rawBuckets, tempDir } from './helpers';

const ENDPOINTS = ['completions', 'costs'] as const;
const ORG_ID = 'org-relabelrelabelrelabel1';

/** A gateway in front of `emu` that forwards every request and drops the openai-organization header. */
async function strippingProxy(emu: RunningEmulator): Promise<ScriptedServer> {
  return startScriptedServer(async (req) => {
    const url = new URL(`${req.path}${req.rawQuery === '' ? '' : `?${req.rawQuery}`}`, emu.baseURL);
    const auth = req.headers['authorization'];
    const reply = await fetch(url, { headers: typeof auth === 'string' ? { authorization: auth } : {} });
    const headers: Record<string, string> = {};
    reply.headers.forEach((value, name) => {
      if (name !== 'openai-organization' && name !== 'content-length' && name !== 'connection') headers[name] = value;
    });
    return { status: reply.status, headers, body: await reply.text() };
  });
}

function amountOf(r: Record<string, unknown>): number {
  const a = r['amount'];
  return typeof a === 'object' && a !== null && 'value' in a ? Number(a.value) : 0;
}

/** Every row of any table still carrying a stand-in ID. */
async function standInRows(store: UsageStore): Promise<number> {
  let n = 0;
  const columns: Array<[string, string]> = [
    ...organizationTables().map((t): [string, string] => [t, 'organization_id']),
    ['organizations', 'organization_id'],
    ['alert_events', 'organization'],
    ['alert_deliveries', 'organization'],
  ];
  for (const [table, column] of columns) {
    const rows = await store.query(`SELECT count(*) AS c FROM "${table}" WHERE "${column}" LIKE 'name:%'`);
    n += Number(rows[0]?.['c']);
  }
  return n;
}

/**
 * Coverage of one organization per key: sorted, never overlapping, and (`gapless`, when the syncs' ranges met)
 * never leaving a hole.
 */
async function assertTruthfulCoverage(store: UsageStore, organizationId: string, gapless = true): Promise<void> {
  for (const key of await store.coverageKeys([organizationId])) {
    const intervals = await store.coverage(key);
    const name = `${key.endpoint} ${key.grouping} ${key.width}`;
    intervals.forEach((c, i) => {
      const next = intervals[i + 1];
      assert.ok(c.start < c.end, `${name}: empty interval`);
      if (next === undefined) return;
      if (gapless) assert.equal(next.start, c.end, `${name}: hole or overlap at ${c.end}`);
      else assert.ok(next.start >= c.end, `${name}: overlap at ${next.start}`);
    });
  }
}

/** The store's costs per UTC day of one organization (the BI view) against the API's own daily totals. */
async function assertDailySums(store: UsageStore, emu: RunningEmulator, organizationId: string, from: number) {
  const raw = await rawBuckets(emu, 'costs', from, NOW, '1d', []);
  const want = new Map(raw.map((b) => [b.start_time, b.results.reduce((s, r) => s + amountOf(r), 0)]));
  const rows = await store.query(
    'SELECT start_time, sum(amount_value) AS usd FROM costs_daily WHERE organization_id = $1 AND start_time >= $2 GROUP BY start_time ORDER BY start_time',
    [organizationId, from],
  );
  const got = new Map(rows.map((r) => [Number(r['start_time']), Number(r['usd'])]));
  for (const [day, usd] of want) {
    if (usd === 0 && !got.has(day)) continue;
    const stored = got.get(day) ?? NaN;
    assert.ok(Math.abs(stored - usd) <= 1e-9 * Math.max(1, usd), `day ${day}: stored ${stored}, API ${usd}`);
  }
  assert.deepEqual(
    [...got.keys()].filter((d) => !want.has(d)),
    [],
    'no stored day the API does not have',
  );
}

/** Every stored bucket of `[from, NOW)` at the default grouping equals the API's, at each width synced over it. */
async function assertBucketsAsApi(store: UsageStore, emu: RunningEmulator, organizationId: string, from: number) {
  for (const endpoint of ENDPOINTS) {
    assert.equal(await duplicateKeys(store, endpoint), 0, `${endpoint}: a key twice`);
    for (const width of endpoint === 'costs' ? (['1d'] as const) : (['1d', '1h'] as const)) {
      const start = floorTo(from, width);
      const groupBy = defaultGrouping(endpoint);
      const raw = await rawBuckets(emu, endpoint, start, NOW, width, groupBy);
      const stored = await store.readRange(endpoint, {
        start,
        end: NOW,
        width,
        groupBy,
        organizations: [organizationId],
      });
      assert.deepEqual(contentOf(stored), contentOf(raw), `${endpoint} ${width}`);
    }
  }
}

describe('a stand-in ID relabelled to the real one', () => {
  const tmp = tempDir('store-relabel-');
  const closers: Array<() => Promise<void> | void> = [];
  let pg: TestPostgres | undefined;
  const emulator = async (extra: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> => {
    const emu = await startEmulator({
      now: () => NOW,
      seed: 11,
      organizationId: ORG_ID,
      dataset: { streams: 12 },
      ...extra,
    });
    closers.push(() => emu.close());
    return emu;
  };
  const clientOf = (baseURL: string, apiKey: string): UsageClient => {
    const c = new UsageClient({ apiKey, baseURL, now: () => NOW * 1000, retry: { maxRetries: 1, initialDelayMs: 1 } });
    closers.push(() => c.close());
    return c;
  };
  /** Resolves the name's identity as every sync does (header, else the stand-in), then syncs with it. */
  const sync = async (
    client: UsageClient,
    store: UsageStore,
    name: string,
    options: Partial<SyncOptions> & { since: number; directory?: boolean },
  ): Promise<{ identity: OrganizationIdentity; notices: string[]; stored: OrganizationIdentity }> => {
    const notices: string[] = [];
    const identity = await resolveOrganization(client, { name }, {}, { onNotice: (l) => notices.push(l) });
    const { directory, ...rest } = options;
    const report = await syncStore({
      client,
      store,
      organization: identity,
      now: NOW,
      endpoints: ENDPOINTS,
      onNotice: (l) => notices.push(l),
      ...(directory === true
        ? { listDirectory: directoryLister(client, { onUnavailable: () => undefined, onIncomplete: () => undefined }) }
        : {}),
      ...rest,
    });
    return { identity, notices, stored: report.organization };
  };
  before(async () => {
    if (skipWithoutPostgres() === false) pg = await startTestPostgres();
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
    pg?.stop();
    tmp.remove();
  });

  for (const kind of ['duckdb', 'postgres'] as const) {
    const open = async (name: string): Promise<UsageStore> =>
      openStore(kind === 'duckdb' ? path.join(tmp.dir, `${name}.duckdb`) : await createDatabase(pg?.url ?? '', name));

    test(
      `${kind}: the header appears, every stand-in row moves to the ID; when it disappears, rows stay under the ID`,
      { skip: kind === 'postgres' ? skipWithoutPostgres() : false },
      async () => {
        const emu = await emulator();
        const proxy = await strippingProxy(emu);
        closers.push(() => proxy.close());
        const store = await open('relabel_appears');
        try {
          const early = NOW - 6 * DAY;
          const first = await sync(clientOf(proxy.baseURL, emu.adminKey), store, 'acme', {
            since: early,
            now: NOW - 3600,
            until: NOW - 3600,
            directory: true,
          });
          const standInDirectory = await store.readDirectory(['name:acme']);
          assert.ok(standInDirectory.some((e) => e.kind === 'project'));
          assert.deepEqual(first.identity, { id: 'name:acme', name: 'acme', idSource: 'name' });
          assert.equal(first.stored.id, 'name:acme');
          const standInRowCount = Number(
            (await store.query("SELECT count(*) AS n FROM costs WHERE organization_id = 'name:acme'"))[0]?.['n'],
          );
          assert.ok(standInRowCount > 0);
          // The header reaches the sync now (the gateway forwards it): an overlapping range, under the real ID.
          const second = await sync(clientOf(emu.baseURL, emu.adminKey), store, 'acme', { since: NOW - 4 * DAY });
          assert.deepEqual(second.identity, { id: ORG_ID, name: 'acme', idSource: 'header' });
          const said = second.notices.filter((l) => l.includes('stand-in'));
          assert.equal(said.length, 1, second.notices.join('\n'));
          assert.match(
            said[0] ?? '',
            new RegExp(
              `^organization acme: rows stored under the stand-in name:acme \\(no header then\\) are now under ${ORG_ID} \\(\\d+ rows moved\\)$`,
            ),
          );
          assert.equal(await standInRows(store), 0, 'no name: row left');
          // This sync listed no directory: the stand-in's, moved, names the projects.
          assert.deepEqual(
            await store.readDirectory([ORG_ID]),
            standInDirectory.map((e) => ({ ...e, organization_id: ORG_ID })),
          );
          assert.deepEqual(
            (await store.listOrganizations()).map((o) => [o.id, o.name, o.idSource, o.firstSyncedAt, o.syncedAt]),
            [[ORG_ID, 'acme', 'header', NOW - 3600, NOW]],
            'one organization, first synced when the stand-in was',
          );
          await assertBucketsAsApi(store, emu, ORG_ID, early);
          await assertDailySums(store, emu, ORG_ID, floorTo(early, '1d'));
          await assertTruthfulCoverage(store, ORG_ID);
          // The summed read (every organization) is the API's once, not twice.
          const all = await store.readRange('costs', { start: floorTo(early, '1d'), end: NOW, width: '1d' });
          const raw = await rawBuckets(emu, 'costs', floorTo(early, '1d'), NOW, '1d', []);
          assert.deepEqual(
            all.map((b) => b.start_time),
            raw.map((b) => b.start_time),
          );
          all.forEach((b, i) => {
            const got = b.results.reduce((t, r) => t + amountOf(r), 0);
            const want = (raw[i]?.results ?? []).reduce((t, r) => t + amountOf(r), 0);
            assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `${b.start_time}: ${got} vs ${want}`);
          });

          // The header goes away again: the name's stored ID is used, nothing is split off under name:acme.
          const third = await sync(clientOf(proxy.baseURL, emu.adminKey), store, 'acme', { since: NOW - 2 * DAY });
          assert.equal(third.identity.id, 'name:acme');
          assert.deepEqual(third.stored, { id: ORG_ID, name: 'acme', idSource: 'header' });
          const kept = third.notices.filter((l) => l.includes('stay under'));
          assert.equal(kept.length, 1, third.notices.join('\n'));
          assert.match(kept[0] ?? '', new RegExp(`stay under ${ORG_ID}, .*set OPENAI_ORG_ID_acme=${ORG_ID}`));
          assert.equal(await standInRows(store), 0);
          assert.equal((await store.listOrganizations()).length, 1);
          await assertBucketsAsApi(store, emu, ORG_ID, early);
          await assertTruthfulCoverage(store, ORG_ID);
        } finally {
          await store.close();
        }
      },
    );

    test(
      `${kind}: where both IDs hold a bucket, a partial bucket, the directory or an alert event, the real ID's copy is the one kept`,
      { skip: kind === 'postgres' ? skipWithoutPostgres() : false },
      async () => {
        const emu = await emulator();
        const proxy = await strippingProxy(emu);
        closers.push(() => proxy.close());
        // The API revised a day the stand-in had stored as final: the real ID's later copy has the revised figures.
        const day = floorTo(NOW - 4 * DAY, '1d');
        const revised = await emulator({ revision: { start: day, end: day + DAY, scale: 3 } });
        const store = await open('relabel_both');
        try {
          const early = NOW - 6 * DAY;
          // A notebook's exact start: a partial first bucket, kept apart, that both IDs store for the same span.
          const offGrid = floorTo(NOW - 5 * DAY, '1d') + 5 * 3600;
          const partial = {
            since: offGrid,
            exactStart: true,
            endpoints: ['costs'] as EndpointName[],
            groupings: { costs: ['project_id'] },
            tiers: [{ width: '1d' as const, maxAgeSeconds: null }],
          };
          const viaProxy = clientOf(proxy.baseURL, emu.adminKey);
          await sync(viaProxy, store, 'acme', { since: early, now: NOW - 7200, until: NOW - 7200, directory: true });
          await sync(viaProxy, store, 'acme', { ...partial, now: NOW - 7200, until: NOW - 7200 });
          // The same organization synced under another configured name (acme_eu, later renamed acme), with its ID.
          const direct = clientOf(revised.baseURL, revised.adminKey);
          await sync(direct, store, 'acme_eu', {
            since: NOW - 5 * DAY,
            now: NOW - 3600,
            until: NOW - 3600,
            directory: true,
          });
          await sync(direct, store, 'acme_eu', { ...partial, now: NOW - 3600, until: NOW - 3600 });
          // Alert events: one both recorded (sent twice already), one the stand-in alone recorded.
          const event = (organization: string, scope: string, payload: string) => ({
            organization,
            rule: 'daily',
            ruleType: 'anomaly',
            scope,
            period: '2025-02-07',
            state: 'firing' as const,
            payload,
            channels: ['ops'],
          });
          await store.recordAlertEvents(
            [event('name:acme', 'organization', 'stand-in'), event('name:acme', 'project:p1', 'only')],
            NOW - 7000,
          );
          await store.recordAlertEvents([event(ORG_ID, 'organization', 'real')], NOW - 3000);
          const dirBefore = await store.readDirectory([ORG_ID]);
          assert.ok(dirBefore.length > 0 && (await store.readDirectory(['name:acme'])).length > 0);
          const standInDays = Number(
            (await store.query("SELECT count(*) AS n FROM coverage WHERE organization_id = 'name:acme'"))[0]?.['n'],
          );
          assert.ok(standInDays > 0);

          const last = await sync(direct, store, 'acme', { since: NOW - 3 * DAY });
          assert.equal(last.stored.id, ORG_ID);
          const said = last.notices.find((l) => l.includes('stand-in')) ?? '';
          assert.match(
            said,
            /\(\d+ rows moved; \d+ rows of buckets org-\S+ held as well dropped, its own copy kept\)$/,
          );
          assert.equal(await standInRows(store), 0, 'no name: row left');
          const orgs = await store.listOrganizations();
          assert.deepEqual(
            orgs.map((o) => [o.id, o.name, o.firstSyncedAt, o.syncedAt]),
            [[ORG_ID, 'acme', NOW - 7200, NOW]],
            'one organization: the stand-in first synced it',
          );
          // Every bucket once, with the revised (real ID's) figures on the revised day.
          await assertBucketsAsApi(store, revised, ORG_ID, early);
          await assertDailySums(store, revised, ORG_ID, floorTo(early, '1d'));
          await assertTruthfulCoverage(store, ORG_ID);
          // The partial first bucket: one, the real ID's (revised API), exactly as the API answers that span.
          const partials = await store.query(
            "SELECT start_time, end_time FROM partial_coverage WHERE organization_id = $1 AND endpoint = 'costs' AND group_by = 'project_id'",
            [ORG_ID],
          );
          assert.equal(partials.length, 1);
          const boundary = floorTo(offGrid, '1d') + DAY;
          const rawPartial = await rawBuckets(revised, 'costs', offGrid, boundary, '1d', ['project_id']);
          const storedPartial = await store.readRange('costs', {
            start: offGrid,
            end: boundary,
            width: '1d',
            groupBy: ['project_id'],
            organizations: [ORG_ID],
          });
          assert.deepEqual(contentOf(storedPartial), contentOf(rawPartial));
          // The directory (this sync listed none): the real ID's, replaced whole at each sync, never both.
          assert.deepEqual(await store.readDirectory(), dirBefore);
          // Alerts: the event both recorded once (the real ID's), the stand-in's other event moved, with its delivery.
          const events = await store.query('SELECT organization, scope, payload FROM alert_events ORDER BY scope');
          assert.deepEqual(events, [
            { organization: ORG_ID, scope: 'organization', payload: 'real' },
            { organization: ORG_ID, scope: 'project:p1', payload: 'only' },
          ]);
          assert.deepEqual(
            (await store.alertDeliveries()).map((d) => `${d.organization} ${d.scope} ${d.channel} ${d.status}`).sort(),
            [`${ORG_ID} organization ops pending`, `${ORG_ID} project:p1 ops pending`],
          );
        } finally {
          await store.close();
        }
      },
    );
  }

  test('property: whatever ranges the stand-in and the real ID synced, every bucket is stored once, as the API has it', async () => {
    const emu = await emulator({ dataset: { streams: 6 } });
    const proxy = await strippingProxy(emu);
    closers.push(() => proxy.close());
    const viaProxy = clientOf(proxy.baseURL, emu.adminKey);
    const direct = clientOf(emu.baseURL, emu.adminKey);
    const today = floorTo(NOW, '1d');
    let run = 0;
    // A range: from a moment of a past day (off the grid) to a later day boundary, or to now.
    const range = fc
      .record({
        endsAgo: fc.integer({ min: 0, max: 8 }),
        days: fc.integer({ min: 0, max: 6 }),
        offset: fc.nat(DAY - 1),
      })
      .map(({ endsAgo, days, offset }) => ({
        since: today - (Math.max(1, endsAgo) + days) * DAY + offset,
        until: endsAgo === 0 ? NOW : today - (endsAgo - 1) * DAY,
      }));
    await fc.assert(
      fc.asyncProperty(range, fc.option(range, { nil: undefined }), range, async (standIn, earlierReal, last) => {
        const store = await openStore(path.join(tmp.dir, `property-${run++}.duckdb`));
        try {
          const at = (r: { since: number; until: number }): Partial<SyncOptions> & { since: number } => ({
            endpoints: ['costs'],
            tiers: [{ width: '1d', maxAgeSeconds: null }],
            since: r.since,
            until: r.until,
            now: r.until,
          });
          await sync(viaProxy, store, 'acme', at(standIn));
          // The same organization synced with its ID under another name before: both hold the overlap.
          if (earlierReal !== undefined) await sync(direct, store, 'acme_eu', at(earlierReal));
          const final = await sync(direct, store, 'acme', at(last));
          assert.equal(final.stored.id, ORG_ID);
          assert.equal(await standInRows(store), 0);
          assert.equal(await duplicateKeys(store, 'costs'), 0);
          assert.equal((await store.listOrganizations()).length, 1);
          await assertTruthfulCoverage(store, ORG_ID, false);
          // Nothing lost: the coverage is exactly what the syncs held together, and holds what the API has.
          const held = normalizeCoverage(
            [standIn, ...(earlierReal === undefined ? [] : [earlierReal]), last].map((r) => ({
              start: floorTo(r.since, '1d'),
              end: r.until,
              final: true,
            })),
          );
          const grouping = defaultGrouping('costs');
          const key = {
            organizationId: ORG_ID,
            endpoint: 'costs' as const,
            grouping: groupingKey(ENDPOINTS_SPEC.costs, grouping),
            width: '1d' as const,
          };
          const covered = normalizeCoverage((await store.coverage(key)).map((c) => ({ ...c, final: true })));
          assert.deepEqual(covered, held);
          for (const c of covered) {
            const stored = await store.readRange('costs', {
              start: c.start,
              end: c.end,
              width: '1d',
              groupBy: grouping,
              organizations: [ORG_ID],
            });
            assert.deepEqual(
              contentOf(stored),
              contentOf(await rawBuckets(emu, 'costs', c.start, c.end, '1d', grouping)),
            );
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 12, seed: 17 },
    );
  });
});
