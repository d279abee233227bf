// Property: the sync (`npm run sync`'s syncStore with its directory listing, in-process, into a DuckDB file) on a
// random organization, range, endpoints and fault schedule either finishes with the store holding exactly what the
// emulator's raw pages add up to, or stops with one typed error; then a fault-free sync completes the same store to
// exactly that (no gap, no duplicate). No key in the store or the error, no unhandled rejection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { UsageClient, isUsageApiError } from '../../lib/api/index';
import type { EndpointName } from '../../lib/api/endpoints';
import { startEmulator, type FaultPlan, type RunningEmulator } from '../../lib/emulator/index';
import { directoryLister } from '../../lib/store/directory-entries';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import {
  CAMPAIGN_NOW as NOW,
  CAMPAIGN_TIMEOUT_MS,
  CampaignFigures,
  KNOWN_OPEN_BUGS,
  campaignParameters,
  fixedOrg,
  faultPlan,
  hitsApiKeysPathBug,
  injectedFaults,
  orgCase,
  plannedFaults,
  type OrgCase,
} from '../helpers/fault-campaign';
import {
  aggregates,
  assertAggregatesClose,
  defaultTierRanges,
  dumpTables,
  duplicateKeys,
  rawAggregates,
  tempDir,
} from '../store/helpers';

const figures = new CampaignFigures('sync');
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const tmp = tempDir('sync-campaign-');
before(() => process.on('unhandledRejection', onUnhandled));
after(() => {
  process.off('unhandledRejection', onUnhandled);
  tmp.remove();
  figures.print();
});

interface SyncCase {
  org: OrgCase;
  endpoints: EndpointName[];
  /** Range start, hours before now. */
  sinceHours: number;
  faults: FaultPlan;
}

let caseNumber = 0;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
}

/** One sync with the campaign's short timeouts and retries; resolves to the error it stopped with, if any. */
async function syncOnce(
  emu: RunningEmulator,
  file: string,
  c: SyncCase,
  timeoutMs = CAMPAIGN_TIMEOUT_MS,
): Promise<unknown> {
  const client = new UsageClient({
    apiKey: emu.adminKey,
    baseURL: emu.baseURL,
    now: () => NOW * 1000,
    timeoutMs,
    retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 },
  });
  const store = await DuckDbStore.open(file);
  try {
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: NOW,
      since: NOW - c.sinceHours * 3600,
      endpoints: c.endpoints,
      listDirectory: directoryLister(client, {
        onUnavailable: () => figures.add('directory unavailable notices'),
        onIncomplete: () => figures.add('directory incomplete notices'),
      }),
    });
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await store.close();
    client.close();
  }
}

async function runCase(c: SyncCase): Promise<void> {
  figures.add('cases tried');
  const ids = c.org.dataset.projectIds ?? [];
  const emu = await startEmulator({
    now: () => NOW,
    seed: 23,
    dataset: c.org.dataset,
    directory: c.org.directory,
    recordBodies: true,
    faults: c.faults,
  });
  const file = path.join(tmp.dir, `case-${caseNumber++}.duckdb`);
  try {
    const error = await syncOnce(emu, file, c);
    figures.add('faults injected', injectedFaults(emu));
    if (error !== undefined) {
      if (
        KNOWN_OPEN_BUGS.apiKeysPathOfHostileProjectId &&
        error instanceof TypeError &&
        /^invalid path: /.test(error.message) &&
        ids.some(hitsApiKeysPathBug)
      ) {
        figures.add('known bug 1 hits (api_keys path)');
        figures.notes.push(
          `known bug 1 (api_keys path): project IDs ${JSON.stringify(ids.filter(hitsApiKeysPathBug))}`,
        );
      } else {
        assert.ok(isUsageApiError(error), `one typed error, got ${describe(error)}`);
        assert.ok(plannedFaults(c.faults) > 0, `stopped without any fault: ${error.message}`);
        assert.ok(!error.message.includes(emu.adminKey), 'no key in the error');
        figures.add('syncs stopped with a typed error');
      }
      // The next, fault-free sync completes what the stopped one left.
      emu.setFaults({});
      const again = await syncOnce(emu, file, c, 60_000);
      if (again !== undefined && !(again instanceof TypeError && ids.some(hitsApiKeysPathBug)))
        assert.fail(`the fault-free sync failed: ${describe(again)}`);
      figures.add('stopped syncs resumed');
    } else {
      figures.add('syncs finished');
    }
    emu.setFaults({});
    const store = await DuckDbStore.open(file);
    try {
      // What the store holds is what the emulator's raw JSON adds up to, fetched now with plain fetch, fault-free.
      assertAggregatesClose(
        await aggregates(store),
        await rawAggregates(emu, c.endpoints, defaultTierRanges(NOW - c.sinceHours * 3600, NOW)),
      );
      for (const e of c.endpoints) assert.equal(await duplicateKeys(store, e), 0, `no row twice in ${e}`);
      const text = JSON.stringify([await dumpTables(store, c.endpoints), await store.readDirectory()]);
      assert.ok(!text.includes(emu.adminKey), 'no key in the store');
    } finally {
      await store.close();
    }
    assert.ok(!readFileSync(file).includes(emu.adminKey), 'no key in the file');
  } finally {
    await emu.close();
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
}

/** Shrunk counterexamples, run first every time. */
const SHRUNK: Array<[SyncCase]> = [
  // No project, no traffic: the store holds nothing, and nothing is expected (the raw aggregates had an empty group).
  [{ org: fixedOrg([]), endpoints: ['costs'], sinceHours: 1, faults: {} }],
  // Known bug 1 (KNOWN_OPEN_BUGS.apiKeysPathOfHostileProjectId): the directory listing throws a TypeError.
  [{ org: fixedOrg(['~']), endpoints: ['embeddings'], sinceHours: 3, faults: {} }],
];

const cases: fc.Arbitrary<SyncCase> = orgCase(6).chain((org) =>
  fc.record({
    org: fc.constant(org),
    endpoints: fc.subarray<EndpointName>(['completions', 'embeddings', 'costs'], { minLength: 1 }),
    sinceHours: fc.integer({ min: 1, max: 72 }),
    // Revised buckets are the notebooks' property: a sync re-reads only its trailing window, by design.
    faults: faultPlan(org.dataset.projectIds ?? [], NOW).map((plan) => {
      const rest = { ...plan };
      delete rest.reviseBetweenPages;
      return rest;
    }),
  }),
);

test('sync under random organizations, ranges and faults: the raw totals exactly once, or one typed error and a clean resume', async () => {
  await fc.assert(fc.asyncProperty(cases, runCase), campaignParameters(6, SHRUNK));
});
