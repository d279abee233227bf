import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barByGroup } from '../../lib/charts/bar-by-group';
import { rawMarkup } from './figure-strings';
import { userGroups } from './sample-data';

test('bar by group puts the largest group on top and labels null keys', () => {
  const fig = barByGroup(userGroups, {
    id: 'requests-by-user',
    title: 'Requests by user',
    labelKey: 'user_id',
    valueLabel: 'Requests',
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.orientation, 'h');
  assert.equal(bars.y[bars.y.length - 1], 'user-abc');
  assert.equal(bars.x[bars.x.length - 1], 1_234);
  assert.ok(bars.y.includes('(no user: service-account keys)'), 'a null user is said to be a service-account key');
  assert.deepEqual(rawMarkup(fig), []);
});

test('bar by group folds the tail beyond the limit into one Other bar', () => {
  const groups = Array.from({ length: 10 }, (_, i) => ({ keys: { api_key_id: `key_${i}` }, value: 100 - i }));
  const fig = barByGroup(groups, {
    id: 'requests-by-api-key',
    title: 'By key',
    labelKey: 'api_key_id',
    valueLabel: 'Requests',
    limit: 3,
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.y.length, 4);
  assert.equal(bars.y[0], 'Other (7 more)');
  assert.equal(bars.x[0], 97 + 96 + 95 + 94 + 93 + 92 + 91);
  assert.throws(
    () => barByGroup(groups, { id: 'a', title: 'b', labelKey: 'api_key_id', valueLabel: 'c', limit: 0 }),
    /invalid limit: 0/,
  );
});
