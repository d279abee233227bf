import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { activityLevel, isSpikeDay } from '../../lib/emulator/activity';

const hourOf = (y: number, m: number, d: number, h: number): number => Date.UTC(y, m, d, h) / 3_600_000;

test('a weekday peaks at 14:00 UTC and is quietest at night', () => {
  const day = Array.from({ length: 24 }, (_, h) => activityLevel(1, hourOf(2025, 1, 11, h)));
  assert.equal(day.indexOf(Math.max(...day)), 14);
  assert.ok((day[14] ?? 0) > 5 * (day[2] ?? 0));
});

test('weekends are quieter: Saturday and Sunday at 0.35 of a weekday, drift aside', () => {
  // The daily drift differs per day, so compare 20 weeks of 14:00 levels (spikes taken out): about 0.35 × a weekday.
  let weekday = 0;
  let weekend = 0;
  for (let week = 0; week < 20; week++)
    for (let d = 0; d < 7; d++) {
      const date = new Date(Date.UTC(2025, 0, 6 + 7 * week + d));
      const level = activityLevel(3, hourOf(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 14));
      const spike = isSpikeDay(3, Math.floor(date.getTime() / 86_400_000)) ? 3.5 : 1;
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) weekend += level / spike;
      else weekday += level / spike;
    }
  const ratio = weekend / 2 / (weekday / 5);
  assert.ok(ratio > 0.3 && ratio < 0.4, String(ratio));
});

test('isSpikeDay: one day in 21, offset by the seed, negative days too', () => {
  const spikes = Array.from({ length: 63 }, (_, d) => d).filter((d) => isSpikeDay(5, d));
  assert.deepEqual(spikes, [16, 37, 58]);
  assert.equal(isSpikeDay(0, 0), true);
  assert.equal(isSpikeDay(0, -21), true);
  assert.equal(isSpikeDay(0, -20), false);
  assert.equal(isSpikeDay(21, 0), true);
});

test('property: positive, deterministic, and within the product of its factors’ bounds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 24 * 365 * 60 }), (seed, hour) => {
      const level = activityLevel(seed, hour);
      assert.ok(Number.isFinite(level) && level > 0);
      const day = Math.floor(hour / 24);
      // diurnal 0.12..1.12, weekly 0.35..1, spike 1 or 3.5, drift 0.85..1.15.
      assert.ok(
        level >= 0.12 * 0.35 * 0.85 - 1e-12 && level <= 1.12 * (isSpikeDay(seed, day) ? 3.5 : 1) * 1.15 + 1e-12,
      );
      assert.equal(activityLevel(seed, hour), level, 'deterministic');
    }),
  );
});
