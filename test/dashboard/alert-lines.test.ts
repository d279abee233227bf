import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAlerts } from '../../lib/alerts/open-alerts';
import { alertsPanel } from '../../lib/dashboard/alert-lines';
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
