import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { InvalidQueryError } from '../../lib/api/index';
import { CellStopped, errorSummary, guard } from '../../lib/notebook/show-error';
import { recorder } from './display-recorder';

test('guard shows an API error briefly and stops the cell with a one-line error; bugs keep their stack', async () => {
  const { writer, published } = recorder();
  const apiError = new InvalidQueryError('limit', 'invalid limit: 500 (1d buckets allow 1..31)');
  const stopped = await guard(Promise.reject(apiError), writer).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(stopped instanceof CellStopped);
  assert.equal(inspect(stopped), '[CellStopped: InvalidQueryError: invalid limit: 500 (1d buckets allow 1..31)]');
  assert.equal(published[0]?.bundle['text/plain'], 'InvalidQueryError: invalid limit: 500 (1d buckets allow 1..31)');
  const bug = new TypeError('boom');
  await assert.rejects(
    guard(() => Promise.reject(bug), writer),
    (e) => e === bug,
  );
  assert.equal(published.length, 1);
});

test('error summaries never show anything that looks like a key', () => {
  const key = `sk-admin-test-${Math.random().toString(36).slice(2)}`;
  const summary = errorSummary(new Error(`401 GET /v1/organization/costs: Incorrect API key provided: ${key}`));
  assert.ok(!summary.includes(key) && !summary.includes('sk-admin-'));
});
