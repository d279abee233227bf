import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDayChart, tokenUsageChart, type Figure } from '../../lib/charts/index';
import { checkFigure, checkFigures } from '../../lib/export/check-figure';
import { dailyCosts, tokenPoints } from '../charts/sample-data';

const fig = costPerDayChart(dailyCosts);
/** What a notebook may hand over at run time, whatever the types say. */
const asFigure = (value: unknown): Figure => value as Figure;
const asFigures = (value: unknown): Figure[] => value as Figure[];

test('a figure with a valid id is returned as it is', () => {
  assert.equal(checkFigure(fig), fig);
  assert.equal(checkFigure({ ...fig, id: 'a-1-b' }).id, 'a-1-b');
});

test('not a figure, or an id that is no file name or DOM id: refused, showing the value', () => {
  assert.throws(() => checkFigure(asFigure(null)), { message: 'invalid figure: null' });
  assert.throws(() => checkFigure(asFigure('chart')), { message: 'invalid figure: "chart"' });
  assert.throws(() => checkFigure(asFigure({ id: 'x', data: 'nope' })), /^Error: invalid figure: \{"id":"x"/);
  for (const id of ['', 'Upper', 'has space', '../up', 'a/b', 'é', '<b>'])
    assert.throws(() => checkFigure({ ...fig, id }), { message: `invalid figure id: ${JSON.stringify(id)}` }, id);
  assert.throws(() => checkFigure(asFigure({ ...fig, id: 7 })), { message: 'invalid figure id: 7' });
});

test('checkFigures: every figure checked, no id twice, and a list required', () => {
  const figs = [fig, tokenUsageChart(tokenPoints)];
  assert.equal(checkFigures(figs), figs);
  assert.deepEqual(checkFigures([]), []);
  assert.throws(() => checkFigures([fig, { ...tokenUsageChart(tokenPoints), id: fig.id }]), {
    message: `invalid figure id: "${fig.id}" (duplicate)`,
  });
  assert.throws(() => checkFigures([fig, { ...fig, id: 'Bad' }]), { message: 'invalid figure id: "Bad"' });
  assert.throws(() => checkFigures(asFigures({ id: 'x' })), /^Error: invalid figures: /);
});
