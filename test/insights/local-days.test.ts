import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCompletionsResult } from '../../lib/catalogue/index';
import { bucketStarts, usageTable } from '../../lib/frames/index';
import { checkTimeZone, localDays } from '../../lib/insights/local-days';

function hourly(fromIso: string, toIso: string): WireBucket<WireCompletionsResult>[] {
  const out: WireBucket<WireCompletionsResult>[] = [];
  for (let t = Date.parse(fromIso) / 1000; t < Date.parse(toIso) / 1000; t += 3600) {
    out.push({
      object: 'bucket',
      start_time: t,
      end_time: t + 3600,
      results: [
        { object: 'organization.usage.completions.result', input_tokens: 10, output_tokens: 1, num_model_requests: 1 },
      ],
    });
  }
  return out;
}

test('a day when clocks go forward has 23 hours and one when they go back 25 (America/New_York, 2026)', () => {
  // US DST 2026: starts Sunday 2026-03-08 02:00 EST (07:00Z), ends Sunday 2026-11-01 02:00 EDT (06:00Z).
  // Local midnights: 2026-03-08 00:00 EST = 05:00Z, 2026-03-09 00:00 EDT = 04:00Z → 23 h.
  const spring = hourly('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z');
  const s = localDays(usageTable('completions', spring), ['num_model_requests'], 'America/New_York', {
    spans: bucketStarts(spring),
  });
  assert.deepEqual(
    s.map((r) => [r.local_date, r.hours, r.values['num_model_requests']]),
    [['2026-03-08', 23, 23]],
  );
  // 2026-11-01 00:00 EDT = 04:00Z, 2026-11-02 00:00 EST = 05:00Z → 25 h.
  const fall = hourly('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z');
  const f = localDays(usageTable('completions', fall), ['num_model_requests', 'input_tokens'], 'America/New_York');
  assert.deepEqual(
    f.map((r) => [r.local_date, r.hours, r.values['num_model_requests'], r.values['input_tokens']]),
    [['2026-11-01', 25, 25, 250]],
  );
});

test('UTC hours are re-bucketed into local days (Asia/Kolkata is UTC+05:30, no DST)', () => {
  const day = hourly('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
  const rows = localDays(usageTable('completions', day), ['num_model_requests'], 'Asia/Kolkata');
  // 00:00Z-18:00Z is Jan 1 local (05:30-23:30), 18:30Z onwards Jan 2: hour buckets starting 00..18Z on Jan 1 → 19.
  assert.deepEqual(
    rows.map((r) => [r.local_date, r.values['num_model_requests']]),
    [
      ['2026-01-01', 19],
      ['2026-01-02', 5],
    ],
  );
});

test('an unknown time zone or daily buckets get a clear message', () => {
  assert.throws(
    () => checkTimeZone('Mars/Olympus_Mons'),
    /invalid timeZone: "Mars\/Olympus_Mons" \(expected an IANA name like "Europe\/Berlin"/,
  );
  assert.equal(checkTimeZone('Europe/Berlin'), 'Europe/Berlin');
  const daily: WireBucket<WireCompletionsResult>[] = [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 86_400,
      results: [
        { object: 'organization.usage.completions.result', input_tokens: 1, output_tokens: 1, num_model_requests: 1 },
      ],
    },
  ];
  assert.throws(
    () => localDays(usageTable('completions', daily), ['input_tokens'], 'UTC'),
    /local days need bucket_width "1h"/,
  );
});
