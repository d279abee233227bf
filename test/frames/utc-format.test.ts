import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { utcDateTime, utcDay } from '../../lib/frames/utc-format';
import { utcDate } from '../../lib/shared/index';

/** Civil date of a day number (days since 1970-01-01), by H. Hinnant's days_from_civil inverse: no Date involved. */
function civil(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

test('Unix seconds read as UTC dates and times: the epoch, a leap day, the last second of a day, before 1970', () => {
  assert.equal(utcDate(0), '1970-01-01');
  assert.equal(utcDateTime(0), '1970-01-01 00:00:00');
  assert.equal(utcDate(1_709_164_800), '2024-02-29');
  assert.equal(utcDateTime(1_736_640_000 - 1), '2025-01-11 23:59:59');
  assert.equal(utcDateTime(1_736_616_660), '2025-01-11 17:31:00');
  assert.equal(utcDate(-1), '1969-12-31');
  assert.equal(utcDateTime(-1), '1969-12-31 23:59:59');
  assert.equal(utcDateTime(1.999), '1970-01-01 00:00:01', 'fractions of a second are cut, not rounded');
});

test('day numbers floor toward the past: -1 s is day -1, the last second of a day is still that day', () => {
  assert.deepEqual(
    [utcDay(0), utcDay(86_399), utcDay(86_400), utcDay(-1), utcDay(-86_400), utcDay(-86_401)],
    [0, 0, 1, -1, -1, -2],
  );
});

test('the process time zone changes nothing', () => {
  const saved = process.env['TZ'];
  try {
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/Berlin']) {
      process.env['TZ'] = tz;
      assert.notEqual(new Date(0).getTimezoneOffset(), 0, `${tz} is not UTC here`);
      assert.equal(utcDate(1_736_640_000 - 1), '2025-01-11');
      assert.equal(utcDateTime(1_736_640_000), '2025-01-12 00:00:00');
    }
  } finally {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  }
});

test('property: the date is the civil date of the day number, and the time reads back as the same second', () => {
  fc.assert(
    fc.property(fc.integer({ min: -2_208_988_800, max: 4_102_444_800 }), (seconds) => {
      assert.equal(utcDate(seconds), civil(utcDay(seconds)));
      const text = utcDateTime(seconds);
      assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(Date.parse(`${text.replace(' ', 'T')}Z`) / 1000, seconds);
      assert.equal(text.slice(0, 10), utcDate(seconds));
    }),
  );
});
