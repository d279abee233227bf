import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { InvalidQueryError, UsageClient } from '../../lib/api/index';
import { guard } from '../../lib/notebook/index';
import { CellStopped, errorBundle, errorSummary, redactSecrets, showError } from '../../lib/notebook/show-error';
import { UsageNotebooksError } from '../../lib/shared/index';
import { recorder, textOf } from './display-recorder';

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

test('a configured key is masked by exact value whatever its characters, in the summary and in the HTML', () => {
  const key = `org.key*with\\odd"chars-${Math.random().toString(36).slice(2)}`;
  // A client made with the key knows it from then on (as a notebook's connect cell makes one); no request is sent.
  new UsageClient({ apiKey: key, baseURL: 'http://127.0.0.1:9/v1' }).close();
  const err = new Error(`bad key ${key}; as JSON ${JSON.stringify(key)}; in a URL ${encodeURIComponent(key)}`);
  const bundle = errorBundle(err);
  for (const text of [errorSummary(err), textOf(bundle['text/plain']), textOf(bundle['text/html'])]) {
    assert.ok(!text.includes(key.slice(-8)), text);
    assert.match(text, /\[REDACTED\]/);
  }
  assert.equal(redactSecrets(`x ${key} y`), 'x [REDACTED] y');
});

test('the error bundle: a red note saying "Request failed." with the summary escaped, no stack; non-errors too', () => {
  const bundle = errorBundle(new RangeError('invalid limit: <b>500</b> & more'));
  assert.deepEqual(Object.keys(bundle).sort(), ['text/html', 'text/plain']);
  assert.equal(bundle['text/plain'], 'RangeError: invalid limit: <b>500</b> & more');
  const html = textOf(bundle['text/html']);
  assert.match(
    html,
    /<strong>Request failed\.<\/strong> RangeError: invalid limit: &lt;b&gt;500&lt;\/b&gt; &amp; more<\/div>$/,
  );
  assert.ok(!html.includes(' at '), 'no stack frames');
  assert.equal(errorSummary('plain text thrown'), 'Error: plain text thrown');
  assert.equal(errorSummary(undefined), 'Error: undefined');
});

test('showError publishes one output marked as an error', () => {
  const { writer, published } = recorder();
  showError(new Error('boom'), writer);
  assert.deepEqual(published, [
    { bundle: errorBundle(new Error('boom')), metadata: { 'usage-notebooks': { role: 'error' } } },
  ]);
});

test('CellStopped is one line (its stack is its message) and a member of the library error family', () => {
  const stopped = new CellStopped('InvalidQueryError: invalid limit');
  assert.ok(stopped instanceof UsageNotebooksError);
  assert.equal(stopped.name, 'CellStopped');
  assert.equal(stopped.stack, 'CellStopped: InvalidQueryError: invalid limit');
  assert.deepEqual(Object.keys(stopped), [], 'name and stack are not enumerable (nothing extra printed)');
});

test('guard returns the value of work that succeeds, given as a promise or a function, and shows nothing', async () => {
  const { writer, published } = recorder();
  assert.equal(await guard(Promise.resolve(7), writer), 7);
  assert.equal(await guard(() => Promise.resolve('ok'), writer), 'ok');
  assert.deepEqual(published, []);
});
