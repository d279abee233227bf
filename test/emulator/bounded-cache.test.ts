import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedCache } from '../../lib/emulator/bounded-cache';

test('a value is made once per key and then served from the memo', () => {
  const cache = boundedCache<number>(10);
  let made = 0;
  const make = (): number => ++made;
  assert.equal(cache.get('a', make), 1);
  assert.equal(cache.get('a', make), 1);
  assert.equal(cache.get('b', make), 2);
  assert.equal(made, 2);
});

test('at most `max` entries: the oldest goes first', () => {
  const cache = boundedCache<string>(2);
  const made: string[] = [];
  const get = (k: string): string =>
    cache.get(k, () => {
      made.push(k);
      return k.toUpperCase();
    });
  get('a');
  get('b');
  get('a'); // a hit does not refresh its age
  get('c'); // evicts a
  assert.deepEqual(made, ['a', 'b', 'c']);
  get('b');
  assert.deepEqual(made, ['a', 'b', 'c']);
  get('a');
  assert.deepEqual(made, ['a', 'b', 'c', 'a']);
});

test('each cache is its own: no state shared between instances', () => {
  const one = boundedCache<number>(5);
  const two = boundedCache<number>(5);
  one.get('k', () => 1);
  assert.equal(
    two.get('k', () => 2),
    2,
  );
});
