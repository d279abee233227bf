import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { UsageClient } from '../../lib/api/index';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { storeSource, type StoreSource } from '../../lib/dashboard/store-source';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore, organizationByName, syncStore, tableSchema } from '../../lib/store/index';
import { skipWithoutPostgres, startTestPostgres } from '../../tools/postgres';
import { tempDir } from '../store/helpers';
import { type ServerBrowser, day, drawnTraces, launchFor, texts, waitForRender } from './helpers';

const DAY = 86_400;

/** Runs the same page tests against one kind of store: `open` gives its location (and how to stop its server). */
function storeSuite(
  kind: string,
  open: (dir: string) => Promise<{ location: string; stop?: () => void }>,
  skip: string | false,
): void {
  describe(`dashboard on a ${kind} store`, { skip }, () => {
    let nowSec = Date.parse('2026-11-18T10:15:00Z') / 1000;
    const today = (): number => Math.floor(nowSec / DAY) * DAY;

    let tmp: { dir: string; remove: () => void };
    let file: string; // a DuckDB path or a postgres:// URL
    let stopServer: (() => void) | undefined;
    let emulator: RunningEmulator;
    let client: UsageClient;
    let source: StoreSource;
    let dash: RunningDashboard;
    let b: ServerBrowser;
    let page: Page;
    /** Directory names written into the store, by project id. */
    let names: Map<string, string>;

    /** Writes project names into the store's directory, as a sync with the directory would; two share a name. */
    async function nameProjects(): Promise<Map<string, string>> {
      const store = await openStore(file);
      try {
        const table = tableSchema(ENDPOINTS.completions).table;
        const rows = await store.query(
          `SELECT DISTINCT project_id FROM "${table}" WHERE project_id IS NOT NULL ORDER BY project_id`,
        );
        const ids = rows.map((r) => String(r['project_id']));
        const named = new Map(ids.map((id, i) => [id, i < 2 ? 'Shared name' : `Team ${i}`]));
        const entries = [...named].map(([id, name]) => ({
          kind: 'project',
          id,
          name,
          parent_id: null,
          attributes: {},
        }));
        await store.replaceDirectory('name:default', entries, nowSec);
        return named;
      } finally {
        await store.close();
      }
    }

    /** Syncs the last 14 days of completions and costs into the store, as `npm run sync` would. */
    async function sync(): Promise<void> {
      const store = await openStore(file);
      try {
        await syncStore({
          organization: organizationByName('default'),
          client,
          store,
          now: nowSec,
          since: today() - 13 * DAY,
          endpoints: ['completions', 'costs'],
        });
      } finally {
        await store.close();
      }
    }

    /** Per-day sums straight from the store's tables with SQL (not through the dashboard's reads). */
    async function storeSums(
      start: number,
      end: number,
      project?: string,
    ): Promise<{ input: Map<string, number>; cost: Map<string, number> }> {
      const store = await openStore(file);
      try {
        const usage = tableSchema(ENDPOINTS.completions).table;
        const costs = tableSchema(ENDPOINTS.costs).table;
        const byProject = project === undefined ? '' : ' AND project_id = $3';
        const params = project === undefined ? [start, end] : [start, end, project];
        // One grouping per table is enough here: the one sync wrote (every dimension for usage).
        const u = await store.query(
          `SELECT start_time, sum(input_tokens) AS v FROM "${usage}" WHERE bucket_width = '1d' AND start_time >= $1 AND start_time < $2${byProject} ` +
            `AND group_by = (SELECT max(group_by) FROM coverage WHERE endpoint = 'completions' AND bucket_width = '1d') GROUP BY start_time ORDER BY start_time`,
          params,
        );
        const c = await store.query(
          `SELECT start_time, sum(amount_value) AS v FROM "${costs}" WHERE bucket_width = '1d' AND start_time >= $1 AND start_time < $2${byProject} ` +
            `AND group_by = (SELECT max(group_by) FROM coverage WHERE endpoint = 'costs' AND bucket_width = '1d') GROUP BY start_time ORDER BY start_time`,
          params,
        );
        const days = (rows: Record<string, unknown>[]): Map<string, number> =>
          new Map(rows.map((r) => [day(Number(r['start_time'])), Number(r['v'])]));
        return { input: days(u), cost: days(c) };
      } finally {
        await store.close();
      }
    }

    function assertDays(
      drawn: { x: Array<string | number>; y: Array<string | number> } | undefined,
      want: Map<string, number>,
      what: string,
    ): void {
      assert.ok(drawn, what);
      const got = new Map(drawn.x.map((x, i) => [String(x), Number(drawn.y[i])]));
      for (const [d, v] of want) {
        const g = got.get(d) ?? 0;
        assert.ok(Math.abs(g - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${what} ${d}: drawn ${g}, store ${v}`);
      }
      for (const [d, g] of got) if (!want.has(d)) assert.equal(g, 0, `${what} ${d}: drawn without stored rows`);
    }

    before(async () => {
      tmp = tempDir('dashboard-store-');
      const opened = await open(tmp.dir);
      file = opened.location;
      stopServer = opened.stop;
      emulator = await startEmulator({ now: () => nowSec });
      client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
      await sync();
      names = await nameProjects();
      source = storeSource({ location: file, days: 14, now: () => nowSec * 1000 });
      assert.equal(await source.refresh(), true);
      dash = await startDashboard({ source, maxDays: 14, now: () => nowSec * 1000 });
      b = await launchFor(dash.origin);
      page = await b.context.newPage();
    });

    after(async () => {
      await b?.close();
      await dash?.close();
      client?.close();
      await emulator?.close();
      stopServer?.();
      tmp?.remove();
    });

    test('range and project filters draw the numbers a SQL query of the store gives', async () => {
      await page.goto(dash.url);
      await page.goto(`${dash.origin}/?days=14`);
      let renders = await waitForRender(page, 0);
      let want = await storeSums(today() - 13 * DAY, today() + DAY);
      assert.ok([...want.input.values()].some((v) => v > 0));
      assertDays(
        (await drawnTraces(page, 'token-usage')).find((t) => t.name === 'Input Tokens'),
        want.input,
        'input tokens',
      );
      assertDays((await drawnTraces(page, 'cost-per-day'))[0], want.cost, 'cost per day');

      await page.selectOption('#days', '7');
      renders = await waitForRender(page, renders);
      const project =
        (
          await page.$$eval('#project-options input', (els) =>
            els.map((e) => (e as unknown as { value: string }).value),
          )
        )[0] ?? '';
      await page.click('#project-picker summary');
      await page.check(`#project-options input[value="${project}"]`);
      await waitForRender(page, renders);
      want = await storeSums(today() - 6 * DAY, today() + DAY, project);
      assertDays(
        (await drawnTraces(page, 'token-usage')).find((t) => t.name === 'Input Tokens'),
        want.input,
        `input tokens of ${project}`,
      );
      assertDays((await drawnTraces(page, 'cost-per-day'))[0], want.cost, `cost per day of ${project}`);
      assert.deepEqual(b.outside, []);
    });

    test("project names come from the store's directory; a shared name is told apart by its id's end", async () => {
      await page.goto(`${dash.origin}/?days=14`);
      await waitForRender(page, 0);
      const options = await texts(page, '#project-options label');
      const expectedLabels = [...names].map(([id, name]) => `${name}${id}`);
      assert.deepEqual([...options].sort(), expectedLabels.sort());
      // Legend entries are shortened in the middle; the two projects named alike stay two entries.
      const legend = (await drawnTraces(page, 'requests-by-model-project')).map((t) => t.name);
      assert.equal(legend.filter((n) => n.startsWith('Shared name (…')).length, 2, JSON.stringify(legend));
      assert.ok(
        legend.some((n) => n.startsWith('Team 2 (Total: ')),
        JSON.stringify(legend),
      );
      const pie = await texts(page, '#chart-requests-by-project-pie .legendtext');
      const [first] = [...names.keys()];
      // Told apart by the end of the ID (from 5 characters), as notebooks label them.
      const tails = pie.flatMap((l) => /^Shared name \(…(.+)\)$/.exec(l)?.[1] ?? []);
      assert.ok(
        tails.some((t) => t.length >= 5 && (first ?? '').endsWith(t)),
        JSON.stringify(pie),
      );
      mkdirSync('out/screenshots', { recursive: true });
      await page.screenshot({ path: `out/screenshots/dashboard-${kind.toLowerCase()}.png`, fullPage: true });
    });

    test('a sync landing new buckets in the store updates the open page without a reload', async () => {
      await page.goto(`${dash.origin}/?days=7`);
      const renders = await waitForRender(page, 0);
      await page.waitForSelector('#live.on');
      const before = await drawnTraces(page, 'token-usage');
      assert.equal(before[0]?.x.at(-1), day(today()));
      nowSec += DAY;
      await sync();
      assert.equal(await source.refresh(), true, 'the refresh saw the new sync');
      await waitForRender(page, renders);
      const traces = await drawnTraces(page, 'token-usage');
      assert.equal(traces[0]?.x.at(-1), day(today()), 'the new day is drawn');
      const want = await storeSums(today() - 6 * DAY, today() + DAY);
      assertDays(
        traces.find((t) => t.name === 'Input Tokens'),
        want.input,
        'input tokens after the sync',
      );
      assert.equal(await source.refresh(), false, 'no new sync, no redraw');
    });
  });
}

storeSuite('DuckDB', (dir) => Promise.resolve({ location: path.join(dir, 'usage.duckdb') }), false);
// As in the store's own tests: only a developer machine without the server may skip; CI installs it.
storeSuite(
  'PostgreSQL',
  async () => {
    const pg = await startTestPostgres();
    return { location: pg.url, stop: () => pg.stop() };
  },
  skipWithoutPostgres(),
);
