import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { AlertsConfigError, type AlertRule } from '../../lib/alerts/rules-file';
import {
  EXIT_ALERTS_UNDELIVERED,
  loadAlertRules,
  loadAlertsFile,
  needsSpendLimits,
  unmatchedOrganizationFilters,
} from '../../lib/alerts/run-alerts';
import { tempDir } from '../../tools/temp-dir';

const tmp = tempDir('run-alerts-unit-');
after(() => tmp.remove());

test('the example rules file (notebook 05, docs) reads without its channel variables; a missing file is named', () => {
  const file = path.join(__dirname, '..', '..', 'config', 'alerts.example.yaml');
  const rules = loadAlertRules(file, {});
  assert.deepEqual([...new Set(rules.map((r) => r.type))].sort(), [
    'anomaly',
    'budget',
    'digest',
    'new_spender',
    'stale',
    'unpriced_model',
  ]);
  assert.deepEqual(
    loadAlertRules(undefined, { USAGE_ALERTS: file }).map((r) => r.name),
    rules.map((r) => r.name),
  );
  assert.throws(
    () => loadAlertRules('/nonexistent/alerts.yaml', {}),
    /^AlertsConfigError: invalid rules file: \/nonexistent\/alerts\.yaml \(no such file\)$/,
  );
  assert.throws(() => loadAlertRules(undefined, {}), /^AlertsConfigError: invalid rules file: none given/);
});

test('the alerts file: --alerts, else USAGE_ALERTS; neither (or blank) is no alerts; the channels read the environment', () => {
  const file = path.join(tmp.dir, 'alerts.yaml');
  writeFileSync(
    file,
    'channels:\n  team: { type: slack, url_env: SLACK_URL }\nrules:\n  - { name: b, type: budget, amount: 5, thresholds: [1], notify: [team] }\n',
  );
  const env = { SLACK_URL: 'https://hooks.slack.example/services/T/B/x' };
  assert.equal(loadAlertsFile(undefined, env), undefined);
  assert.equal(loadAlertsFile(undefined, { ...env, USAGE_ALERTS: '  ' }), undefined);
  assert.equal(loadAlertsFile(file, env)?.channels.get('team')?.type, 'slack');
  assert.deepEqual(
    loadAlertsFile(undefined, { ...env, USAGE_ALERTS: file })?.rules.map((r) => r.name),
    ['b'],
  );
  // The flag wins over the variable.
  assert.throws(
    () => loadAlertsFile(path.join(tmp.dir, 'missing.yaml'), { ...env, USAGE_ALERTS: file }),
    (e: unknown) =>
      e instanceof AlertsConfigError &&
      e.message === `invalid --alerts: ${path.join(tmp.dir, 'missing.yaml')} (no such file)`,
  );
  assert.throws(
    () => loadAlertsFile(undefined, { ...env, USAGE_ALERTS: '/nonexistent/x.yaml' }),
    /^AlertsConfigError: invalid USAGE_ALERTS: \/nonexistent\/x\.yaml \(no such file\)$/,
  );
  assert.throws(
    () => loadAlertsFile(file, {}),
    /SLACK_URL/,
    'a channel variable missing is an error before any request',
  );
  assert.throws(() => loadAlertsFile(tmp.dir, env), /^AlertsConfigError: invalid --alerts: .* \(Error: EISDIR/);
});

const rule = (o: Partial<AlertRule> & Pick<AlertRule, 'type'>): AlertRule =>
  ({
    name: 'r',
    notify: [],
    organizations: null,
    projects: null,
    amount: 1,
    thresholds: [1],
    per: 'organization',
    forecast: false,
    ...o,
  }) as AlertRule;

test('spend limits are needed only by a budget rule without amount', () => {
  assert.equal(needsSpendLimits({ rules: [] }), false);
  assert.equal(needsSpendLimits({ rules: [rule({ type: 'budget', amount: 10 })] }), false);
  assert.equal(
    needsSpendLimits({ rules: [rule({ type: 'budget', amount: 10 }), rule({ type: 'budget', amount: null })] }),
    true,
  );
});

test('organizations filters that name no organization of the store are listed, each once per rule', () => {
  const orgs = [
    { id: 'org-1', name: 'Acme' },
    { id: 'org-2', name: 'Globex' },
  ];
  assert.deepEqual(
    unmatchedOrganizationFilters(
      [
        rule({ type: 'budget', name: 'a', organizations: ['acme', 'org-2'] }),
        rule({ type: 'budget', name: 'b', organizations: ['Initech', '<x>'] }),
        rule({ type: 'budget', name: 'c' }),
      ],
      orgs,
    ),
    [
      'rule b: organizations entry "Initech" names no organization of the store (Acme, Globex)',
      'rule b: organizations entry "<x>" names no organization of the store (Acme, Globex)',
    ],
  );
  assert.deepEqual(unmatchedOrganizationFilters([], orgs), []);
});

test('the exit code for "data synced, alerts left undelivered" is 3, apart from errors (1)', () => {
  assert.equal(EXIT_ALERTS_UNDELIVERED, 3);
});
