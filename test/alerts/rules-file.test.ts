import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertsConfigError, channelSecrets, parseAlertsFile } from '../../lib/alerts/index';

const SLACK_URL = 'https://hooks.slack.example/services/T000/B000/SECRETslackTOKEN123';
const HOOK_URL = 'http://127.0.0.1:9/hook?token=SECREThookTOKEN456';
const ENV = {
  ALERT_SLACK_URL: SLACK_URL,
  ALERT_WEBHOOK_URL: HOOK_URL,
  ALERT_WEBHOOK_SECRET: 'whsec-SECRET-789',
  SMTP_USER: 'alerts',
  SMTP_PASSWORD: 'smtp-SECRET-password',
};

const ISSUE_EXAMPLE = `
channels:
  team:  { type: slack, url_env: ALERT_SLACK_URL }
  hook:  { type: webhook, url_env: ALERT_WEBHOOK_URL, secret_env: ALERT_WEBHOOK_SECRET }
rules:
  - name: monthly budget
    type: budget
    amount: 1
    thresholds: [0.5, 0.8, 1.0]
    notify: [team, hook]
`;

/** The error message a file gives, or fails when it parses. */
function errorOf(text: string, env: Record<string, string> = ENV): string {
  try {
    parseAlertsFile(text, env);
  } catch (e) {
    assert.ok(e instanceof AlertsConfigError, `an AlertsConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('the file was accepted');
}

test("the issue's example parses into typed channels and a budget rule, secrets from the environment", () => {
  const config = parseAlertsFile(ISSUE_EXAMPLE, ENV);
  assert.deepEqual(config.channels.get('team'), { name: 'team', type: 'slack', url: SLACK_URL });
  assert.deepEqual(config.channels.get('hook'), {
    name: 'hook',
    type: 'webhook',
    url: HOOK_URL,
    secret: 'whsec-SECRET-789',
  });
  assert.deepEqual(config.rules, [
    {
      name: 'monthly budget',
      type: 'budget',
      notify: ['team', 'hook'],
      organizations: null,
      projects: null,
      amount: 1,
      thresholds: [0.5, 0.8, 1],
      per: 'organization',
      forecast: true,
    },
  ]);
  assert.deepEqual(channelSecrets(config).sort(), [HOOK_URL, SLACK_URL, 'whsec-SECRET-789'].sort());
});

test('every rule type with its options and defaults', () => {
  const config = parseAlertsFile(
    `
channels:
  mail: { type: email, host: 127.0.0.1, port: 2525, user_env: SMTP_USER, password_env: SMTP_PASSWORD, from: a@x.test, to: [b@x.test] }
rules:
  - { name: b, type: budget, notify: [mail], per: project, projects: [proj_1] }
  - { name: a, type: anomaly, notify: [mail], threshold: 4, min_ratio: 3, organizations: [org-1] }
  - { name: s, type: stale, notify: [mail], after: 6h }
  - { name: n, type: new_spender, notify: [mail], kinds: [project, model] }
  - { name: u, type: unpriced_model, notify: [mail] }
  - { name: d, type: digest, notify: [mail], every: week, at: "08:30", time_zone: Europe/Berlin, weekday: 1 }
`,
    ENV,
  );
  const [b, a, s, n, u, d] = config.rules;
  assert.equal(b?.type === 'budget' && b.amount === null && b.per === 'project' && b.thresholds.join(), '0.5,0.8,1');
  assert.deepEqual(b?.projects, ['proj_1']);
  assert.equal(a?.type === 'anomaly' && `${a.threshold}/${a.minRatio}`, '4/3');
  assert.deepEqual(a?.organizations, ['org-1']);
  assert.equal(s?.type === 'stale' && `${s.after}/${s.costDelay}`, `${6 * 3600}/${36 * 3600}`);
  assert.deepEqual(n?.type === 'new_spender' && n.kinds, ['project', 'model']);
  assert.equal(u?.type, 'unpriced_model');
  assert.deepEqual(d?.type === 'digest' && [d.every, d.at, d.timeZone, d.weekday], [
    'week',
    '08:30',
    'Europe/Berlin',
    1,
  ]);
  const mail = config.channels.get('mail');
  assert.equal(mail?.type === 'email' && `${mail.host}:${mail.port} ${mail.user}`, '127.0.0.1:2525 alerts');
  assert.deepEqual(channelSecrets(config), ['smtp-SECRET-password']);
});

test('thresholds out of bounds name their path: invalid rules[0].thresholds[1]: 120', () => {
  assert.equal(
    errorOf(ISSUE_EXAMPLE.replace('[0.5, 0.8, 1.0]', '[0.5, 120]')),
    'invalid rules[0].thresholds[1]: 120 (a fraction between 0 and 10)',
  );
  assert.match(
    errorOf(ISSUE_EXAMPLE.replace('[0.5, 0.8, 1.0]', '[0, 0.5]')),
    /^invalid rules\[0\]\.thresholds\[0\]: 0 /,
  );
  assert.match(
    errorOf(ISSUE_EXAMPLE.replace('[0.5, 0.8, 1.0]', '[0.5, "x"]')),
    /^invalid rules\[0\]\.thresholds\[1\]: x /,
  );
  assert.match(errorOf(ISSUE_EXAMPLE.replace('amount: 1', 'amount: -3')), /^invalid rules\[0\]\.amount: -3 /);
});

test('an unknown key is refused by name, without echoing its value (it may be a pasted secret)', () => {
  const message = errorOf(ISSUE_EXAMPLE.replace('type: slack, url_env', `type: slack, url: ${SLACK_URL}, url_env`));
  assert.match(message, /^invalid channels\.team\.url: unknown key \(allowed: type, url_env\)$/);
  assert.ok(!message.includes('SECRET'));
  assert.match(
    errorOf(ISSUE_EXAMPLE.replace('amount: 1', 'amount: 1\n    treshold: 3')),
    /invalid rules\[0\]\.treshold: unknown key/,
  );
  assert.match(errorOf(`${ISSUE_EXAMPLE}\nextra: 1\n`), /invalid file\.extra: unknown key/);
});

test('a channel named but not defined, and a missing environment variable, are one clear error each', () => {
  assert.equal(
    errorOf(ISSUE_EXAMPLE.replace('[team, hook]', '[team, pager]')),
    'invalid rules[0].notify[1]: pager (no channel of that name (defined: team, hook))',
  );
  const missing = errorOf(ISSUE_EXAMPLE, { ...ENV, ALERT_WEBHOOK_SECRET: '' });
  assert.equal(missing, 'invalid channels.hook.secret_env: ALERT_WEBHOOK_SECRET (environment variable not set)');
  const notUrl = errorOf(ISSUE_EXAMPLE, { ...ENV, ALERT_SLACK_URL: 'SECRET-not-a-url' });
  assert.equal(notUrl, 'invalid channels.team.url_env: ALERT_SLACK_URL (the variable does not hold an http(s) URL)');
});

test('other bad files: YAML syntax, wrong types, duplicate names, bad durations and time zones', () => {
  assert.match(errorOf('channels: [\n'), /^invalid alerts file: /);
  assert.match(errorOf('- 1\n'), /^invalid alerts file: /);
  assert.match(
    errorOf(ISSUE_EXAMPLE.replace('type: budget', 'type: budgett')),
    /^invalid rules\[0\]\.type: budgett \(budget, anomaly/,
  );
  assert.match(errorOf(ISSUE_EXAMPLE.replace('type: slack', 'type: pager')), /^invalid channels\.team\.type: pager/);
  const twice = `${ISSUE_EXAMPLE}  - { name: monthly budget, type: anomaly, notify: [team] }\n`;
  assert.match(errorOf(twice), /^invalid rules\[1\]\.name: monthly budget \(each rule name once/);
  const rule = (body: string): string => `${ISSUE_EXAMPLE}  - { name: x, notify: [team], ${body} }\n`;
  assert.match(errorOf(rule('type: stale')), /^invalid rules\[1\]\.after: missing/);
  assert.match(errorOf(rule('type: stale, after: 6 hours')), /^invalid rules\[1\]\.after: "6 hours"/);
  assert.match(errorOf(rule('type: digest, time_zone: Mars/Olympus')), /^invalid rules\[1\]\.time_zone: Mars\/Olympus/);
  assert.match(errorOf(rule('type: digest, at: "25:00"')), /^invalid rules\[1\]\.at: 25:00/);
  assert.match(errorOf(rule('type: new_spender, kinds: [user]')), /^invalid rules\[1\]\.kinds\[0\]: user/);
  assert.match(errorOf(`channels: {}\nrules: []\n`), /^invalid channels: /);
});
