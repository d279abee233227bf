// Property: the notebooks' data cells (connectNotebook, conn.names, notebookParams, conn.fetch, usageTable/costTable
// and the sums the cells chart) on a random organization, range, grouping and fault schedule either give totals equal
// to the sums of the pages the emulator sent, or stop with one typed error naming the cause; never an unhandled
// rejection, never the key in any output. Seeded (FUZZ_SEED), bounded here, longer with `npm run test:fuzz`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { startEmulator, type FaultPlan, type RunningEmulator } from '../../lib/emulator/index';
import { costBy, costTable, usageTable, metricColumn, sumByColumns, type Names } from '../../lib/frames/index';
import { CellStopped, connectNotebook, notebookParams, type DisplayWriter } from '../../lib/notebook/index';
import {
  CAMPAIGN_NOW as NOW,
  CAMPAIGN_TIMEOUT_MS,
  CampaignFigures,
  KNOWN_OPEN_BUGS,
  fixedOrg,
  campaignParameters,
  close,
  faultPlan,
  hitsApiKeysPathBug,
  injectedFaults,
  orgCase,
  plannedFaults,
  queryCase,
  sentPages,
  sumPages,
  type OrgCase,
  type QueryCase,
} from '../helpers/fault-campaign';
import { getAllBuckets } from '../emulator/helpers';

const figures = new CampaignFigures('notebook data cells');
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => {
  process.off('unhandledRejection', onUnhandled);
  figures.print();
});

/** A notebook's outputs, kept as text (to look for the key) with their role (notice, error, progress…). */
function captureWriter(): { writer: DisplayWriter; outputs: Array<{ role: string; text: string }> } {
  const outputs: Array<{ role: string; text: string }> = [];
  return {
    outputs,
    writer: {
      publish(bundle, options) {
        const meta = options?.metadata?.['usage-notebooks'];
        const role = typeof meta === 'object' && meta !== null && 'role' in meta ? String(meta.role) : 'output';
        outputs.push({ role, text: JSON.stringify(bundle) });
      },
    },
  };
}

/** The typed errors a cell may stop with: each names its cause (status, timeout, malformed body…). */
const TYPED =
  /^(RateLimitError|InternalServerError|ApiConnectionError|ApiTimeoutError|MalformedResponseError|BadRequestError|PaginationLimitError): /;

/**
 * What a project filter let through is what the same range holds for those projects: the first metric of the pages
 * sent equals, summed in this test, the results of the filtered projects in a fault-free fetch grouped by project.
 */
async function checkFilter(
  c: Case,
  filter: readonly string[],
  start: number,
  end: number,
  sent: { sums: number[] },
): Promise<void> {
  const spec = ENDPOINTS[c.query.endpoint];
  const emu = current;
  if (emu === undefined) throw new Error('no emulator');
  emu.setFaults({});
  const max = spec.limits[c.query.width]?.max ?? 1;
  const buckets = await getAllBuckets(
    emu.baseURL,
    `${spec.path}?start_time=${start}&end_time=${end}&bucket_width=${c.query.width}&limit=${max}&group_by[]=project_id`,
    emu.adminKey,
  );
  const metric = spec.metrics[0] ?? '';
  let want = 0;
  for (const b of buckets)
    for (const r of b.results)
      if (filter.includes(String(r['project_id'])))
        want += sumPages([JSON.stringify({ data: [{ results: [r] }] })], [metric]).sums[0] ?? 0;
  figures.add('project filters checked');
  if (close(want, sent.sums[0] ?? NaN)) return;
  if (KNOWN_OPEN_BUGS.filterValuesSplitOnCommas && filter.some((id) => id.includes(','))) {
    figures.add('known bug 2 hits (filter split on commas)');
    figures.notes.push(`known bug 2 (filter split on commas): project_ids ${JSON.stringify(filter)}`);
    return;
  }
  assert.fail(`project_ids ${JSON.stringify(filter)}: ${metric} ${sent.sums[0]} sent, ${want} for those projects`);
}

let current: RunningEmulator | undefined;

interface Case {
  org: OrgCase;
  query: QueryCase;
  faults: FaultPlan;
}

/** Runs the data cells of one case; returns what the property checks. */
async function runCase(c: Case): Promise<void> {
  figures.add('cases tried');
  const ids = c.org.dataset.projectIds ?? [];
  const emu = await startEmulator({
    now: () => NOW,
    seed: 19,
    dataset: c.org.dataset,
    directory: c.org.directory,
    recordBodies: true,
    faults: c.faults,
  });
  current = emu;
  const { writer, outputs } = captureWriter();
  const spec = ENDPOINTS[c.query.endpoint];
  const start = NOW - c.query.startHoursAgo * 3600 - 17;
  const end = Math.min(NOW, start + c.query.hours * 3600);
  const filter = ids.length === 0 ? [] : [...new Set(c.query.projectFilter.map((i) => ids[i % ids.length] ?? ''))];
  let stopped: unknown;
  try {
    const conn = await connectNotebook({
      env: { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: emu.baseURL, USAGE_NOW: String(NOW) },
      writer,
      source: 'api',
      // Short waits so a case takes milliseconds; a hang outlasts one attempt.
      client: { timeoutMs: CAMPAIGN_TIMEOUT_MS, retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 } },
    });
    try {
      // The names cell.
      emu.resetRequests();
      let names: Names;
      try {
        names = await conn.names(true);
      } catch (error) {
        if (
          KNOWN_OPEN_BUGS.apiKeysPathOfHostileProjectId &&
          error instanceof TypeError &&
          /^invalid path: .*\/(api_keys|service_accounts|spend_limit)"/.test(error.message) &&
          ids.some(hitsApiKeysPathBug)
        ) {
          figures.add('known bug 1 hits (api_keys path)');
          figures.notes.push(
            `known bug 1 (api_keys path): project IDs ${JSON.stringify(ids.filter(hitsApiKeysPathBug))}`,
          );
          return;
        }
        throw error;
      }
      const directoryFaults = emu.requests.filter((r) => r.status !== 200 || r.body === undefined).length;
      figures.add('faults injected', directoryFaults);
      if (names.available) {
        figures.add('names loaded');
        ids.forEach((id, i) => {
          // An empty name is no name: the ID shows.
          const name = c.org.directory.projectNames?.[i];
          assert.equal(names.nameOf('project_id', id), name === '' ? null : name, `name of ${JSON.stringify(id)}`);
        });
      } else {
        assert.ok(directoryFaults > 0, 'names are unavailable only when a directory request failed');
        assert.equal(outputs.filter((o) => o.text.includes('Names unavailable')).length, 1, 'said once');
      }

      // The data cell: parameters, fetch, table, the sums a chart shows.
      const params = notebookParams(
        {
          start_time: start,
          end_time: end,
          bucket_width: c.query.width,
          limit: c.query.limit,
          ...(c.query.groupBy.length === 0 ? {} : { group_by: c.query.groupBy }),
          ...(filter.length === 0 ? {} : { project_ids: filter }),
        },
        c.query.endpoint,
        { now: NOW, fixedNow: true },
      );
      emu.resetRequests();
      const endpoint = c.query.endpoint;
      let rows: number;
      let totals: number[];
      if (endpoint === 'costs') {
        const table = costTable(await conn.fetch('costs', params.query));
        rows = table.length;
        totals = [costBy(table, 'project_id').reduce((a, g) => a + g.value, 0)];
      } else {
        const table = usageTable(endpoint, await conn.fetch(endpoint, params.query));
        rows = table.length;
        // What a chart's grand total shows: the group sums of each metric column (no grouping: one group).
        totals = spec.metrics.map((m) =>
          sumByColumns(table.dimensions, [], metricColumn(table, m)).reduce((a, g) => a + g.value, 0),
        );
      }
      figures.add('faults injected', injectedFaults(emu));
      const sent = sumPages(sentPages(emu, `/v1${spec.path}`), spec.metrics);
      assert.equal(rows, sent.rows, 'every result sent is a row');
      totals.forEach((total, i) => {
        assert.ok(close(total, sent.sums[i] ?? NaN), `${spec.metrics[i]}: ${total}, sent ${sent.sums[i]}`);
      });
      if (filter.length > 0 && c.faults.reviseBetweenPages === undefined)
        await checkFilter(c, filter, start, end, sent);
      figures.add('cases finished with equal totals');
    } finally {
      await conn.close();
    }
  } catch (error) {
    if (!(error instanceof CellStopped)) throw error;
    stopped = error;
    figures.add('faults injected', injectedFaults(emu));
  } finally {
    await emu.close();
  }
  if (stopped instanceof CellStopped) {
    figures.add('cases stopped with a typed error');
    assert.match(stopped.message, TYPED, 'one typed error naming the cause');
    assert.ok(plannedFaults(c.faults) > 0, `stopped without any fault: ${stopped.message}`);
    assert.equal(outputs.filter((o) => o.role === 'error').length, 1, 'one error shown');
  }
  for (const o of outputs) assert.ok(!o.text.includes(emu.adminKey), 'the key is in no output');
  if (stopped instanceof Error) assert.ok(!stopped.message.includes(emu.adminKey), 'nor in the error');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
}

const day = (endpoint: QueryCase['endpoint'], projectFilter: number[] = []): QueryCase => ({
  endpoint,
  groupBy: [],
  // Costs come in days only.
  width: endpoint === 'costs' ? '1d' : '1h',
  startHoursAgo: 24,
  hours: 24,
  limit: 7,
  projectFilter,
});

/** Shrunk counterexamples, run first every time ([case] tuples of the property). */
const SHRUNK: Array<[Case]> = [
  // A trickled page ended after its last chunk had gone: the client held the whole page before the emulator
  // recorded it as sent (the emulator now ends the response with the last chunk, and records on 'finish').
  [
    {
      org: fixedOrg([' ']),
      query: { ...day('web_search_calls'), width: '1m', startHoursAgo: 1, hours: 1, limit: 1 },
      faults: {
        truncatedBody: { count: 2 },
        nonJsonBody: { count: 2 },
        trickle: { count: 1, chunkMs: 1, chunkBytes: 200 },
      },
    },
  ],
  // An empty project name is no name: nameOf gives null and the ID shows.
  [{ org: fixedOrg(['ꎌ𓇘𒋅ќ', 'proj_b'], ['Production', '']), query: day('completions'), faults: {} }],
  // Once bug 1 (KNOWN_OPEN_BUGS.apiKeysPathOfHostileProjectId): `!` stayed in the api_keys path and was refused.
  [{ org: fixedOrg(['!']), query: day('costs'), faults: {} }],
  [{ org: fixedOrg(["'&v", '(>😀#ed<&']), query: day('embeddings'), faults: {} }],
  // Once bug 2 (KNOWN_OPEN_BUGS.filterValuesSplitOnCommas): the one project's ID has a comma; filtering by it
  // must give its traffic (the emulator filtered by "p" and "1").
  [{ org: fixedOrg(['p,1']), query: day('completions', [0]), faults: {} }],
];

const cases: fc.Arbitrary<Case> = orgCase(12).chain((org) =>
  fc.record({
    org: fc.constant(org),
    query: queryCase(),
    faults: faultPlan(org.dataset.projectIds ?? [], NOW),
  }),
);

test('notebook data cells under random organizations, ranges, groupings and faults: equal totals or one typed error', async () => {
  await fc.assert(fc.asyncProperty(cases, runCase), campaignParameters(12, SHRUNK));
});

test(
  'notebook data cells on an organization of 10,000 projects (names, one fetch grouped by project): equal totals',
  {
    skip:
      process.env['FUZZ_RUNS'] === undefined
        ? 'the directory of 10,000 projects takes 20,000 requests (about a minute): npm run test:fuzz runs it'
        : false,
  },
  async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `proj_${i}\u202e,${String.fromCodePoint(0x10000 + i)}`);
    await runCase({
      org: fixedOrg(
        ids,
        ids.map((_, i) => (i % 2 === 0 ? 'Production' : `Team ${i}`)),
      ),
      query: { ...day('completions'), groupBy: ['project_id'] },
      faults: { rateLimit: { count: 2, retryAfterMs: 1 }, connectionReset: { count: 1 } },
    });
  },
);
