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
