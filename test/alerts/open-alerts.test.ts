import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAlerts } from '../../lib/alerts/open-alerts';
import type { OpenAlertEvent } from '../../lib/store/index';
import { alertsPanel } from '../../lib/dashboard/index';

const at = (iso: string): number => Date.parse(iso) / 1000;
const NOW = at('2026-11-21T09:30:00Z');
const row = (o: Partial<OpenAlertEvent> & Pick<OpenAlertEvent, 'rule' | 'ruleType' | 'period'>): OpenAlertEvent => ({
  organization: 'default',
  scope: 'organization',
  state: 'firing',
  payload: JSON.stringify({ summary: `${o.rule} ${o.period}` }),
  recordedAt: NOW - 3600,
  ...o,
});

test('open alerts: stale until resolved, budgets in their month, anomalies and new spenders for a week, no digest', () => {
  const events = [
    row({ rule: 'budget', ruleType: 'budget', period: '2026-11/80%' }),
    row({ rule: 'budget', ruleType: 'budget', period: '2026-10/100%', recordedAt: at('2026-10-30T00:00:00Z') }),
    row({ rule: 'spikes', ruleType: 'anomaly', period: '2026-11-20', scope: 'project:proj_1' }),
    row({ rule: 'spikes', ruleType: 'anomaly', period: '2026-11-10' }),
    row({ rule: 'new', ruleType: 'new_spender', period: 'first', recordedAt: NOW - 2 * 86_400 }),
    row({ rule: 'new', ruleType: 'new_spender', period: 'first', scope: 'model:x', recordedAt: NOW - 9 * 86_400 }),
    row({ rule: 'stale', ruleType: 'stale', period: 'sync:2026-11-01T00:00:00.000Z', recordedAt: NOW - 20 * 86_400 }),
    row({ rule: 'digest', ruleType: 'digest', period: '2026-11-21' }),
    row({ rule: 'odd', ruleType: 'no_such_type', period: '2026-11-21' }),
  ];
  const open = openAlerts(events, NOW);
  assert.deepEqual(
    open.map((a) => [a.rule, a.scope, a.period]),
    [
      ['stale', 'organization', 'sync:2026-11-01T00:00:00.000Z'],
      ['budget', 'organization', '2026-11/80%'],
      ['spikes', 'project:proj_1', '2026-11-20'],
      ['new', 'organization', 'first'],
    ],
  );
  assert.equal(open[1]?.summary, 'budget 2026-11/80%');
  // A payload that is not an event still shows its key.
  assert.equal(
    openAlerts([row({ rule: 'b', ruleType: 'budget', period: '2026-11/50%', payload: '{' })], NOW)[0]?.summary,
    'b: organization 2026-11/50%',
  );
});

test('the dashboard panel: at most 8 lines, "and N more", names with bidi characters visible, none for no store', () => {
  const many = Array.from({ length: 11 }, (_, i) =>
    row({ rule: 'spikes', ruleType: 'anomaly', period: '2026-11-20', scope: `project:p${i}` }),
  );
  const hostile = row({
    rule: 'budget',
    ruleType: 'budget',
    period: '2026-11/80%',
    scope: 'project:proj_x',
    payload: JSON.stringify({ summary: 'project <img src=x>\u202Eevil has spent $5.00' }),
  });
  const panel = alertsPanel(openAlerts([...many, hostile], NOW));
  assert.equal(panel?.lines.length, 8);
  assert.equal(panel?.more, 4);
  assert.deepEqual(panel?.lines[0], {
    when: '2026-11-21 08:30 UTC',
    rule: 'budget',
    what: 'project <img src=x>\\u202Eevil has spent $5.00',
    hover: 'project:proj_x · 2026-11/80%',
  });
  assert.equal(alertsPanel(undefined), null);
  assert.deepEqual(alertsPanel([]), { lines: [], more: 0 });
});
