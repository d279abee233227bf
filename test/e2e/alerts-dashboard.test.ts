import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseAlertsFile, readOpenAlerts, runAlerts } from '../../lib/alerts/index';
import { UsageClient } from '../../lib/api/index';
import {
  MAX_ALERT_LINES,
  startDashboard,
  type RunningDashboard,
  storeSource,
  type StoreSource,
} from '../../lib/dashboard/index';
import { startEmulator, type RunningEmulator, HOSTILE_NAME } from '../../lib/emulator/index';
import { directoryLister, DuckDbStore, organizationByName, syncStore } from '../../lib/store/index';
import { launchFor, texts, waitForRender, type ServerBrowser } from '../dashboard/helpers';
import { tempDir } from '../store/helpers';
import { main } from '../../scripts/dashboard';

// The dashboard's open-alerts panel over a store that a sync and its alerts filled: names (a hostile one
// included) shown as text, digests and resolved episodes left out, "and N more" past the panel's size.
const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SPIKE_DAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
const tmp = tempDir('alerts-dashboard-');
const file = path.join(tmp.dir, 'alerts.duckdb');
let emu: RunningEmulator;
let hook: Server;
let received = 0;
let source: StoreSource;
let dash: RunningDashboard;
let b: ServerBrowser;
let recorded: Array<{ rule: string; state: string }> = [];

before(async () => {
  emu = await startEmulator({
    now: () => NOW,
    seed: 11,
    dataset: { streams: 30 },
    directory: { hostileNames: true },
    revision: { start: SPIKE_DAY, end: SPIKE_DAY + DAY, scale: 12 },
  });
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  const config = parseAlertsFile(
    `channels:
  hook: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
rules:
  - { name: project budget, type: budget, per: project, amount: 0.01, thresholds: [1.0], forecast: false, notify: [hook] }
  - { name: spikes, type: anomaly, notify: [hook] }
  - { name: daily digest, type: digest, at: "08:00", notify: [hook] }
  - { name: fresh data, type: stale, after: 6h, notify: [hook] }
`,
    { HOOK_URL: url, HOOK_SECRET: 'whsec-dash' },
  );
  const store = await DuckDbStore.open(file);
  try {
    await syncStore({
      client,
      store,
      organization: organizationByName('default'),
      now: NOW,
      since: NOW - 40 * DAY,
      endpoints: ['completions', 'costs'],
      listDirectory: directoryLister(client, { onUnavailable: () => undefined, onIncomplete: () => undefined }),
    });
    // A stale episode that is over: fired 8 hours on, resolved by the next fresh check.
    await runAlerts(store, { config, now: NOW + 8 * 3600 });
    const run = await runAlerts(store, { config, now: NOW });
    assert.equal(run.error, null);
    assert.deepEqual(run.report.failed, []);
    recorded = (await store.alertDeliveries()).map((d) => ({ rule: d.rule, state: d.state }));
  } finally {
    await store.close();
    client.close();
  }
  source = storeSource({ location: file, now: () => NOW * 1000 });
  await source.refresh();
  dash = await startDashboard({ source, now: () => NOW * 1000 });
  b = await launchFor(dash.origin);
});

after(async () => {
  await b?.close();
  await dash?.close();
  await source?.close();
  await emu?.close();
  await new Promise<void>((r) => hook.close(() => r()));
  tmp.remove();
});

test('open alerts: budgets and anomalies of the store, not the digest, not the resolved stale episode', async () => {
  // Expected from the recorded deliveries (one channel: one row per event), counted here.
  const firing = recorded.filter((d) => d.state === 'firing' && d.rule !== 'daily digest' && d.rule !== 'fresh data');
  assert.ok(recorded.some((d) => d.rule === 'fresh data' && d.state === 'resolved'));
  assert.ok(recorded.some((d) => d.rule === 'daily digest'));
  assert.ok(firing.some((d) => d.rule === 'spikes'));
  assert.ok(firing.length > MAX_ALERT_LINES, `${firing.length} open alerts: enough for "and N more"`);
  assert.equal(received, recorded.length, 'every event was delivered once');
  const store = await DuckDbStore.open(file);
  let open;
  try {
    open = await readOpenAlerts(store, NOW);
  } finally {
    await store.close();
  }
  assert.equal(open.length, firing.length);
  assert.ok(open.every((a) => a.rule !== 'daily digest' && a.rule !== 'fresh data'));
  assert.ok(
    open.some((a) => a.summary.includes(HOSTILE_NAME)),
    'the hostile project is named as written in its budget alert',
  );
});

test('the page lists open alerts with names as text, IDs on hover, and "and N more"', async () => {
  const page = await b.context.newPage();
  await page.goto(dash.url);
  await waitForRender(page, 0);
  const view = (await (
    await page.request.get(`${dash.origin}/api/view?days=30`, { headers: { authorization: `token ${dash.token}` } })
  ).json()) as { alerts: { lines: Array<{ what: string; hover: string }>; more: number } };
  const total = view.alerts.lines.length + view.alerts.more;
  assert.equal(await page.textContent('#alerts h2'), `${total} open alerts`);
  const items = await texts(page, '#alerts li');
  assert.equal(items.length, MAX_ALERT_LINES + 1);
  assert.equal(items[items.length - 1], `and ${view.alerts.more} more`);
  assert.equal(await page.locator('#alerts li.more').count(), 1);
  // Each line: the rule, what and when, each in its own span (styled by class).
  for (const part of ['rule', 'what', 'when'])
    assert.equal(await page.locator(`#alerts li > span.${part}`).count(), MAX_ALERT_LINES, part);
  assert.deepEqual(
    await texts(page, '#alerts li > span.what'),
    view.alerts.lines.map((l) => l.what),
  );
  // Nothing of a name became markup, and no dialog opened.
  assert.equal(await page.locator('#alerts img').count(), 0);
  assert.deepEqual(b.dialogs, []);
  const titles: Array<string | null> = [];
  for (const li of await page.locator('#alerts li[title]').all()) titles.push(await li.getAttribute('title'));
  assert.deepEqual(
    titles,
    view.alerts.lines.map((l) => l.hover),
  );
  assert.ok(
    titles.every((t) => t !== null && /^(organization|project:proj_|model:)/.test(t)),
    JSON.stringify(titles),
  );
  // The hostile name as written, its bidi override shown as \u202E (it would reverse the rest of the line).
  const shown = HOSTILE_NAME.replace('\u202E', '\\u202E');
  assert.ok(
    items.some((t) => t.includes(shown)),
    'the hostile project is listed, as written',
  );
  assert.ok(
    items.every((t) => !t.includes('\u202E')),
    'no raw bidi override on the page',
  );
  await page.screenshot({ path: path.join(process.env['SCREENSHOT_DIR'] ?? tmp.dir, 'alerts-panel.png') });
  await page.close();
});

test('npm run dashboard -- --store FILE --every 1h --alerts FILE runs the rules after its own sync and shows them', async () => {
  const saved = { ...process.env };
  delete process.env['OPENAI_ADMIN_KEY'];
  delete process.env['USAGE_STORE_URL'];
  delete process.env['USAGE_ALERTS'];
  const port = (hook.address() as AddressInfo).port;
  process.env['DASH_HOOK_URL'] = `http://127.0.0.1:${port}/dash-hook`;
  process.env['DASH_HOOK_SECRET'] = 'whsec-dash-every';
  const rules = path.join(tmp.dir, 'dash-alerts.yaml');
  writeFileSync(
    rules,
    `channels:
  hook: { type: webhook, url_env: DASH_HOOK_URL, secret_env: DASH_HOOK_SECRET }
rules:
  - { name: tiny budget, type: budget, amount: 0.01, forecast: false, notify: [hook] }
`,
  );
  const before = received;
  const lines: string[] = [];
  const store = path.join(tmp.dir, 'dash-every.duckdb');
  const stop = await main(['--port', '0', '--store', store, '--every', '1h', '--days', '3', '--alerts', rules], (l) =>
    lines.push(l),
  );
  try {
    const url = new URL(lines.map((l) => l.trim()).find((l) => l.startsWith('http://127.0.0.1')) ?? '');
    const auth = { authorization: `token ${url.searchParams.get('token') ?? ''}` };
    type View = { alerts: { lines: Array<{ rule: string; what: string }>; more: number } | null };
    let view: View = { alerts: null };
    for (let i = 0; i < 600 && (view.alerts?.lines.length ?? 0) === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await (await fetch(`${url.origin}/api/view?days=3`, { headers: auth })).json()) as View;
    }
    assert.deepEqual(
      view.alerts?.lines.map((l) => l.rule),
      ['tiny budget'],
    );
    assert.match(view.alerts?.lines[0]?.what ?? '', /^the organization has spent \$[\d,.]+ in \d{4}-\d\d: /);
    assert.ok(lines.includes('alerts: 1 new events, 1 deliveries sent, 0 undelivered'), lines.join('\n'));
    assert.equal(received - before, 1, 'the webhook got the event once');
  } finally {
    await stop();
    process.env = saved;
  }
});
