import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonObject } from '../../lib/shared/json-object';

test('isJsonObject: what `{…}` parses to, and nothing else JSON holds', () => {
  for (const text of ['{}', '{"a":1}', '{"a":{"b":[1]}}']) assert.equal(isJsonObject(JSON.parse(text)), true, text);
  for (const text of ['null', '[]', '[{}]', '1', '"x"', 'true'])
    assert.equal(isJsonObject(JSON.parse(text)), false, text);
  assert.equal(isJsonObject(undefined), false);
});
