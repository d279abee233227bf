import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashString } from '../../lib/shared/hash-string';

test('FNV-1a 32-bit: the published test vectors', () => {
  // From the FNV reference (Fowler/Noll/Vo): FNV-1a 32 of "", "a" and "foobar".
  assert.equal(hashString(''), 0x811c9dc5);
  assert.equal(hashString('a'), 0xe40c292c);
  assert.equal(hashString('foobar'), 0xbf9cf968);
  assert.notEqual(hashString('proj_a'), hashString('proj_b'));
});
