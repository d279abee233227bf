import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINT_NAMES } from '../../lib/catalogue/index';
import { formatSeconds, parseDuration, parseEndpoints, parseTiers, parseTime } from '../../lib/store/cli-values';

const H = 3600;
const D = 86_400;

describe('CLI values', () => {
  test('durations, times, endpoints and tiers parse or fail with the allowed forms', () => {
    assert.equal(parseDuration('--every', '1h'), 3600);
    assert.equal(parseDuration('--trailing-costs', '3d'), 3 * D);
    assert.throws(() => parseDuration('--every', 'hourly'), /invalid --every: "hourly" \(a number and a unit/);
    assert.equal(parseTime('--since', '2025-02-01', 0), Date.UTC(2025, 1, 1) / 1000);
    assert.equal(parseTime('--since', '90d', 100 * D), 10 * D);
    assert.equal(parseTime('--now', '1739208663', 0), 1739208663);
    assert.throws(() => parseTime('--since', 'yesterday', 0), /invalid --since: "yesterday"/);
    assert.deepEqual(parseEndpoints('costs, completions'), ['costs', 'completions']);
    assert.throws(() => parseEndpoints('costs,bogus'), /invalid --endpoints: "bogus" \(one of completions/);
    assert.deepEqual(parseTiers('1d,1h:7d'), [
      { width: '1d', maxAgeSeconds: null },
      { width: '1h', maxAgeSeconds: 7 * D },
    ]);
    assert.throws(() => parseTiers('1w'), /invalid --widths: "1w"/);
    assert.equal(formatSeconds(75), '1m15s');
    assert.equal(formatSeconds(3 * H + 120), '3h02m');
  });
});

describe('parseDuration', () => {
  test('every unit, decimals and surrounding spaces', () => {
    assert.equal(parseDuration('--x', '90s'), 90);
    assert.equal(parseDuration('--x', '30m'), 1800);
    assert.equal(parseDuration('--x', '1.5h'), 5400);
    assert.equal(parseDuration('--x', ' 2w '), 14 * D);
  });

  test('no unit, an unknown unit, a sign or zero: refused with the option name', () => {
    for (const bad of ['', '48', 'h', '1y', '-1h', '+1h', '1 h', '1H', '1e3s', 'Infinityh']) {
      assert.throws(() => parseDuration('--every', bad), {
        name: 'RangeError',
        message: `invalid --every: ${JSON.stringify(bad)} (a number and a unit s, m, h, d or w, e.g. 48h)`,
      });
    }
    for (const zero of ['0s', '0.0d']) {
      assert.throws(() => parseDuration('--every', zero), {
        message: `invalid --every: ${JSON.stringify(zero)} (must be more than 0)`,
      });
    }
  });

  test('property: n and a unit is n times the unit in seconds', () => {
    const units = { s: 1, m: 60, h: H, d: D, w: 7 * D } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('s', 'm', 'h', 'd', 'w' as const), (n, u) => {
        assert.equal(parseDuration('--x', `${n}${u}`), n * units[u]);
      }),
    );
  });
});

describe('parseTime', () => {
  const NOW = 1_739_208_663;
  test('a date is its UTC midnight; a time without zone is UTC; a zone is honoured', () => {
    assert.equal(parseTime('--since', '2025-02-01T12:30', NOW), Date.UTC(2025, 1, 1, 12, 30) / 1000);
    assert.equal(parseTime('--since', '2025-02-01T12:30:00+02:00', NOW), Date.UTC(2025, 1, 1, 10, 30) / 1000);
    assert.equal(parseTime('--since', '2025-02-01T12:30:00-0130', NOW), Date.UTC(2025, 1, 1, 14, 0) / 1000);
    assert.equal(parseTime('--since', '2025-02-01T12:30:00.9z', NOW), Date.UTC(2025, 1, 1, 12, 30) / 1000);
    assert.equal(parseTime('--since', ' 2025-02-01 ', NOW), Date.UTC(2025, 1, 1) / 1000);
  });

  test('Unix seconds (9 to 11 digits) as given; an age counts back from now, whole seconds', () => {
    assert.equal(parseTime('--now', '100000000', 0), 100_000_000);
    assert.equal(parseTime('--now', '17392086630', 0), 17_392_086_630);
    assert.equal(parseTime('--since', '1.5h', NOW), NOW - 5400);
    assert.equal(parseTime('--since', '1s', NOW + 0.5), NOW - 1, 'floored');
  });

  test('anything else is refused with the forms it takes', () => {
    for (const bad of ['yesterday', '20250201', '12345678', '2025/02/01', '2025-13-01', '2025-02-01T25:00', '0h', '']) {
      assert.throws(
        () => parseTime('--since', bad, NOW),
        (e: unknown) => {
          assert.ok(e instanceof RangeError);
          assert.match(
            e.message,
            new RegExp(`^invalid --since: ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`),
          );
          return true;
        },
      );
    }
  });

  test('a day the month does not have is refused, not moved into the next month', () => {
    for (const bad of ['2025-02-29', '2025-02-30', '2025-04-31', '2025-02-31T10:00Z']) {
      assert.throws(() => parseTime('--since', bad, NOW), {
        name: 'RangeError',
        message: `invalid --since: ${JSON.stringify(bad)} (an ISO date like 2026-01-31, Unix seconds, or an age like 90d)`,
      });
    }
    assert.equal(parseTime('--since', '2024-02-29', NOW), Date.UTC(2024, 1, 29) / 1000, 'a leap day is a day');
  });

  test('property: any UTC day written as an ISO date reads back as its midnight', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        assert.equal(parseTime('--since', day, NOW), Math.floor(d.getTime() / D / 1000) * D);
      }),
    );
  });
});

describe('parseEndpoints and parseTiers', () => {
  test("'all' is every endpoint in catalogue order; blanks between commas are skipped; nothing at all is refused", () => {
    assert.deepEqual(parseEndpoints(' all '), [...ENDPOINT_NAMES]);
    assert.deepEqual(parseEndpoints('costs,, embeddings ,'), ['costs', 'embeddings']);
    for (const empty of ['', ' , ']) {
      assert.throws(() => parseEndpoints(empty), {
        name: 'RangeError',
        message: `invalid --endpoints: empty (one of ${ENDPOINT_NAMES.join(', ')}, or all)`,
      });
    }
    assert.throws(() => parseEndpoints('all,costs'), /invalid --endpoints: "all" \(one of/);
    assert.throws(() => parseEndpoints('Costs'), /invalid --endpoints: "Costs"/);
  });

  test('tiers: each width with its age; a bad width or age names the entry or the age', () => {
    assert.deepEqual(parseTiers(' 1m:1d , 1d'), [
      { width: '1m', maxAgeSeconds: D },
      { width: '1d', maxAgeSeconds: null },
    ]);
    assert.throws(() => parseTiers(''), {
      message: 'invalid --widths: "" (entries like 1d, 1h:30d, 1m:1d; widths 1m, 1h, 1d)',
    });
    assert.throws(() => parseTiers('1d,,1h'), /invalid --widths: "" \(entries like/);
    assert.throws(() => parseTiers('1h:0d'), { message: 'invalid --widths age: "0d" (must be more than 0)' });
    assert.throws(() => parseTiers('1h:soon'), /invalid --widths age: "soon" \(a number and a unit/);
  });
});

describe('formatSeconds', () => {
  test('seconds, then minutes and seconds, then hours and minutes; never negative', () => {
    assert.equal(formatSeconds(0), '0s');
    assert.equal(formatSeconds(59.4), '59s');
    assert.equal(formatSeconds(59.6), '1m00s');
    assert.equal(formatSeconds(3599), '59m59s');
    assert.equal(formatSeconds(3600), '1h00m');
    assert.equal(formatSeconds(100 * H + 59 * 60 + 59), '100h59m');
    assert.equal(formatSeconds(-5), '0s');
  });

  test('property: the text reads back as the rounded seconds, to the minute once past an hour', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (x) => {
        const text = formatSeconds(x);
        const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
        assert.ok(m !== null, text);
        const back = Number(m[1] ?? 0) * H + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
        const s = Math.round(x);
        assert.equal(back, s < H ? s : s - (s % 60), text);
      }),
    );
  });
});
