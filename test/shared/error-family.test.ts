import assert from 'node:assert/strict';
import path from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import {
  ApiConnectionError,
  ApiStatusError,
  ApiTimeoutError,
  InvalidQueryError,
  MalformedResponseError,
  PaginationLimitError,
  RateLimitError,
  UsageApiError,
} from '../../lib/api/index';
import { InvalidParams, CellStopped } from '../../lib/notebook/index';
import { isUsageNotebooksError, UsageNotebooksError } from '../../lib/shared/errors';
import * as store from '../../lib/store/index';

const status = {
  status: 429,
  method: 'GET',
  path: '/v1/organization/costs',
  requestId: undefined,
  apiMessage: 'slow down',
  type: null,
  code: null,
  param: null,
  headers: {},
};

/** One error of each class the library throws on purpose. */
const MEMBERS: readonly Error[] = [
  new UsageApiError('x'),
  new ApiStatusError(status),
  new RateLimitError(status),
  new ApiConnectionError('refused'),
  new ApiTimeoutError('timeout'),
  new MalformedResponseError('not a page'),
  new PaginationLimitError(3, 'costs'),
  new InvalidQueryError('limit', 'invalid limit: 0'),
  new store.StoreOpenError('cannot open'),
  new store.StoreLockedError('locked'),
  new store.StoreSchemaError('newer'),
  new store.StoreCoverageError('not held'),
  new store.StorePartialBucketError('no partial bucket'),
  new InvalidParams('invalid days_ago: -1'),
  new CellStopped('stopped'),
];

test('every error the library throws on purpose is in the one family; InvalidParams stays a RangeError', () => {
  for (const e of MEMBERS) {
    assert.equal(isUsageNotebooksError(e), true, e.name);
    assert.equal(e instanceof UsageNotebooksError, !(e instanceof InvalidParams), e.name);
  }
  assert.ok(new InvalidParams('x') instanceof RangeError);
  assert.ok(new store.StorePartialBucketError('x') instanceof store.StoreCoverageError);
});

test('other errors and values are not in it, whatever their name', () => {
  const impostor = new Error('x');
  impostor.name = 'StoreOpenError';
  for (const v of [
    new Error('x'),
    new RangeError('x'),
    new TypeError('x'),
    impostor,
    { name: 'CellStopped' },
    null,
    'x',
    1,
  ])
    assert.equal(isUsageNotebooksError(v), false, inspect(v));
});

test('joining the family does not change how errors print (tslab prints thrown errors whole)', () => {
  assert.equal(inspect(new CellStopped('stop')), '[CellStopped: stop]');
  assert.equal(inspect(new InvalidParams('invalid days_ago: -1')), '[InvalidParams: invalid days_ago: -1]');
  assert.deepEqual(Object.keys(new store.StoreLockedError('locked')), ['name']);
  assert.equal(JSON.stringify(new CellStopped('stop')), '{}');
});

test('an error of another copy of the library is in the family too (tslab can load two)', () => {
  // A second copy of the whole library, as a second tslab load makes: every lib/ module is loaded anew.
  const libDir = path.resolve(__dirname, '../../lib') + path.sep;
  const ofLib = (): string[] => Object.keys(require.cache).filter((id) => id.startsWith(libDir));
  const cached = new Map(ofLib().map((id) => [id, require.cache[id]]));
  for (const id of cached.keys()) delete require.cache[id];
  let other: typeof store;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only require() can bypass the module cache
    other = require('../../lib/store/index') as typeof store;
  } finally {
    for (const id of ofLib()) delete require.cache[id];
    for (const [id, m] of cached) require.cache[id] = m;
  }
  const e = new other.StoreLockedError('locked by the other copy');
  assert.equal(e instanceof UsageNotebooksError, false, 'instanceof fails across copies');
  assert.equal(e instanceof store.StoreLockedError, false);
  assert.equal(isUsageNotebooksError(e), true);
});
