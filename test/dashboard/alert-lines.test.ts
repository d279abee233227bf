import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAlerts, type OpenAlert } from '../../lib/alerts/index';
import { MAX_ALERT_LINES } from '../../lib/dashboard/alert-lines';
import { alertsPanel } from '../../lib/dashboard/index';
import { NOW, row } from '../alerts/stored-events';

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

const alert = (over: Partial<OpenAlert>): OpenAlert => ({
  organization: 'org-1',
  organizationName: 'Acme',
  rule: 'monthly budget',
  ruleType: 'budget',
  scope: 'organization',
  period: '2026-11/80%',
  summary: 'Acme has spent $80.00 of $100.00',
  recordedAt: Date.parse('2026-11-21T09:30:59Z') / 1000,
  ...over,
});

test('one organization: the rule as named; several: each line says whose it is (its name, control characters visible)', () => {
  assert.deepEqual(alertsPanel([alert({})])?.lines, [
    {
      when: '2026-11-21 09:30 UTC',
      rule: 'monthly budget',
      what: 'Acme has spent $80.00 of $100.00',
      hover: 'organization · 2026-11/80%',
    },
  ]);
  const two = alertsPanel([
    alert({}),
    alert({ organization: 'org-2', organizationName: 'Glo\u202Ebex\u0000', scope: 'model:gpt\u2066-4o' }),
  ]);
  assert.deepEqual(
    two?.lines.map((l) => [l.rule, l.hover]),
    [
      ['monthly budget (Acme)', 'organization · 2026-11/80%'],
      ['monthly budget (Glo\\u202Ebex\\u0000)', 'model:gpt\\u2066-4o · 2026-11/80%'],
    ],
  );
});

test('the bound: exactly max lines show with no "more"; max 0 shows none and counts them all', () => {
  const three = [alert({}), alert({ period: 'b' }), alert({ period: 'c' })];
  assert.deepEqual(alertsPanel(three, 3)?.more, 0);
  assert.deepEqual(
    alertsPanel(three, 2)?.lines.map((l) => l.hover),
    ['organization · 2026-11/80%', 'organization · b'],
  );
  assert.deepEqual(alertsPanel(three, 0), { lines: [], more: 3 });
  assert.equal(MAX_ALERT_LINES, 8);
});
