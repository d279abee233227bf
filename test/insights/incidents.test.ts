import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Anomaly, AnomalyMetric, AnomalyScope } from '../../lib/insights/anomalies';
import { groupIncidents } from '../../lib/insights/incidents';
import { detectAnomalies } from '../../lib/insights/anomalies';
import { anomalyPoints } from '../../lib/insights/anomaly-points';
import { incidentRows } from '../../lib/insights/export-rows';
import { alone, assertKeptApart, dailyData, merged } from './two-organizations';

/** An anomaly written by hand: score and ratio follow from value and baseline (scale 10). */
function anomaly(
  date: string,
  scope: AnomalyScope,
  key: string,
  metric: AnomalyMetric,
  value: number,
  baseline: number,
): Anomaly {
  return {
    date,
    scope,
    key,
    metric,
    value,
    baseline,
    score: (value - baseline) / 10,
    ratio: value / baseline,
    explanation: 'unused here',
  };
}

const D1 = '2026-11-14';
const D2 = '2026-11-16';
const INPUT: Anomaly[] = [
  // D1: one spike seen at the organization, project p1, model gpt-4o and both together: one incident.
  anomaly(D1, 'project', 'p1', 'spend', 450, 50),
  anomaly(D1, 'organization', 'all', 'spend', 500, 100),
  anomaly(D1, 'model', 'gpt-4o', 'requests', 1000, 200),
  anomaly(D1, 'project_model', 'p1 | gpt-4o', 'spend', 450, 50),
  // D2, no organization: p2 and its model m-y belong together; m-x alone; p3's drop is another incident.
  anomaly(D2, 'project_model', 'p2 | m-y', 'requests', 90, 30),
  anomaly(D2, 'project', 'p2', 'spend', 30, 10),
  anomaly(D2, 'model', 'm-x', 'output_tokens', 4000, 1000),
  anomaly(D2, 'project', 'p3', 'spend', 1, 10),
];

test('related anomalies of a day become one incident, ranked by dollars away from baseline', () => {
  const incidents = groupIncidents(INPUT, { names: new Map([['p1', 'Search']]) });
  assert.deepEqual(
    incidents.map((i) => [i.date, i.direction, i.excess, i.anomalies.length]),
    [
      [D1, 'spike', 400, 4], // organization 500 − 100 (its projects' 450 − 50 are inside it, not added)
      [D2, 'spike', 20, 2], // p2: 30 − 10
      [D2, 'drop', -9, 1], // p3: 1 − 10
      [D2, 'spike', 0, 1], // m-x: tokens only, no dollars
    ],
  );
  const [org, p2, p3, mx] = incidents;
  assert.equal(org?.lead.scope, 'organization');
  assert.deepEqual(
    org?.anomalies.map((a) => a.scope),
    ['organization', 'project', 'model', 'project_model'],
  );
  assert.equal(org?.organization, true);
  assert.deepEqual(org?.projects, ['p1']);
  assert.deepEqual(org?.models, ['gpt-4o']);
  assert.equal(org?.summary, 'spend 5.0× its usual at the organization (project Search; model gpt-4o)');
  assert.equal(p2?.summary, 'spend 3.0× its usual in project p2 (also model m-y)');
  assert.equal(p3?.summary, 'spend 10% of its usual in project p3');
  assert.equal(mx?.summary, 'output tokens 4.0× its usual for model m-x');
});

test('names replace IDs only where known; long lists end in "and N more"', () => {
  const many = ['pa', 'pb', 'pc', 'pd', 'pe'].map((p, i) => anomaly(D1, 'project', p, 'spend', 100 - i, 10));
  const [one] = groupIncidents([anomaly(D1, 'organization', 'all', 'spend', 600, 60), ...many], {
    names: new Map([
      ['pa', 'Alpha'],
      ['pc', 'Gamma'],
    ]),
  });
  assert.equal(one?.summary, 'spend 10× its usual at the organization (projects Alpha, pb, Gamma and 2 more)');
  assert.deepEqual(one?.projects, ['pa', 'pb', 'pc', 'pd', 'pe']);
  assert.equal(groupIncidents(many, { listed: 1 })[0]?.summary.includes('and'), false, 'no shared node: apart');
  assert.equal(groupIncidents(many).length, 5);
  assert.throws(() => groupIncidents(many, { listed: 0 }), /invalid listed: 0/);
  assert.deepEqual(groupIncidents([]), []);
});

test('a model name is split from a project ID that holds " | " itself', () => {
  const [i] = groupIncidents([anomaly(D1, 'project_model', 'odd | id | gpt-4o', 'spend', 50, 10)]);
  assert.deepEqual(i?.projects, ['odd | id']);
  assert.deepEqual(i?.models, ['gpt-4o']);
  assert.equal(i?.summary, 'spend 5.0× its usual for model gpt-4o in project odd | id');
});

test('property: every anomaly is in exactly one incident, of its own day and direction', () => {
  const scopes: AnomalyScope[] = ['organization', 'project', 'model', 'project_model'];
  const metrics: AnomalyMetric[] = ['spend', 'requests', 'input_tokens', 'output_tokens'];
  const arb = fc.array(
    fc.record({
      date: fc.constantFrom(D1, D2),
      scope: fc.constantFrom(...scopes),
      p: fc.constantFrom('p1', 'p2', 'p3'),
      m: fc.constantFrom('m1', 'm2'),
      metric: fc.constantFrom(...metrics),
      value: fc.integer({ min: 0, max: 1000 }),
      baseline: fc.integer({ min: 1, max: 1000 }),
    }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(arb, (rows) => {
      const input = rows.map((r) => {
        const key =
          r.scope === 'organization'
            ? 'all'
            : r.scope === 'project'
              ? r.p
              : r.scope === 'model'
                ? r.m
                : `${r.p} | ${r.m}`;
        return anomaly(r.date, r.scope, key, r.metric, r.value, r.baseline);
      });
      const incidents = groupIncidents(input);
      const members = incidents.flatMap((i) => i.anomalies);
      assert.equal(members.length, input.length);
      assert.equal(new Set(members).size, input.length);
      for (const i of incidents) {
        for (const a of i.anomalies) {
          assert.equal(a.date, i.date);
          assert.equal(a.ratio >= 1 ? 'spike' : 'drop', i.direction);
        }
      }
      for (let k = 1; k < incidents.length; k++)
        assert.ok(Math.abs(incidents[k - 1]?.excess ?? 0) >= Math.abs(incidents[k]?.excess ?? 0));
    }),
  );
});

test('every metric is named in words (METRIC_WORDS, shared with the anomaly explanations and the dashboard)', () => {
  const words = [
    ['spend', 'spend'],
    ['requests', 'requests'],
    ['input_tokens', 'input tokens'],
    ['output_tokens', 'output tokens'],
  ] as const;
  for (const [metric, said] of words) {
    const [one] = groupIncidents([anomaly(D2, 'model', 'm-x', metric, 400, 100)]);
    assert.equal(one?.summary, `${said} 4.0× its usual for model m-x`);
  }
});

test('anomalies of several organizations: incidents per organization, each as it alone gives them', () => {
  const now = Date.UTC(2030, 0, 1);
  const names = new Map([['proj_1', 'Search']]);
  fc.assert(
    fc.property(dailyData(36), dailyData(36), (acme, globex) => {
      const both = merged(acme, globex);
      const got = groupIncidents(detectAnomalies(anomalyPoints(both.usage, both.costs, { now })), { names });
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return incidentRows(groupIncidents(detectAnomalies(anomalyPoints(own.usage, own.costs, { now })), { names }));
      });
      // An incident is of one organization: every member's is its lead's.
      for (const i of got)
        assert.ok(
          i.anomalies.every((a) => a.organization_id === i.lead.organization_id && a.organization_id !== undefined),
        );
      assertKeptApart(incidentRows(got), expected);
    }),
    { numRuns: 30 },
  );
});

test('the same project spiking the same day in two organizations is two incidents, one each, never one', () => {
  const acme = { organization_id: 'org-acme', organization: 'acme' };
  const globex = { organization_id: 'org-globex', organization: 'globex' };
  const incidents = groupIncidents([
    { ...acme, ...anomaly(D1, 'organization', 'all', 'spend', 500, 100) },
    { ...acme, ...anomaly(D1, 'project', 'proj_1', 'spend', 450, 50) },
    { ...globex, ...anomaly(D1, 'project', 'proj_1', 'spend', 300, 100) },
  ]);
  assert.deepEqual(
    incidentRows(incidents).map((r) => [r.organization, r.incident, r.spend_vs_usual, r.series]),
    [
      ['acme', 'spend 5.0× its usual at the organization (project proj_1)', 400, 2],
      ['globex', 'spend 3.0× its usual in project proj_1', 200, 1],
    ],
  );
});
