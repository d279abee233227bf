import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { failureText, recordAndDeliver, sendTestMessage, sendToChannel } from '../../lib/alerts/deliver';
import type { AlertEvent } from '../../lib/alerts/evaluate';
import { emailMessage, slackMessage, webhookBody } from '../../lib/alerts/messages';
import { channelSecrets, parseAlertsFile, type AlertsConfig, type EmailChannel } from '../../lib/alerts/rules-file';
import { openStore, type UsageStore } from '../../lib/store/index';
import { tempDir } from '../../tools/temp-dir';
import { receiver, type Receiver } from './http-receiver';

const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const HOOK_SECRET = 'whsec-SECRET-deliver-42';
const FAST = { attempts: 2, initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 2_000 };

const event = (scope: string, over: Partial<AlertEvent> = {}): AlertEvent => ({
  organization: 'org-a',
  organizationName: 'Acme',
  rule: 'budget',
  ruleType: 'budget',
  scope,
  period: '2026-11/80%',
  state: 'firing',
  summary: `${scope} has spent $80.00 of $100.00`,
  details: ['Budget: $100.00 (rule amount)'],
  items: [],
  figures: { spent_usd: 80 },
  ...over,
});
const keyOf = (e: AlertEvent): Pick<AlertEvent, 'organization' | 'rule' | 'scope' | 'period' | 'state'> => ({
  organization: e.organization,
  rule: e.rule,
  scope: e.scope,
  period: e.period,
  state: e.state,
});

describe('recording and delivering alert events', () => {
  const tmp = tempDir('alerts-deliver-');
  let slack: Receiver;
  let hook: Receiver;
  let env: Record<string, string>;
  let stores = 0;
  const rules = (channels: string): string =>
    `channels:\n${channels}rules:\n` +
    '  - { name: budget, type: budget, amount: 100, thresholds: [0.8], notify: [team, hook] }\n' +
    '  - { name: digest, type: digest, every: day, at: "08:00", time_zone: UTC, notify: [team] }\n';
  const TEAM = '  team: { type: slack, url_env: SLACK_URL }\n';
  const HOOK = '  hook: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }\n';
  let config: AlertsConfig;
  const secrets = (): string[] => [
    env['SLACK_URL'] ?? '',
    env['HOOK_URL'] ?? '',
    HOOK_SECRET,
    'SECRETslack',
    'SECREThook',
  ];

  before(async () => {
    slack = await receiver();
    hook = await receiver();
    env = {
      SLACK_URL: `${slack.url}/services/T0/B0/SECRETslack`,
      HOOK_URL: `${hook.url}/hook?token=SECREThook`,
      HOOK_SECRET,
    };
    config = parseAlertsFile(rules(TEAM + HOOK), env);
  });
  after(async () => {
    await slack.close();
    await hook.close();
    tmp.remove();
  });
  const fresh = async (): Promise<UsageStore> => openStore(path.join(tmp.dir, `s${++stores}.duckdb`));
  const reset = (): void => {
    slack.got.length = 0;
    hook.got.length = 0;
    slack.mode.now = 'ok';
    hook.mode.now = 'ok';
  };

  test('each new event is recorded once and sent to every channel of its rule; a second run sends nothing', async () => {
    reset();
    const store = await fresh();
    try {
      const events = [
        event('organization'),
        event('project:proj_1'),
        event('organization', { rule: 'digest', ruleType: 'digest', period: '2026-11-21' }),
      ];
      const first = await recordAndDeliver(store, config, events, { now: () => NOW, policy: FAST });
      assert.deepEqual(first.recorded, events.map(keyOf));
      assert.equal(first.delivered.length, 5, 'two budget events to two channels, the digest to one');
      assert.deepEqual(first.failed, []);
      assert.deepEqual(slack.got.map((r) => r.body).sort(), events.map((e) => JSON.stringify(slackMessage(e))).sort());
      assert.deepEqual(hook.got.map((r) => r.body).sort(), events.slice(0, 2).map(webhookBody).sort());
      assert.ok(slack.got.every((r) => r.path === '/services/T0/B0/SECRETslack'));
      // The signature, computed here independently: HMAC-SHA256 of "<t>.<body>" with the secret, t = now.
      for (const r of hook.got) {
        const mac = createHmac('sha256', HOOK_SECRET).update(`${NOW}.${r.body}`).digest('hex');
        assert.equal(r.headers['x-usage-signature'], `t=${NOW},v1=${mac}`);
        assert.equal(r.headers['content-type'], 'application/json');
      }
      const again = await recordAndDeliver(store, config, events, { now: () => NOW + 3600, policy: FAST });
      assert.deepEqual([again.recorded, again.delivered, again.failed], [[], [], []]);
      assert.deepEqual([slack.got.length, hook.got.length], [3, 2]);
      const deliveries = await store.alertDeliveries();
      assert.equal(deliveries.length, 5);
      assert.ok(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastError === null));
    } finally {
      await store.close();
    }
  });

  test('a channel down: tried with backoff, masked error stored, its other deliveries wait; back up, each is sent once', async () => {
    reset();
    const store = await fresh();
    try {
      hook.mode.now = 'fail';
      hook.mode.failBody = `signature check failed for secret ${HOOK_SECRET} at ${env['HOOK_URL'] ?? ''}`;
      const logs: string[] = [];
      const events = [event('organization'), event('project:proj_1')];
      const requestsBefore = hook.requests();
      const down = await recordAndDeliver(store, config, events, {
        now: () => NOW,
        policy: FAST,
        log: (l) => logs.push(l),
      });
      assert.equal(hook.requests() - requestsBefore, 2, 'the first delivery tried twice; the second not tried');
      assert.deepEqual(
        down.failed.map((f) => [f.channel, f.key.scope, f.error.replace(/\(HTTP 503.*\)$/, '(HTTP 503 …)')]),
        [
          ['hook', 'organization', 'HTTP 503: signature check failed for secret [REDACTED] at [REDACTED]'],
          ['hook', 'project:proj_1', 'not tried: channel hook failed earlier in this run (HTTP 503 …)'],
        ],
      );
      assert.equal(down.delivered.length, 2, 'Slack got both');
      assert.equal(logs.length, 2);
      assert.match(logs[0] ?? '', /^alert budget organization 2026-11\/80% to hook: attempt 1 failed: HTTP 503/);
      assert.match(logs[1] ?? '', /attempt 2 failed/);
      for (const text of [...logs, ...down.failed.map((f) => f.error), JSON.stringify(await store.alertDeliveries())])
        for (const s of secrets()) assert.ok(!text.includes(s), `${s} in ${text}`);
      const stored = await store.alertDeliveries();
      const hookState = (scope: string): unknown[] => {
        const d = stored.find((x) => x.channel === 'hook' && x.scope === scope);
        return [d?.status, d?.attempts];
      };
      assert.deepEqual(hookState('organization'), ['failed', 2]);
      assert.deepEqual(hookState('project:proj_1'), ['pending', 0]);

      hook.mode.now = 'ok';
      const back = await recordAndDeliver(store, config, events, { now: () => NOW + 900, policy: FAST });
      assert.deepEqual(back.recorded, []);
      assert.deepEqual(back.delivered.map((d) => [d.channel, d.key.scope]).sort(), [
        ['hook', 'organization'],
        ['hook', 'project:proj_1'],
      ]);
      assert.deepEqual(hook.got.map((r) => r.body).sort(), events.map(webhookBody).sort());
      assert.equal(slack.got.length, 2, 'Slack is not sent them again');
      const after = await store.alertDeliveries();
      assert.deepEqual(
        after
          .filter((d) => d.channel === 'hook')
          .map((d) => [d.scope, d.status, d.attempts, d.lastError])
          .sort(),
        [
          ['organization', 'delivered', 3, null],
          ['project:proj_1', 'delivered', 1, null],
        ],
      );
    } finally {
      await store.close();
    }
  });

  test('a channel taken out of the rules file: its deliveries wait with a notice, never lost', async () => {
    reset();
    const store = await fresh();
    try {
      hook.mode.now = 'fail';
      await recordAndDeliver(store, config, [event('organization')], {
        now: () => NOW,
        policy: { ...FAST, attempts: 1 },
      });
      const withoutHook = parseAlertsFile(rules(TEAM).replace('notify: [team, hook]', 'notify: [team]'), env);
      const report = await recordAndDeliver(store, withoutHook, [], { now: () => NOW + 60, policy: FAST });
      assert.deepEqual(report.notices, [
        'channel hook is no longer in the rules file: budget organization 2026-11/80% waits',
      ]);
      assert.deepEqual(
        report.failed.map((f) => [f.channel, f.error]),
        [['hook', 'channel not defined']],
      );
      assert.equal((await store.undeliveredAlerts()).length, 1);
    } finally {
      await store.close();
    }
  });

  test('one send: a redirect is refused (never followed elsewhere), a receiver that never answers times out', async () => {
    reset();
    const channel = config.channels.get('hook') ?? assert.fail('hook');
    hook.mode.now = 'redirect';
    await assert.rejects(
      sendToChannel(channel, event('organization'), { timeoutMs: 2_000, now: () => NOW }),
      (e: unknown) => e instanceof Error && /redirect/i.test(`${e.message} ${String(e.cause)}`),
    );
    hook.mode.now = 'hang';
    const started = Date.now();
    await assert.rejects(
      sendToChannel(channel, event('organization'), { timeoutMs: 100, now: () => NOW }),
      (e: unknown) => e instanceof Error && e.name === 'TimeoutError',
    );
    assert.ok(Date.now() - started < 5_000);
    hook.mode.now = 'ok';
  });

  test('test messages: sent to the channel once it answers; one that keeps failing is one masked error', async () => {
    reset();
    await sendTestMessage(config, 'team', { now: () => NOW, policy: FAST });
    assert.equal(slack.got.length, 1);
    assert.match(slack.got[0]?.body ?? '', /Test message from openai-usage-notebooks to channel team/);
    hook.mode.now = 'fail';
    hook.mode.failBody = `nope ${HOOK_SECRET}`;
    const before = hook.requests();
    await assert.rejects(
      sendTestMessage(config, 'hook', { now: () => NOW, policy: FAST }),
      (e: unknown) =>
        e instanceof Error &&
        e.name === 'DeliveryError' &&
        e.message === 'test message to hook failed: HTTP 503: nope [REDACTED]',
    );
    assert.equal(hook.requests() - before, FAST.attempts);
    hook.mode.now = 'ok';
  });

  test('email: through a real SMTP server with login; a wrong password fails without showing it', async () => {
    const mails: Array<{ raw: string; user: unknown; to: string[] }> = [];
    const smtp = new SMTPServer({
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
            user: session.user,
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtp.server.address() as AddressInfo).port;
      const mail: EmailChannel = {
        name: 'mail',
        type: 'email',
        host: '127.0.0.1',
        port,
        secure: false,
        user: 'alerts',
        password: 'smtp-SECRET-pw',
        from: 'spend@x.test',
        to: ['finops@x.test', 'cfo@x.test'],
      };
      const e = event('project:proj_1', { summary: 'project <b>Search</b>\u202E has spent $80.00' });
      await sendToChannel(mail, e, { timeoutMs: 5_000, now: () => NOW });
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.user, 'alerts');
      assert.deepEqual(mails[0]?.to, ['finops@x.test', 'cfo@x.test']);
      assert.ok((mails[0]?.raw ?? '').includes(`Subject: ${emailMessage(e).subject}`));
      const wrong = { ...mail, password: 'wrong-SECRET-pw' };
      const error = await sendToChannel(wrong, e, { timeoutMs: 5_000, now: () => NOW }).then(
        () => assert.fail('sent with a wrong password'),
        (err: unknown) => err,
      );
      const text = failureText(error, channelSecrets({ channels: new Map([['mail', wrong]]) }));
      assert.match(text, /auth|login/i);
      assert.ok(!text.includes('wrong-SECRET-pw'));
      assert.equal(mails.length, 1, 'nothing sent');
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
