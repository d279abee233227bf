// Two emulated organizations synced into one store: each gets its own scopes (its costs, its stored spend limits,
// its events), rules' `organizations` filters match configured names in any case, a filter naming no organization
// is said once, and budgets without amount come from the store's spend limits (no request).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseAlertsFile, runAlerts, type AlertsRun } from '../../lib/alerts/index';
import { UsageClient, type OrganizationIdentity } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { directoryLister, DuckDbStore, syncStore } from '../../lib/store/index';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SPIKE_DAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
const ACME: OrganizationIdentity = { id: 'org-aaaaaaaaaaaaaaaaaaaaaaaa', name: 'acme', idSource: 'header' };
const GLOBEX: OrganizationIdentity = { id: 'org-bbbbbbbbbbbbbbbbbbbbbbbb', name: 'globex', idSource: 'header' };
const tmp = tempDir('alerts-orgs-');
const emus = new Map<string, RunningEmulator>();
let hook: Server;
let url = '';
const got: Array<Record<string, unknown>> = [];
const logs: string[] = [];
let run: AlertsRun;
const requestsDuringAlerts = new Map<string, number>();

before(async () => {
  // acme spikes on the newest complete day; globex is steady.
  emus.set(
    ACME.id,
    await startEmulator({
      now: () => NOW,
      seed: 11,
      dataset: { streams: 30 },
      revision: { start: SPIKE_DAY, end: SPIKE_DAY + DAY, scale: 12 },
    }),
  );
  emus.set(GLOBEX.id, await startEmulator({ now: () => NOW, seed: 12, dataset: { streams: 30 } }));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const store = await DuckDbStore.open(path.join(tmp.dir, 'orgs.duckdb'));
  try {
    for (const org of [ACME, GLOBEX]) {
      const emu = emus.get(org.id);
      assert.ok(emu);
      const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
      try {
        await syncStore({
          client,
          store,
          organization: org,
          now: NOW,
          since: NOW - 40 * DAY,
          endpoints: ['costs'],
          listDirectory: directoryLister(client, { onUnavailable: () => undefined, onIncomplete: () => undefined }),
        });
      } finally {
        client.close();
      }
    }
    const config = parseAlertsFile(
      `channels:
  hook: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
rules:
  - { name: limit budget, type: budget, thresholds: [0.0001], forecast: false, notify: [hook] }
  - { name: acme spikes, type: anomaly, organizations: [ACME], notify: [hook] }
  - { name: steady spikes, type: anomaly, organizations: [org-bbbbbbbbbbbbbbbbbbbbbbbb], notify: [hook] }
  - { name: typo, type: stale, after: 6h, organizations: [initech], notify: [hook] }
`,
      { HOOK_URL: url, HOOK_SECRET: 'whsec-orgs' },
    );
    const before = new Map([...emus].map(([id, e]) => [id, e.requests.length]));
    run = await runAlerts(store, { config, now: NOW, log: (l) => logs.push(l) });
    for (const [id, e] of emus) requestsDuringAlerts.set(id, e.requests.length - (before.get(id) ?? 0));
  } finally {
    await store.close();
  }
});

after(async () => {
  await Promise.all([...emus.values()].map((e) => e.close()));
  await new Promise<void>((r) => hook.close(() => r()));
  tmp.remove();
});

/** The raw costs of one emulated organization in November up to now, summed here. */
async function monthToDate(emu: RunningEmulator): Promise<number> {
  const start = Date.parse('2026-11-01T00:00:00Z') / 1000;
  const res = await fetch(
    `${emu.baseURL}/organization/costs?start_time=${start}&end_time=${NOW}&bucket_width=1d&limit=31`,
    { headers: { authorization: `Bearer ${emu.adminKey}` } },
  );
  const body = (await res.json()) as { data: Array<{ results: Array<{ amount: { value: number } }> }> };
  return body.data.flatMap((b) => b.results).reduce((a, r) => a + r.amount.value, 0);
}

test('budgets without amount: each organization against its own stored spend limit and its own spend, no request', async () => {
  assert.equal(run.error, null);
  assert.deepEqual(run.report.failed, []);
  const budgets = got.filter((e) => e['rule'] === 'limit budget');
  assert.deepEqual(budgets.map((e) => e['organization']).sort(), [ACME.id, GLOBEX.id]);
  for (const e of budgets) {
    const emu = emus.get(String(e['organization']));
    assert.ok(emu);
    const limit = (await (
      await fetch(`${emu.baseURL}/organization/spend_limit`, { headers: { authorization: `Bearer ${emu.adminKey}` } })
    ).json()) as { threshold_amount: number };
    const figures = e['figures'] as Record<string, number | string>;
    assert.equal(figures['budget_usd'], limit.threshold_amount / 100);
    assert.equal(figures['budget_source'], 'spend limit');
    assert.ok(Math.abs(Number(figures['spent_usd']) - (await monthToDate(emu))) < 1e-6, 'its own spend only');
    assert.equal(e['organization_name'], e['organization'] === ACME.id ? 'acme' : 'globex');
  }
  // The limits came from the store: the alerts sent no request to either organization's API.
  assert.deepEqual([...requestsDuringAlerts.values()], [0, 0]);
});

test('organizations filters: a name in any case or an ID; the spike fires for acme only; an unknown name is said once', () => {
  const spikes = got.filter((e) => e['rule'] === 'acme spikes');
  // acme's whole day ×12: one incident (the organization among its anomalies), one event, acme's own.
  assert.deepEqual(
    spikes.map((e) => [e['organization'], e['scope'], e['period']]),
    [[ACME.id, 'organization', '2026-11-20']],
  );
  assert.deepEqual(
    got.filter((e) => e['rule'] === 'steady spikes'),
    [],
    'globex, steady, is quiet',
  );
  assert.deepEqual(
    got.filter((e) => e['rule'] === 'typo'),
    [],
  );
  assert.deepEqual(
    logs.filter((l) => l.includes('initech')),
    ['alerts: rule typo: organizations entry "initech" names no organization of the store (acme, globex)'],
  );
  assert.equal(run.report.recorded.length, got.length, 'each event delivered once');
});
