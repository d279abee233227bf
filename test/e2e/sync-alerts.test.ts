import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore } from '../../lib/store/index';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import { tempDir } from '../store/helpers';

// `npm run sync -- --alerts FILE` as a child process: the data is written first, alerts go to a local webhook
// receiver that is down for the first sync (exit 3, data stored anyway), then each event arrives exactly once
// however many syncs follow. On DuckDB and on a throwaway PostgreSQL cluster.
const ROOT = path.resolve(__dirname, '..', '..');
const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SPIKE_DAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
const SECRET = 'whsec-sync-SECRET-71';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

function runSync(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Our own check of `X-Usage-Signature`, as a receiver would do it. */
function signed(r: Received): boolean {
  const header = r.headers['x-usage-signature'];
  const m = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (m === null) return false;
  const mac = createHmac('sha256', SECRET).update(`${m[1]}.${r.body}`).digest();
  return Number(m[1]) === NOW && timingSafeEqual(mac, Buffer.from(m[2] ?? '', 'hex'));
}

let emu: RunningEmulator;
let server: Server;
const got: Received[] = [];
const refused = { on: false, count: 0 };
let env: Record<string, string> = {};
const tmp = tempDir('sync-alerts-');
const rules = path.join(tmp.dir, 'alerts.yaml');

before(async () => {
  emu = await startEmulator({
    now: () => NOW,
    seed: 11,
    dataset: { streams: 30 },
    revision: { start: SPIKE_DAY, end: SPIKE_DAY + DAY, scale: 12 },
  });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (refused.on) {
        refused.count++;
        res.writeHead(503).end('down');
        return;
      }
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  env = {
    OPENAI_ADMIN_KEY: emu.adminKey,
    OPENAI_BASE_URL: emu.baseURL,
    HOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=hookSECRETtoken`,
    HOOK_SECRET: SECRET,
  };
  writeFileSync(
    rules,
    `channels:
  hook: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
rules:
  - { name: spikes, type: anomaly, notify: [hook] }
`,
  );
});

after(async () => {
  await emu.close();
  await new Promise<void>((r) => server.close(() => r()));
  tmp.remove();
});

const syncArgs = (store: string): string[] => [
  '--store',
  store,
  '--now',
  String(NOW),
  '--since',
  '40d',
  '--endpoints',
  'costs',
  '--quiet',
];

/** The whole flow against one store: down, back, then quiet; returns the events recorded in the store. */
async function flow(store: string): Promise<void> {
  const start = got.length;
  refused.on = true;
  refused.count = 0;
  const down = await runSync([...syncArgs(store), '--alerts', rules], env);
  assert.equal(down.code, 3, down.stderr);
  assert.match(down.stdout, /^synced .*: \d+ windows/m);
  const recorded = /^alerts: (\d+) new events, 0 deliveries sent, (\d+) undelivered$/m.exec(down.stdout);
  assert.ok(recorded !== null, down.stdout);
  const events = Number(recorded[1]);
  // The whole day ×12 is one incident (the organization among its anomalies): one event.
  assert.equal(events, 1, 'the spike seen at several scopes is one incident');
  assert.equal(Number(recorded[2]), events);
  // The channel was tried once per run with backoff, not once per event: the rest wait for the next run.
  assert.equal(refused.count, 3, 'three attempts (with backoff) on the first event, the others not tried');
  assert.ok(!`${down.stdout}${down.stderr}`.includes('hookSECRETtoken'), 'the URL is masked');
  assert.ok(!`${down.stdout}${down.stderr}`.includes(SECRET));
  const s = await openStore(store);
  try {
    // The data was written although every delivery failed.
    const rows = await s.query('SELECT count(*) AS n FROM costs_daily');
    assert.ok(Number(rows[0]?.['n']) > 0);
    assert.equal((await s.undeliveredAlerts()).length, events);
  } finally {
    await s.close();
  }
  refused.on = false;
  const back = await runSync([...syncArgs(store), '--alerts', rules], env);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, new RegExp(`^alerts: 0 new events, ${events} deliveries sent, 0 undelivered$`, 'm'));
  for (let i = 0; i < 3; i++) {
    const again = await runSync([...syncArgs(store), '--alerts', rules], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^alerts: 0 new events, 0 deliveries sent, 0 undelivered$/m);
  }
  const plain = await runSync(syncArgs(store), env);
  assert.equal(plain.code, 0);
  assert.doesNotMatch(plain.stdout, /^alerts:/m, 'without a rules file no alerts run');
  // Exactly one delivery per recorded event, each signed.
  const sent = got.slice(start);
  const keys = sent.map((r) => {
    const b = JSON.parse(r.body) as { rule: string; scope: string; period: string; state: string };
    return `${b.rule}|${b.scope}|${b.period}|${b.state}`;
  });
  assert.equal(sent.length, events);
  assert.equal(new Set(keys).size, events, 'no event twice');
  assert.ok(keys.includes('spikes|organization|2026-11-20|firing'));
  for (const r of sent) assert.ok(signed(r), 'the signature verifies with our own HMAC');
  const check = await openStore(store);
  try {
    const stored = (await check.alertDeliveries()).map((d) => `${d.rule}|${d.scope}|${d.period}|${d.state}`);
    assert.deepEqual(stored.sort(), [...keys].sort());
    assert.ok((await check.alertDeliveries()).every((d) => d.status === 'delivered'));
    // The store keeps channel names only: no URL, secret or admin key in events or deliveries (errors included).
    const kept = JSON.stringify([
      await check.query('SELECT * FROM alert_events'),
      await check.query('SELECT * FROM alert_deliveries'),
    ]);
    for (const secret of ['hookSECRETtoken', SECRET, env['OPENAI_ADMIN_KEY'] ?? 'sk-admin', '127.0.0.1'])
      assert.ok(!kept.includes(secret), `${secret} in the store`);
  } finally {
    await check.close();
  }
}

test('a bad rules file stops npm run sync before anything: one error naming the path, exit 1, no store', async () => {
  const bad = path.join(tmp.dir, 'bad.yaml');
  writeFileSync(
    bad,
    'channels:\n  hook: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }\nrules:\n  - { name: b, type: budget, amount: 1, thresholds: [0.5, 120], notify: [hook] }\n',
  );
  const store = path.join(tmp.dir, 'never.duckdb');
  const r = await runSync([...syncArgs(store), '--alerts', bad], env);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'sync: invalid rules[0].thresholds[1]: 120 (a fraction between 0 and 10)');
  assert.equal(existsSync(store), false);
  const missing = await runSync(syncArgs(store), { ...env, USAGE_ALERTS: path.join(tmp.dir, 'nope.yaml') });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^sync: invalid USAGE_ALERTS: .*nope\.yaml \(no such file\)$/m);
});

test('DuckDB: sync, alerts down (exit 3, data stored), back (each event once), then quiet', async () => {
  await flow(path.join(tmp.dir, 'flow.duckdb'));
});

describe('PostgreSQL', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
  });
  after(() => pg.stop());

  test('PostgreSQL: the same flow, through the sync command', async () => {
    await flow(await createDatabase(pg.url, 'syncalerts'));
  });
});
