import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EmulatorHttpError } from '../../lib/emulator/http-error';
import { decodeCursor, encodeCursor } from '../../lib/emulator/page-cursor';

/** A 400 on `page`, as the API answers a cursor it did not issue for this query. */
function isBadPage(e: unknown): boolean {
  return (
    e instanceof EmulatorHttpError &&
    e.status === 400 &&
    typeof e.body.error === 'object' &&
    e.body.error.param === 'page' &&
    e.body.error.type === 'invalid_request_error'
  );
}

test('a cursor is page_ + base64 of 20 bytes and decodes to what it carries, for the same query only', () => {
  const state = { end: 1_767_225_600, next: 1_764_547_200 };
  const cursor = encodeCursor(state, 12345);
  assert.match(cursor, /^page_[A-Za-z0-9+/]{27}=$/);
  assert.equal(Buffer.from(cursor.slice(5), 'base64').readBigInt64BE(0), BigInt(state.end));
  assert.deepEqual(decodeCursor(cursor, 12345), state);
  assert.throws(() => decodeCursor(cursor, 12346), isBadPage);
  for (const bad of ['', 'page_', 'page_abc', cursor.slice(0, -1), `${cursor}=`, cursor.replace('page_', 'next_')])
    assert.throws(() => decodeCursor(bad, 12345), isBadPage, JSON.stringify(bad));
});

test('property: round trip for any range, and any changed character is refused or decodes to the same state', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.nat(),
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
      (end, next, fingerprint, at, char) => {
        const cursor = encodeCursor({ end, next }, fingerprint);
        assert.deepEqual(decodeCursor(cursor, fingerprint), { end, next });
        const i = 5 + (at % 27);
        const tampered = `${cursor.slice(0, i)}${char}${cursor.slice(i + 1)}`;
        try {
          // The last base64 character carries 2 spare bits: a change there alone may decode to the same bytes.
          assert.deepEqual(decodeCursor(tampered, fingerprint), { end, next });
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.ok(isBadPage(e), String(e));
        }
      },
    ),
  );
});
