import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupRows } from '../../lib/frames/group-rows';

test('groupRows flattens group keys beside the value', () => {
  assert.deepEqual(
    groupRows([
      { keys: { user_id: 'u1', api_key_id: null }, value: 3 },
      { keys: { user_id: 'u2' }, value: 0 },
    ]),
    [
      { user_id: 'u1', api_key_id: null, value: 3 },
      { user_id: 'u2', value: 0 },
    ],
  );
});

test('a hostile "__proto__" key stays a plain own column; no groups, no rows', () => {
  const keys = JSON.parse('{"__proto__": "p", "model": "<b>m</b>"}') as Record<string, string>;
  const [row] = groupRows([{ keys, value: 1.5 }]);
  assert.equal(Object.getPrototypeOf(row), Object.prototype);
  assert.deepEqual(Object.entries(row ?? {}), [
    ['__proto__', 'p'],
    ['model', '<b>m</b>'],
    ['value', 1.5],
  ]);
  assert.deepEqual(groupRows([]), []);
});
