import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorScale } from '../../lib/charts/palette';

test('colour scale is deterministic, order-independent and collision-free up to twenty names', () => {
  const names = Array.from({ length: 20 }, (_, i) => `proj_${i}`);
  const a = colorScale(names);
  const b = colorScale([...names].reverse());
  for (const n of names) assert.equal(a.get(n), b.get(n));
  assert.equal(new Set(names.map((n) => a.get(n))).size, 20);
  assert.equal(a.get('Other'), '#bdbdbd');
});
