import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anomalyChart } from '../../lib/charts/anomaly-chart';
import { detectAnomalies, type SeriesPoint } from '../../lib/insights/index';

test('the anomaly chart marks each anomaly on its series with its explanation', () => {
  const points: SeriesPoint[] = [];
  for (let d = 1; d <= 29; d++) {
    const date = `2026-01-${String(d).padStart(2, '0')}`;
    points.push({ date, scope: 'organization', key: 'all', metric: 'spend', value: d === 22 ? 50 : 10 });
    points.push({ date, scope: 'project', key: 'proj_a', metric: 'spend', value: d === 22 ? 45 : 7 });
    points.push({ date, scope: 'project', key: 'proj_b', metric: 'spend', value: d === 22 ? 5 : 3 });
  }
  const fig = anomalyChart(points, detectAnomalies(points), { scope: 'project', metric: 'spend' });
  assert.equal(fig.id, 'anomalies-project-spend');
  const marks = fig.data.find((t) => t.name.startsWith('Anomalies'));
  assert.ok(marks?.type === 'scatter');
  assert.deepEqual([marks.x, marks.y], [['2026-01-22'], [45]]);
  assert.match(marks.customdata[0]?.[0] ?? '', /project proj_a: 6\.4× its usual spend/);
  assert.equal(fig.data.length, 3);
});

test('the anomaly chart shows project names in its legend, the ID on hover, markup inert', () => {
  const points: SeriesPoint[] = [];
  for (let d = 1; d <= 10; d++) {
    const date = `2026-01-${String(d).padStart(2, '0')}`;
    points.push({ date, scope: 'project', key: 'proj_a', metric: 'spend', value: 7 });
    points.push({ date, scope: 'project', key: 'proj_b', metric: 'spend', value: 3 });
  }
  const names = new Map([['proj_a', 'Support <b>bot</b>']]);
  const fig = anomalyChart(points, [], { scope: 'project', metric: 'spend', names });
  const [a, b] = fig.data;
  assert.ok(a?.type === 'scatter' && b?.type === 'scatter');
  assert.equal(a.name, 'Support &lt;b&gt;bot&lt;/b&gt;');
  assert.equal(b.name, 'proj_b', 'a project the directory does not know shows as its ID');
  assert.match(String(a.customdata[0]?.[0]), /<br>ID: proj_a$/);
  assert.throws(
    () => anomalyChart(points, [], { scope: 'project', metric: 'spend', names: {} as never }),
    /invalid names/,
  );
});
