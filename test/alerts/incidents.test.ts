import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anomalyIncidents } from '../../lib/alerts/incidents';
import type { Anomaly } from '../../lib/insights/index';

const anomaly = (o: Partial<Anomaly>): Anomaly => ({
  date: '2026-11-20',
  scope: 'project',
  key: 'proj_1',
  metric: 'spend',
  value: 10,
  baseline: 2,
  score: 9,
  ratio: 5,
  explanation: '',
  ...o,
});

const NAMES: Record<string, string> = { 'project:proj_1': 'project Search', 'project:proj_2': 'project Chat' };
const nameOf = (scope: string): string => NAMES[scope] ?? scope;

test('anomalies of one day and direction are one incident, ranked by dollars above baseline, with names', () => {
  const incidents = anomalyIncidents(
    [
      anomaly({ scope: 'organization', key: 'all', value: 120, baseline: 40 }),
      anomaly({ key: 'proj_1', value: 30, baseline: 10 }), // +20
      anomaly({ key: 'proj_2', value: 75, baseline: 15 }), // +60
      anomaly({ scope: 'model', key: 'gpt-4.1', value: 70, baseline: 20 }), // +50
      anomaly({ key: 'proj_1', date: '2026-11-19', value: 1, baseline: 9, ratio: 0.1 }), // a drop, another day
      anomaly({ key: 'proj_2', value: 1, baseline: 12, ratio: 0.08 }), // a drop the same day
    ],
    nameOf,
  );
  assert.deepEqual(
    incidents.map((i) => [i.date, i.direction, i.members.map((m) => `${m.name} ${m.aboveBaseline}`)]),
    [
      ['2026-11-20', 'spike', ['organization 80', 'project Chat 60', 'model:gpt-4.1 50', 'project Search 20']],
      ['2026-11-20', 'drop', ['project Chat -11']],
      ['2026-11-19', 'drop', ['project Search -8']],
    ],
  );
  assert.equal(incidents[0]?.lead.scope, 'organization');
  assert.equal(incidents[0]?.title, 'Spend spike on 2026-11-20: organization +$80.00 against its usual $40.00');
  assert.equal(incidents[1]?.title, 'Spend drop on 2026-11-20: project Chat −$11.00 against its usual $12.00');
  assert.deepEqual(anomalyIncidents([], nameOf), []);
});
