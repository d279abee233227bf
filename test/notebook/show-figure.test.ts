import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart } from '../../lib/charts/index';
import { figureBundle } from '../../lib/notebook/figure-bundle';
import { showFigure } from '../../lib/notebook/show-figure';
import { recorder } from './display-recorder';

test('showFigure publishes one multi-MIME output marked as a figure with its id (the headless run orders by it)', () => {
  const fig = costPerDayChart([
    { date: '2025-01-11', amount: 1.5 },
    { date: '2025-01-12', amount: 0 },
  ]);
  const { writer, published } = recorder();
  const returned: unknown = showFigure(fig, writer);
  assert.equal(returned, undefined, 'nothing to echo as the cell value');
  assert.deepEqual(published, [
    { bundle: figureBundle(fig), metadata: { 'usage-notebooks': { role: 'figure', id: fig.id } } },
  ]);
  assert.equal(fig.id, 'cost-per-day');
});
