import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addTo, groupSums, totalOf } from '../../lib/frames/compensated-sum';

function compensated(values: readonly number[]): number {
  const acc = groupSums(1);
  for (const v of values) addTo(acc, 0, v);
  return totalOf(acc, 0);
}

/** A finite double times 2^1100, exactly, as a BigInt (read from its bits: no floating-point arithmetic). */
function scaled(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const magnitude = mantissa << BigInt(Math.max(exponent, 1) - 1075 + 1100);
  return bits >> 63n === 1n ? -magnitude : magnitude;
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

test('low-order parts that plain addition drops are kept: 1e16 + 1 - 1e16 is 1, ten 0.1 are 1', () => {
  assert.equal(1e16 + 1 - 1e16, 0, 'plain addition loses the 1');
  assert.equal(compensated([1e16, 1, -1e16]), 1);
  assert.notEqual(
    Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b, 0),
    1,
  );
  assert.equal(compensated(Array.from({ length: 10 }, () => 0.1)), 1);
  // Neumaier's case that plain Kahan gets wrong: a term larger than the running sum.
  assert.equal(compensated([1, 1e100, 1, -1e100]), 2);
});

test('accumulators are independent and start at 0; one that does not exist reads 0', () => {
  const acc = groupSums(3);
  addTo(acc, 2, 0.1);
  addTo(acc, 0, 5);
  addTo(acc, 2, 0.2);
  // The doubles 0.1 and 0.2 add up to 0.3000000000000000166…, whose nearest double prints as 0.30000000000000004.
  assert.deepEqual([totalOf(acc, 0), totalOf(acc, 1), totalOf(acc, 2)], [5, 0, 0.30000000000000004]);
  assert.equal(totalOf(groupSums(0), 0), 0);
});

test('property: the total is within Neumaier bound of the exact sum of the doubles (computed in BigInt)', () => {
  const amount = fc.oneof(
    fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100),
    fc.double({ min: -1e12, max: 1e12, noNaN: true }),
    fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
  );
  fc.assert(
    // Half the runs wrap the amounts in a large amount and its negation: the cancellation plain addition gets wrong.
    fc.property(
      fc.array(amount, { maxLength: 200 }),
      fc.option(fc.double({ min: 1e10, max: 1e15, noNaN: true })),
      (amounts, big) => {
        const values = big === null ? amounts : [big, ...amounts, -big];
        const exact = values.reduce((s, v) => s + scaled(v), 0n);
        const sumAbs = values.reduce((s, v) => s + abs(scaled(v)), 0n);
        const error = abs(scaled(compensated(values)) - exact);
        // |error| <= 2·eps·|S| + n·eps²·Σ|x|, eps = 2^-52: multiplied through by 2^104.
        assert.ok(
          error << 104n <= (abs(exact) << 53n) + BigInt(values.length + 1) * sumAbs,
          `${compensated(values)} for ${JSON.stringify(values)}`,
        );
      },
    ),
  );
});
