import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { timeColumn } from '../../lib/frames/make-frame';
import { utcDateTime } from '../../lib/frames/utc-format';

test('property: timeColumn formats each time as format does (runs of one time formatted once)', () => {
  const time = fc.oneof(fc.constantFrom(0, 86_400, 1_764_979_200, Number.NaN), fc.integer({ min: 0, max: 2e9 }));
  fc.assert(
    fc.property(fc.array(time, { maxLength: 40 }), (times) => {
      let calls = 0;
      const counted = (s: number): string => {
        calls++;
        return Number.isNaN(s) ? 'n/a' : utcDateTime(s);
      };
      const seconds = Float64Array.from(times);
      const column = timeColumn('t', seconds, counted);
      assert.deepEqual(
        column.values,
        times.map((s) => (Number.isNaN(s) ? 'n/a' : utcDateTime(s))),
      );
      const runs = times.filter((s, i) => i === 0 || !Object.is(s, times[i - 1]) || Number.isNaN(s)).length;
      assert.equal(calls, runs, 'one call per run of equal times');
    }),
  );
});
