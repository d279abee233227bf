import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAlertsFile } from '../../lib/alerts/rules-file';
import { alertOrganizations, alertSnapshot, evaluateStore, runAlerts } from '../../lib/alerts/run-alerts';
import { UsageClient } from '../../lib/api/index';
import { startEmulator } from '../../lib/emulator/index';
import { openStore, type UsageStore } from '../../lib/store/index';
import { tempDir } from '../../tools/temp-dir';
import { receiver, type Receiver } from './http-receiver';

const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const NOV_10 = Date.parse('2026-11-10T00:00:00Z') / 1000;

/** Days of costs for an organization from Nov 10, one result per day of `usd`. */
async function costs(store: UsageStore, org: string, days: number, usd: number): Promise<void> {
  for (let d = 0; d < days; d++) {
    const start = NOV_10 + d * DAY;
    await store.writeWindow({
      organizationId: org,
      endpoint: 'costs',
      grouping: 'project_id,line_item',
      width: '1d',
      start,
      end: start + DAY,
      final: true,
      syncedAt: NOW - 600,
      buckets: [
        {
          object: 'bucket',
          start_time: start,
          end_time: start + DAY,
          results: [
            {
              object: 'organization.costs.result',
              amount: { value: usd, currency: 'usd' },
              project_id: `proj_${org}`,
              line_item: 'gpt-4o, input',
            },
          ],
        },
      ],
    });
  }
}

const limitEntries = (usd: number): Parameters<UsageStore['replaceDirectory']>[1] => [
  {
    kind: 'organization_spend_limit',
    id: 'organization',
    name: null,
    parent_id: null,
    attributes: {
      scope: 'organization',
      projectId: null,
      thresholdCents: usd * 100,
      thresholdAmount: usd,
      currency: 'USD',
      interval: 'month',
      enforcing: true,
    },
  },
  { kind: 'spend_limits_read', id: 'organization', name: null, parent_id: null, attributes: {} },
];

describe('running the alert rules over a store of two organizations', () => {
  const tmp = tempDir('run-alerts-');
  let team: Receiver;
  let env: Record<string, string>;
  let files = 0;
  before(async () => {
    team = await receiver();
    env = { SLACK_URL: `${team.url}/services/T/B/SECRETteam` };
  });
  after(async () => {
    await team.close();
    tmp.remove();
  });
  /** Acme spent $60 (3 × $20) this month, Globex $10; Acme's stored spend limit is $40, Globex stored none. */
  const twoOrganizations = async (): Promise<UsageStore> => {
    const store = await openStore(path.join(tmp.dir, `two-${++files}.duckdb`));
    await store.recordOrganization({ id: 'org-a', name: 'Acme', idSource: 'env' }, NOW - DAY);
    await store.recordOrganization({ id: 'org-b', name: 'Globex', idSource: 'env' }, NOW - DAY);
    await costs(store, 'org-a', 3, 20);
    await costs(store, 'org-b', 2, 5);
    await store.replaceDirectory('org-a', limitEntries(40), NOW - DAY);
    return store;
  };
  const config = (rule: string): ReturnType<typeof parseAlertsFile> =>
    parseAlertsFile(`channels:\n  team: { type: slack, url_env: SLACK_URL }\nrules:\n  - ${rule}\n`, env);

  test('the organizations: each one synced; rows from before organizations as their own; a new store is "default"', async () => {
    const empty = await openStore(path.join(tmp.dir, 'empty.duckdb'));
    try {
      assert.deepEqual(await alertOrganizations(empty), [{ id: 'default', name: 'default' }]);
      await costs(empty, '', 1, 1);
      assert.deepEqual(await alertOrganizations(empty), [{ id: '', name: '(written before organizations)' }]);
      await empty.recordOrganization({ id: 'org-z', name: 'Zeta', idSource: 'header' }, NOW);
      assert.deepEqual(await alertOrganizations(empty), [
        { id: 'org-z', name: 'Zeta' },
        { id: '', name: '(written before organizations)' },
      ]);
    } finally {
      await empty.close();
    }
  });

  test('budgets without amount: the stored limit, else the API client of that organization, else one notice', async () => {
    const store = await twoOrganizations();
    const emulator = await startEmulator({ port: 0 });
    const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
    try {
      const cfg = config('{ name: limit, type: budget, thresholds: [1], notify: [team] }');
      const notices: string[] = [];
      const acme = await alertSnapshot(store, {
        config: cfg,
        now: NOW,
        organization: { id: 'org-a', name: 'Acme' },
        onNotice: (n) => notices.push(n),
      });
      assert.deepEqual(acme.limits, { spendLimit: 40, spendAlerts: [], projectLimits: {} });
      const globex = { id: 'org-b', name: 'Globex' };
      const none = await alertSnapshot(store, {
        config: cfg,
        now: NOW,
        organization: globex,
        onNotice: (n) => notices.push(n),
      });
      assert.equal(none.limits, undefined);
      assert.deepEqual(notices, [
        'budget rules without amount have no budget for Globex: the store holds no spend limits and no API client reads them',
      ]);
      const read = await alertSnapshot(store, {
        config: cfg,
        now: NOW,
        organization: globex,
        client: (id) => (id === 'org-b' ? client : undefined),
        onNotice: (n) => notices.push(n),
      });
      // The emulated organization's limit and alerts (its projects are not Globex's: no project limits).
      assert.deepEqual(read.limits, { spendLimit: 5_000, spendAlerts: [2_500, 4_000], projectLimits: {} });
      assert.equal(notices.length, 1);
      const withAmount = await alertSnapshot(store, {
        config: config('{ name: b, type: budget, amount: 1, thresholds: [1], notify: [team] }'),
        now: NOW,
        organization: globex,
        onNotice: (n) => notices.push(n),
      });
      assert.equal(withAmount.limits, undefined, 'no limits read when no rule needs them');
      assert.equal(notices.length, 1);
    } finally {
      client.close();
      await emulator.close();
      await store.close();
    }
  });

  test('evaluateStore: each organization against its own spend; filters naming no organization are said', async () => {
    const store = await twoOrganizations();
    try {
      const cfg = parseAlertsFile(
        'channels:\n  team: { type: slack, url_env: SLACK_URL }\nrules:\n' +
          '  - { name: limit, type: budget, thresholds: [1], notify: [team] }\n' +
          '  - { name: fixed, type: budget, amount: 8, thresholds: [1], notify: [team], organizations: [globex, Initech] }\n',
        env,
      );
      const { events, notices } = await evaluateStore(store, { config: cfg, now: NOW });
      assert.deepEqual(
        events.map((e) => [e.organization, e.rule, e.scope, e.period, e.figures['spent_usd']]),
        [
          ['org-a', 'limit', 'organization', '2026-11/100%', 60],
          ['org-b', 'fixed', 'organization', '2026-11/100%', 10],
        ],
      );
      assert.ok(
        notices.includes('rule fixed: organizations entry "Initech" names no organization of the store (Acme, Globex)'),
      );
      assert.ok(
        notices.some((n) => /no budget .*Globex/.test(n)),
        notices.join('\n'),
      );
    } finally {
      await store.close();
    }
  });

  test('runAlerts records and delivers under the lock, says so in one line; again: nothing new', async () => {
    const store = await twoOrganizations();
    try {
      team.got.length = 0;
      const cfg = config('{ name: limit, type: budget, thresholds: [1], notify: [team] }');
      const first = await runAlerts(store, { config: cfg, now: NOW, policy: { attempts: 1 } });
      assert.deepEqual(
        [first.found, first.error, first.exitCode, first.summary],
        [1, null, 0, 'alerts: 1 new events, 1 deliveries sent, 0 undelivered'],
      );
      assert.equal(team.got.length, 1);
      assert.match(team.got[0]?.body ?? '', /Acme/);
      const again = await runAlerts(store, { config: cfg, now: NOW + 3600 });
      assert.deepEqual(
        [again.found, again.exitCode, again.summary],
        [1, 0, 'alerts: 0 new events, 0 deliveries sent, 0 undelivered'],
      );
      assert.equal(team.got.length, 1);
      // The lock was released: another run can take it at once.
      await store.lock({ waitMs: 0 });
      await store.unlock();
    } finally {
      await store.close();
    }
  });

  test('a channel down: exit 3, the undelivered line masks its URL; a store that fails: exit 3, never an exception', async () => {
    const store = await twoOrganizations();
    try {
      team.mode.now = 'fail';
      team.mode.failBody = `no such hook ${env['SLACK_URL'] ?? ''}`;
      const logs: string[] = [];
      const cfg = config('{ name: limit, type: budget, thresholds: [1], notify: [team] }');
      const run = await runAlerts(store, { config: cfg, now: NOW, policy: { attempts: 1 }, log: (l) => logs.push(l) });
      assert.deepEqual(
        [run.exitCode, run.error, run.summary],
        [3, null, 'alerts: 1 new events, 0 deliveries sent, 1 undelivered'],
      );
      assert.ok(
        logs.includes('undelivered: limit · organization · 2026-11/100% to team: HTTP 503: no such hook [REDACTED]'),
        logs.join('\n'),
      );
      assert.ok(logs.every((l) => !l.includes('SECRETteam')));
    } finally {
      team.mode.now = 'ok';
      await store.close();
    }
    const closed = await runAlerts(store, {
      config: config('{ name: b, type: budget, amount: 1, thresholds: [1], notify: [team] }'),
      now: NOW,
    });
    assert.equal(closed.exitCode, 3);
    assert.equal(closed.found, 0);
    assert.match(closed.error ?? '', /closed|not open|connection/i);
    assert.equal(
      closed.summary,
      `alerts: not evaluated (${closed.error}); the data is synced, alerts are retried next run`,
    );
  });
});
