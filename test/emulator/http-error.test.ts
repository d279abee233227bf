import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmulatorHttpError, badParam, errorBody } from '../../lib/emulator/http-error';

test('errorBody is the official envelope, param and code null unless given', () => {
  assert.deepEqual(errorBody('m', 't'), { error: { message: 'm', type: 't', param: null, code: null } });
  assert.deepEqual(errorBody('m', 't', 'limit', 'c'), {
    error: { message: 'm', type: 't', param: 'limit', code: 'c' },
  });
});

test('EmulatorHttpError: status and body kept, message from the envelope or the bare string', () => {
  const e = new EmulatorHttpError(404, errorBody('no such route', 'invalid_request_error'));
  assert.ok(e instanceof Error);
  assert.deepEqual([e.name, e.status, e.message], ['EmulatorHttpError', 404, 'no such route']);
  assert.equal(new EmulatorHttpError(403, { error: 'Missing scopes' }).message, 'Missing scopes');
});

test('badParam: a 400 invalid_request_error naming the parameter', () => {
  const e = badParam('bucket_width', "Invalid value for 'bucket_width'.");
  assert.equal(e.status, 400);
  assert.deepEqual(e.body, {
    error: {
      message: "Invalid value for 'bucket_width'.",
      type: 'invalid_request_error',
      param: 'bucket_width',
      code: null,
    },
  });
});
