import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayText } from '../../lib/frames/display-text';

test('table text: strings as they are, numbers and booleans as written, objects as JSON', () => {
  assert.equal(displayText('a b'), 'a b');
  assert.equal(displayText(1.5), '1.5');
  assert.equal(displayText(false), 'false');
  assert.equal(displayText(12n), '12');
  assert.equal(displayText({ id: 'p', n: [1, 2] }), '{"id":"p","n":[1,2]}');
  assert.equal(displayText(Symbol('s')), '(symbol)');
});
