import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { tempDir } from '../store/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SLACK_PATH = '/services/T0CLI/B0CLI/cliSECRETslack99';

function runAlerts(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'alerts.ts'), ...args], {
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

describe('npm run alerts (child processes)', () => {
  let emu: RunningEmulator;
  let server: Server;
  let base = '';
  const got: Array<{ path: string; body: string }> = [];
  const tmp = tempDir('alerts-cli-');
  const store = path.join(tmp.dir, 'cli.duckdb');
  const file = path.join(tmp.dir, 'alerts.yaml');
  let env: Record<string, string> = {};

  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 3, dataset: { streams: 20 } });
    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    const s = await DuckDbStore.open(store);
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: s,
        now: NOW,
        since: NOW - 40 * DAY,
        endpoints: ['costs'],
      });
    } finally {
      await s.close();
      client.close();
    }
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ path: req.url ?? '', body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env = {
      ALERT_SLACK_URL: `${base}${SLACK_PATH}`,
      ALERT_WEBHOOK_URL: `${base}/hook`,
      ALERT_WEBHOOK_SECRET: 'whsec-cli-SECRET',
      // A port nothing listens on: the channel that stays down.
      ALERT_DOWN_URL: 'http://127.0.0.1:9/down?token=downSECRETtoken',
    };
  });
  after(async () => {
    await emu.close();
    await new Promise<void>((r) => server.close(() => r()));
    tmp.remove();
  });

  const write = (rules: string): void =>
    writeFileSync(
      file,
      `channels:
  team: { type: slack, url_env: ALERT_SLACK_URL }
  hook: { type: webhook, url_env: ALERT_WEBHOOK_URL, secret_env: ALERT_WEBHOOK_SECRET }
  down: { type: slack, url_env: ALERT_DOWN_URL }
rules:
${rules}`,
    );

  test('a bad file is one error naming its path, exit 1, before any request', async () => {
    write('  - { name: b, type: budget, amount: 1, thresholds: [0.5, 120], notify: [team] }\n');
    const r = await runAlerts(['--alerts', file, '--store', store, '--check', '--now', String(NOW)], env);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'alerts: invalid rules[0].thresholds[1]: 120 (a fraction between 0 and 10)');
    const missing = await runAlerts(['--alerts', file, '--check'], { ...env, ALERT_WEBHOOK_SECRET: '' });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /invalid channels\.hook\.secret_env: ALERT_WEBHOOK_SECRET \(environment variable not set\)/,
    );
    assert.equal(got.length, 0);
  });

  test('--dry-run prints what would be sent and sends nothing; --check sends it once; again sends nothing', async () => {
    write('  - { name: monthly budget, type: budget, amount: 1, forecast: false, notify: [team, hook] }\n');
    const args = ['--alerts', file, '--store', store, '--now', String(NOW)];
    const dry = await runAlerts([...args, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^would send \[monthly budget · organization · 2026-11\/100% · firing\] to team, hook: the organization has spent \$/m,
    );
    assert.equal(got.length, 0);
    const check = await runAlerts([...args, '--check'], env);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /alerts: 1 new events, 2 deliveries sent, 0 undelivered/);
    assert.deepEqual(got.map((g) => g.path).sort(), ['/hook', SLACK_PATH].sort());
    const again = await runAlerts([...args, '--check'], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /alerts: 0 new events, 0 deliveries sent, 0 undelivered/);
    assert.equal(got.length, 2);
    const dryAfter = await runAlerts([...args, '--dry-run'], env);
    assert.match(dryAfter.stdout, /^nothing to send$/m);
  });

  test('a channel that stays down: exit 3, the error masks its URL, and it is retried on the next run', async () => {
    write('  - { name: downed, type: budget, amount: 1, forecast: false, notify: [down] }\n');
    const args = ['--alerts', file, '--store', store, '--now', String(NOW), '--attempts', '1'];
    const r = await runAlerts([...args, '--check'], env);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /undelivered: downed · organization · 2026-11\/100% to down: /);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('downSECRETtoken'), r.stderr);
    const next = await runAlerts([...args, '--check'], env);
    assert.equal(next.code, 3);
    assert.match(next.stdout, /0 new events, 0 deliveries sent, 1 undelivered/);
  });

  test('--test CHANNEL sends a test message; an unknown channel is an error', async () => {
    write('  - { name: x, type: stale, after: 6h, notify: [team] }\n');
    const before = got.length;
    const r = await runAlerts(['--alerts', file, '--test', 'team'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(got.length, before + 1);
    assert.match(got[before]?.body ?? '', /Test message/);
    const bad = await runAlerts(['--alerts', file, '--test', 'pager'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid --test: pager \(no channel of that name; defined: team, hook, down\)/);
  });
});
