import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enrichmentFailure } from '../../lib/api/enrichment-failure';
import { MalformedResponseError, PermissionDeniedError } from '../../lib/api/errors';
import { registerSecret } from '../../lib/api/secret';

const KEY = 'sk-admin-enrichment-failure-0123456789';

test('an API status error: its name, status and the API message', () => {
  const err = new PermissionDeniedError({
    status: 403,
    method: 'GET',
    path: '/v1/organization/projects',
    requestId: 'req_1',
    apiMessage: 'Missing scopes: api.management.read.',
    type: null,
    code: null,
    param: null,
    headers: {},
  });
  assert.equal(enrichmentFailure(err), 'PermissionDeniedError: HTTP 403: Missing scopes: api.management.read.');
});

test('any other error (a bad body, a bug) and a thrown non-error qualify too, as one line', () => {
  assert.equal(
    enrichmentFailure(new MalformedResponseError('expected a string', '$.data[0].id')),
    'MalformedResponseError: malformed response at $.data[0].id: expected a string',
  );
  assert.equal(enrichmentFailure(new TypeError('x is undefined')), 'TypeError: x is undefined');
  assert.equal(enrichmentFailure('plain text'), 'Error: plain text');
  assert.equal(enrichmentFailure(undefined), 'Error: undefined');
});

test('secrets are masked: the configured key by value, any other sk- token by shape', () => {
  registerSecret(KEY);
  assert.equal(enrichmentFailure(new Error(`echo ${KEY}`)), 'Error: echo [REDACTED]');
  assert.equal(enrichmentFailure(`sk-proj-abcdefghij leaked`), 'Error: sk-*** leaked');
});

test('an abort is rethrown: stopping the run is no enrichment failure', () => {
  const abort = new DOMException('This operation was aborted', 'AbortError');
  assert.throws(
    () => enrichmentFailure(abort),
    (e: unknown) => e === abort,
  );
  const named = Object.assign(new Error('stopped'), { name: 'AbortError' });
  assert.throws(
    () => enrichmentFailure(named),
    (e: unknown) => e === named,
  );
});
