// The dashboard over a store synced from two organizations: an organization filter, totals per organization and
// names per organization, checked in Chromium against each organization's raw API data.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { storeSource, type StoreSource } from '../../lib/dashboard/store-source';
import type { RunningEmulator } from '../../lib/emulator/index';
// Two demo-like organizations: same project names ("Production", "Research"…), other IDs and numbers.
import { startTwoOrganizations, syncTwoOrganizations, TWO_ORGANIZATIONS as ORGS } from '../helpers/two-organizations';
import { tempDir } from '../store/helpers';
import { type ServerBrowser, drawnTraces, inPage, launchFor, rawDaily, texts, waitForRender } from './helpers';

const DAY = 86_400;
const NOW = Date.parse('2026-11-18T10:15:00Z') / 1000;
const TODAY = Math.floor(NOW / DAY) * DAY;

describe('dashboard on a store of two organizations', () => {
  let tmp: { dir: string; remove: () => void };
  const emulators: RunningEmulator[] = [];
  let source: StoreSource;
  let dash: RunningDashboard;
  let b: ServerBrowser;
  let page: Page;

  before(async () => {
    tmp = tempDir('dash-orgs-');
    const file = path.join(tmp.dir, 'orgs.duckdb');
    emulators.push(...(await startTwoOrganizations(NOW)));
    await syncTwoOrganizations(file, emulators, {
      now: NOW,
      since: TODAY - 13 * DAY,
      endpoints: ['completions', 'costs'],
    });
    source = storeSource({ location: file, days: 14, now: () => NOW * 1000 });
    await source.refresh();
    dash = await startDashboard({ source, maxDays: 14, now: () => NOW * 1000 });
    b = await launchFor(dash.origin);
    page = await b.context.newPage();
  });

  after(async () => {
    await b?.close();
    await dash?.close();
    await source?.close();
    await Promise.all(emulators.map((e) => e.close()));
    tmp?.remove();
  });

  /** One organization's raw cost per project over the 14 days (its own API, no library code). */
  async function rawCostByProject(i: number): Promise<Map<string, number>> {
    const emu = emulators[i];
    assert.ok(emu);
    const buckets = await rawDaily(emu.baseURL, emu.adminKey, '/organization/costs', TODAY - 13 * DAY, TODAY + DAY, [
      'project_id',
    ]);
    const out = new Map<string, number>();
    for (const bucket of buckets)
      for (const r of bucket.results) {
        const amount = r['amount'];
        const value = typeof amount === 'object' && amount !== null && 'value' in amount ? Number(amount.value) : 0;
        out.set(String(r['project_id']), (out.get(String(r['project_id'])) ?? 0) + value);
      }
    return out;
  }

  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

  test('totals per organization and names per organization: same-named projects stay apart', async () => {
    await page.goto(dash.url);
    await page.goto(`${dash.origin}/?days=14`);
    await waitForRender(page, 0);
    assert.equal(await inPage<boolean>(page, `document.getElementById('organization-picker').hidden`), false);
    // Each option: the configured name, then its ID in small type.
    assert.deepEqual((await texts(page, '#organization-options label')).sort(), [
      'acmeorg-acme-test',
      'globexorg-globex-test',
    ]);
    // One stacked series per organization, each summing to its own raw bill.
    const perOrg = await drawnTraces(page, 'cost-by-organization');
    for (const [i, o] of ORGS.entries()) {
      const trace = perOrg.find((t) => t.name === o.name);
      const raw = [...(await rawCostByProject(i)).values()].reduce((a, v) => a + v, 0);
      const drawn = (trace?.y ?? []).reduce((a: number, v) => a + Number(v), 0);
      assert.ok(close(drawn, raw), `${o.name}: ${drawn} vs ${raw}`);
    }
    const bars = (await drawnTraces(page, 'cost-by-project'))[0];
    const labels = (bars?.y ?? []).map(String);
    assert.ok(labels.includes('Production (acme)') && labels.includes('Production (globex)'), labels.join(' | '));
  });

  test('the organization filter shows one organization: its cost by project equals its raw API data', async () => {
    await page.goto(`${dash.origin}/?days=14`);
    const renders = await waitForRender(page, 0);
    await page.click('#organization-picker summary');
    await page.check('#organization-options input[value="org-globex-test"]');
    await waitForRender(page, renders);
    assert.match(page.url(), /organization=org-globex-test/);
    const bars = (await drawnTraces(page, 'cost-by-project'))[0];
    const drawn = (bars?.x ?? []).reduce((a: number, v) => a + Number(v), 0);
    const raw = [...(await rawCostByProject(1)).values()].reduce((a, v) => a + v, 0);
    assert.ok(close(drawn, raw), `globex cost by project: ${drawn} vs ${raw}`);
    assert.ok(!(bars?.y ?? []).map(String).some((l) => l.endsWith('(acme)')), 'no acme project shown');
    assert.deepEqual(await texts(page, '#organization-summary'), ['globex']);
    // The forecast and anomaly panel follows the filter too: nothing of acme's there.
    const panel = (await texts(page, '#insights')).join(' ');
    assert.ok(panel.length > 0 && !panel.includes('(acme)'), panel);
    await page.screenshot({ path: path.join(tmp.dir, 'globex.png'), fullPage: true });
    assert.deepEqual(b.outside, []);
  });
});
