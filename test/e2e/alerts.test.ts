import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import {
  evaluateRules,
  parseAlertsFile,
  readSnapshot,
  readSpendLimits,
  recordAndDeliver,
  type AlertsConfig,
  type DeliveryReport,
} from '../../lib/alerts/index';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator, HOSTILE_NAME } from '../../lib/emulator/index';
import { directoryLister, DuckDbStore, type UsageStore, organizationByName, syncStore } from '../../lib/store/index';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
/** A Saturday morning: the newest complete UTC day is Friday 2026-11-20. */
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SPIKE_DAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
const SLACK_TOKEN = 'T0SECRET/B0SECRET/slackSECRETtoken42';
const WEBHOOK_SECRET = 'whsec-e2e-SECRET-3f9a';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback HTTP receiver that answers 503 while `failing` is set, 200 otherwise, and keeps what it got. */
async function receiver(): Promise<{
  url: string;
  got: Received[];
  failing: { on: boolean };
  close: () => Promise<void>;
}> {
  const got: Received[] = [];
  const failing = { on: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing.on) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    failing,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Verifies `X-Usage-Signature` with our own HMAC computation, as a receiver would. */
function verifySignature(r: Received, secret: string, now: number): boolean {
  const header = r.headers['x-usage-signature'];
  const m = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (m === null) return false;
  const t = Number(m[1]);
  if (Math.abs(now - t) > 300) return false; // a replay of an old message
  const mac = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest();
  return timingSafeEqual(mac, Buffer.from(m[2] ?? '', 'hex'));
}

describe('alerts end to end: emulator → sync → rules → Slack, webhook and email receivers', () => {
  let emu: RunningEmulator;
  let plainEmu: RunningEmulator;
  let client: UsageClient;
  let plainClient: UsageClient;
  let slack: Awaited<ReturnType<typeof receiver>>;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: Array<{ raw: string; user: string | undefined }> = [];
  const tmp = tempDir('alerts-e2e-');
  let clock = NOW;
  const logs: string[] = [];
  let adminKey = '';

  before(async () => {
    // The spike: every cost of the newest complete day ×12, built into the emulator's own data.
    emu = await startEmulator({
      now: () => clock,
      seed: 11,
      dataset: { streams: 30 },
      directory: { hostileNames: true },
      revision: { start: SPIKE_DAY, end: SPIKE_DAY + DAY, scale: 12 },
    });
    plainEmu = await startEmulator({ now: () => clock, seed: 11, dataset: { streams: 30 } });
    adminKey = emu.adminKey;
    const opts = { now: () => clock * 1000, retry: { initialDelayMs: 1, maxDelayMs: 5 } };
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, ...opts });
    plainClient = new UsageClient({ apiKey: plainEmu.adminKey, baseURL: plainEmu.baseURL, ...opts });
    slack = await receiver();
    hook = await receiver();
    smtp = new SMTPServer({
      authOptional: false,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'alerts' && auth.password === 'smtp-SECRET-pw') cb(null, { user: auth.username });
        else cb(new Error('invalid login'));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  after(async () => {
    client.close();
    plainClient.close();
    await emu.close();
    await plainEmu.close();
    await slack.close();
    await hook.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    tmp.remove();
  });

  const env = (): Record<string, string> => ({
    ALERT_SLACK_URL: `${slack.url}/services/${SLACK_TOKEN}`,
    ALERT_WEBHOOK_URL: `${hook.url}/usage-hook`,
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SMTP_USER: 'alerts',
    SMTP_PASSWORD: 'smtp-SECRET-pw',
  });
  const file = (rules: string): string => `
channels:
  team: { type: slack, url_env: ALERT_SLACK_URL }
  hook: { type: webhook, url_env: ALERT_WEBHOOK_URL, secret_env: ALERT_WEBHOOK_SECRET }
  mail: { type: email, host: 127.0.0.1, port: ${smtpPort}, user_env: SMTP_USER, password_env: SMTP_PASSWORD, from: spend@x.test, to: [finops@x.test] }
rules:
${rules}`;

  /** One `sync` then alerts check, as the CLI does after every sync. */
  async function syncAndCheck(store: UsageStore, c: UsageClient, config: AlertsConfig): Promise<DeliveryReport> {
    await syncStore({
      organization: organizationByName('default'),
      client: c,
      store,
      now: clock,
      since: NOW - 50 * DAY,
      endpoints: ['costs'],
      listDirectory: directoryLister(c, { onUnavailable: (m) => logs.push(m), onIncomplete: (m) => logs.push(m) }),
    });
    const snapshot = await readSnapshot(store, { now: clock });
    const { events } = evaluateRules(config.rules, snapshot);
    return recordAndDeliver(store, config, events, {
      now: () => clock,
      policy: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10, timeoutMs: 5000 },
      log: (l) => logs.push(l),
    });
  }

  test('anomaly: the spiked day is one incident, sent once across ten syncs; the same organization without it is quiet', async () => {
    const config = parseAlertsFile(file('  - { name: spikes, type: anomaly, notify: [team, hook] }\n'), env());
    const store = await DuckDbStore.open(path.join(tmp.dir, 'anomaly.duckdb'));
    const before = { slack: slack.got.length, hook: hook.got.length };
    try {
      const first = await syncAndCheck(store, client, config);
      // Every cost of the day ×12: the organization is among the anomalies, so the day is one incident, one event.
      assert.deepEqual(
        first.recorded.map((k) => [k.rule, k.scope, k.period, k.state]),
        [['spikes', 'organization', '2026-11-20', 'firing']],
      );
      assert.deepEqual(first.failed, []);
      for (let i = 0; i < 9; i++) {
        const again = await syncAndCheck(store, client, config);
        assert.deepEqual(again.recorded, [], `sync ${i + 2} recorded nothing new`);
        assert.deepEqual(again.delivered, []);
      }
      const sentSlack = slack.got.slice(before.slack);
      const sentHook = hook.got.slice(before.hook);
      assert.equal(sentSlack.length, first.recorded.length, 'one Slack message per event over ten syncs');
      assert.equal(sentHook.length, first.recorded.length);
      // The organization's spike, by our own sum of the stored days: the day is 12× its usual.
      const rows = await store.query(
        'SELECT start_time, sum(amount_value) AS usd FROM costs_daily GROUP BY start_time ORDER BY start_time',
      );
      const spike = Number(rows.find((r) => Number(r['start_time']) === SPIKE_DAY)?.['usd']);
      const org = sentHook.map((r) => JSON.parse(r.body) as { scope: string; figures: { value_usd: number } });
      const orgEvent = org.find((e) => e.scope === 'organization');
      assert.ok(orgEvent);
      assert.ok(Math.abs(orgEvent.figures.value_usd - spike) < 1e-6, `${orgEvent.figures.value_usd} vs ${spike}`);
      // Its list names the projects that spent that day by their stored names, their IDs alongside.
      const named = (await store.query('SELECT DISTINCT start_time, project_id, project_name FROM costs_daily')).filter(
        (r) => Number(r['start_time']) === SPIKE_DAY && r['project_id'] !== null,
      );
      const nameOf = new Map(named.map((r) => [String(r['project_id']), String(r['project_name'] ?? r['project_id'])]));
      const items = (JSON.parse(sentHook[0]?.body ?? '{}') as { items: Array<{ label: string; id?: string }> }).items;
      const projectItems = items.filter((i) => i.label.startsWith('project '));
      assert.ok(projectItems.length > 0, JSON.stringify(items));
      for (const i of projectItems) {
        assert.ok(i.id !== undefined && nameOf.has(i.id), `${i.label}: a project of the day`);
        assert.equal(i.label, `project ${nameOf.get(i.id) ?? ''}`);
      }
      for (const r of sentHook) assert.ok(verifySignature(r, WEBHOOK_SECRET, clock), 'signature verifies');
      assert.ok(!verifySignature(sentHook[0] ?? { path: '', headers: {}, body: '' }, 'wrong-secret', clock));
    } finally {
      await store.close();
    }
    const plain = await DuckDbStore.open(path.join(tmp.dir, 'plain.duckdb'));
    try {
      const report = await syncAndCheck(plain, plainClient, config);
      assert.deepEqual(report.recorded, [], 'no anomaly on the unspiked organization');
    } finally {
      await plain.close();
    }
  });

  test('budget: the highest threshold crossed fires once (checked against our own month-to-date sum); a higher budget is quiet', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'budget.duckdb'));
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: clock,
        since: NOW - 50 * DAY,
        endpoints: ['costs'],
      });
      const rows = await store.query(
        "SELECT sum(amount_value) AS usd FROM costs_daily WHERE bucket_start >= TIMESTAMP '2026-11-01 00:00:00'",
      );
      const mtd = Number(rows[0]?.['usd']);
      assert.ok(mtd > 0);
      const amount = Math.round((mtd / 0.9) * 100) / 100; // 90% spent: 50% and 80% crossed, 100% not
      const quiet = parseAlertsFile(
        file(
          `  - { name: big budget, type: budget, amount: ${Math.ceil(mtd * 10)}, forecast: false, notify: [hook] }\n`,
        ),
        env(),
      );
      assert.deepEqual((await syncAndCheck(store, client, quiet)).recorded, []);
      const config = parseAlertsFile(
        file(`  - { name: budget, type: budget, amount: ${amount}, forecast: false, notify: [hook] }\n`),
        env(),
      );
      const before = hook.got.length;
      const report = await syncAndCheck(store, client, config);
      assert.deepEqual(
        report.recorded.map((k) => k.period),
        ['2026-11/80%'],
      );
      const body = JSON.parse(hook.got[before]?.body ?? '{}') as { figures: { spent_usd: number; threshold: number } };
      assert.ok(Math.abs(body.figures.spent_usd - mtd) < 1e-6);
      assert.equal(body.figures.threshold, 0.8);
    } finally {
      await store.close();
    }
  });

  test('budget without amount: the spend limit read from the API, checked against the raw endpoints', async () => {
    const raw = async (p: string): Promise<Record<string, unknown>> => {
      const res = await fetch(`${emu.baseURL}${p}`, { headers: { authorization: `Bearer ${emu.adminKey}` } });
      return (await res.json()) as Record<string, unknown>;
    };
    const orgLimit = Number((await raw('/organization/spend_limit'))['threshold_amount']) / 100;
    const store = await DuckDbStore.open(path.join(tmp.dir, 'limits.duckdb'));
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: clock,
        since: NOW - 50 * DAY,
        endpoints: ['costs'],
      });
      const snapshot = await readSnapshot(store, { now: clock });
      const projects = [...new Set(snapshot.costs.map((c) => c.projectId).filter((p): p is string => p !== null))];
      const notices: string[] = [];
      const limits = await readSpendLimits(client, projects, (m) => notices.push(m));
      assert.deepEqual(notices, []);
      assert.equal(limits.spendLimit, orgLimit);
      const withLimits = { ...snapshot, limits };
      const rule = parseAlertsFile(
        file('  - { name: limit budget, type: budget, thresholds: [0.0001], forecast: false, notify: [hook] }\n'),
        env(),
      ).rules;
      const { events } = evaluateRules(rule, withLimits);
      assert.equal(events[0]?.figures['budget_usd'], orgLimit);
      assert.equal(events[0]?.figures['budget_source'], 'spend limit');
      // A key that may not read limits: one notice, no error, no budget.
      const failing = await startEmulator({ now: () => clock, seed: 11, directory: { fail: 'forbidden' } });
      const c = new UsageClient({ apiKey: failing.adminKey, baseURL: failing.baseURL, retry: { maxRetries: 0 } });
      try {
        const none: string[] = [];
        const partial = await readSpendLimits(c, projects, (m) => none.push(m));
        assert.equal(none.length, 1);
        assert.match(none[0] ?? '', /^spend limits not read/);
        assert.equal(partial.spendLimit, undefined);
      } finally {
        c.close();
        await failing.close();
      }
    } finally {
      await store.close();
    }
  });

  test('a channel failing then recovering gets each event exactly once; the healthy channel is not sent it again', async () => {
    const config = parseAlertsFile(
      file(
        '  - { name: digest, type: digest, every: day, at: "08:00", time_zone: Europe/Berlin, notify: [team, hook] }\n',
      ),
      env(),
    );
    const store = await DuckDbStore.open(path.join(tmp.dir, 'recover.duckdb'));
    const start = { slack: slack.got.length, hook: hook.got.length };
    hook.failing.on = true;
    try {
      const down = await syncAndCheck(store, client, config);
      assert.equal(down.recorded.length, 1);
      assert.deepEqual(
        down.failed.map((f) => [f.channel, f.error]),
        [['hook', 'HTTP 503: down for maintenance']],
      );
      // Still down on the next sync: retried, not recorded again, still one Slack message.
      const stillDown = await syncAndCheck(store, client, config);
      assert.deepEqual(stillDown.recorded, []);
      assert.equal(stillDown.failed.length, 1);
      hook.failing.on = false;
      const back = await syncAndCheck(store, client, config);
      assert.deepEqual(
        back.delivered.map((d) => d.channel),
        ['hook'],
      );
      for (let i = 0; i < 3; i++) assert.deepEqual((await syncAndCheck(store, client, config)).delivered, []);
      assert.equal(slack.got.length - start.slack, 1, 'Slack got the digest once');
      assert.equal(hook.got.length - start.hook, 1, 'the webhook got it once, after it came back');
      const delivery = (await store.alertDeliveries()).find((d) => d.channel === 'hook');
      assert.equal(delivery?.status, 'delivered');
      assert.equal(delivery?.attempts, 5, '2 attempts in each of the two failed runs, then 1');
      // The hostile project name reaches Slack escaped, in text and blocks.
      const msg = JSON.parse(slack.got[start.slack]?.body ?? '{}') as { text: string; blocks: unknown[] };
      const all = `${msg.text}\n${JSON.stringify(msg.blocks)}`;
      // Escaped by hand: &, <, > as Slack wants them, the bidi override shown as \u202E.
      const escaped = HOSTILE_NAME.split('&')
        .join('&amp;')
        .split('<')
        .join('&lt;')
        .split('>')
        .join('&gt;')
        .split('\u202E')
        .join('\\u202E');
      assert.ok(msg.text.includes(escaped), msg.text);
      assert.ok(!all.includes('<img'), 'no raw markup');
      assert.equal(slack.got[start.slack]?.path, `/services/${SLACK_TOKEN}`);
    } finally {
      hook.failing.on = false;
      await store.close();
    }
  });

  test('stale: fires when syncs stop, once, then a resolved message when data is fresh again', async () => {
    const config = parseAlertsFile(file('  - { name: fresh data, type: stale, after: 6h, notify: [hook] }\n'), env());
    const store = await DuckDbStore.open(path.join(tmp.dir, 'stale.duckdb'));
    const start = hook.got.length;
    try {
      assert.deepEqual((await syncAndCheck(store, client, config)).recorded, []);
      // No sync for 7 and 9 hours: evaluate without syncing.
      for (const hours of [7, 9]) {
        const snapshot = await readSnapshot(store, { now: clock + hours * 3600 });
        await recordAndDeliver(store, config, evaluateRules(config.rules, snapshot).events, { now: () => clock });
      }
      clock += 10 * 3600;
      const back = await syncAndCheck(store, client, config);
      assert.deepEqual(
        back.recorded.map((k) => k.state),
        ['resolved'],
      );
      const states = hook.got.slice(start).map((r) => (JSON.parse(r.body) as { state: string }).state);
      assert.deepEqual(states, ['firing', 'resolved']);
    } finally {
      clock = NOW;
      await store.close();
    }
  });

  test('digest: once per local day across hourly checks over a DST change (Europe/Berlin, 2026-10-25)', async () => {
    const config = parseAlertsFile(
      file(
        '  - { name: dst digest, type: digest, every: day, at: "09:00", time_zone: Europe/Berlin, notify: [hook] }\n',
      ),
      env(),
    );
    const store = await DuckDbStore.open(path.join(tmp.dir, 'dst.duckdb'));
    const start = hook.got.length;
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: clock,
        since: NOW - 50 * DAY,
        endpoints: ['costs'],
      });
      // Hourly checks from Friday 2026-10-23 00:30 UTC to Tuesday 2026-10-27 23:30 UTC (the clocks go back on Sunday).
      const from = Date.parse('2026-10-23T00:30:00Z') / 1000;
      for (let t = from; t < from + 5 * DAY; t += 3600) {
        const snapshot = await readSnapshot(store, { now: t });
        await recordAndDeliver(store, config, evaluateRules(config.rules, snapshot).events, { now: () => t });
      }
      const sent = hook.got.slice(start).map((r) => JSON.parse(r.body) as { period: string });
      // 00:30 UTC on the 23rd is before 09:00 in Berlin: the 22nd's digest is the latest due, then one a day.
      assert.deepEqual(
        sent.map((b) => b.period),
        ['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'],
      );
      for (const r of hook.got.slice(start))
        assert.ok(
          verifySignature(r, WEBHOOK_SECRET, Number(/t=(\d+)/.exec(String(r.headers['x-usage-signature']))?.[1])),
        );
    } finally {
      await store.close();
    }
  });

  test('email: through a real SMTP server with login, text and HTML with the names escaped', async () => {
    const config = parseAlertsFile(
      file('  - { name: mail digest, type: digest, every: day, at: "08:00", time_zone: UTC, notify: [mail] }\n'),
      env(),
    );
    const store = await DuckDbStore.open(path.join(tmp.dir, 'mail.duckdb'));
    try {
      const report = await syncAndCheck(store, client, config);
      assert.deepEqual(report.failed, []);
      assert.equal(mails.length, 1);
      const raw = mails[0]?.raw ?? '';
      assert.equal(mails[0]?.user, 'alerts');
      assert.match(raw, /^Subject: Spend digest for 2026-11-21/m);
      assert.match(raw, /Content-Type: text\/html/);
      assert.ok(!raw.includes('<img src=x'), 'the hostile name is not raw HTML');
    } finally {
      await store.close();
    }
  });

  test('nothing secret in payloads, logs or the store: Slack URL, webhook secret, SMTP password, admin key', async () => {
    const secrets = [SLACK_TOKEN, 'slackSECRETtoken42', WEBHOOK_SECRET, 'smtp-SECRET-pw', adminKey];
    const payloads = [...slack.got, ...hook.got].map((r) => `${r.body} ${JSON.stringify(r.headers)}`);
    const mailText = mails.map((m) => m.raw);
    for (const text of [...payloads, ...mailText, ...logs]) {
      for (const s of secrets) assert.ok(!text.includes(s), `a secret in: ${text.slice(0, 200)}`);
    }
    // A log of a failing Slack channel masks its URL.
    slack.failing.on = true;
    try {
      const config = parseAlertsFile(
        file('  - { name: digest2, type: digest, every: day, at: "08:00", time_zone: UTC, notify: [team] }\n'),
        env(),
      );
      const store = await DuckDbStore.open(path.join(tmp.dir, 'secrets.duckdb'));
      try {
        const r = await syncAndCheck(store, client, config);
        assert.equal(r.failed.length, 1);
      } finally {
        await store.close();
      }
    } finally {
      slack.failing.on = false;
    }
    for (const name of ['anomaly', 'budget', 'recover', 'stale', 'dst', 'mail', 'secrets']) {
      const bytes = readFileSync(path.join(tmp.dir, `${name}.duckdb`)).toString('latin1');
      for (const s of secrets) assert.ok(!bytes.includes(s), `secret in ${name}.duckdb`);
      assert.ok(!bytes.includes(hook.url) && !bytes.includes(slack.url), `a receiver URL in ${name}.duckdb`);
    }
    for (const l of logs) for (const s of secrets) assert.ok(!l.includes(s));
    assert.ok(
      logs.some((l) => l.includes('HTTP 503')),
      'the failures were logged',
    );
  });
});
