import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, amountValue, get, getAllBuckets, getAllPages, getPage, num, testKey, total } from './helpers';

let emu: RunningEmulator;
let now = NOW;
const key = testKey();
const C = '/organization/usage/completions';

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => now });
});
after(() => emu.close());

test('30 days of 1d buckets reproduce the cookbook layout: partial first bucket at the minute, UTC days, partial last bucket at now', async () => {
  const pages = await getAllPages(emu.baseURL, `${C}?start_time=${NOW - 30 * DAY}&bucket_width=1d&limit=7`, key);
  const buckets = pages.flatMap((p) => p.data);
  assert.equal(pages.length, 5);
  assert.equal(buckets.length, 31);
  assert.deepEqual([buckets[0]?.start_time, buckets[0]?.end_time], [1736616660, 1736640000]);
  assert.deepEqual([buckets[1]?.start_time, buckets[1]?.end_time], [1736640000, 1736726400]);
  const last = buckets[buckets.length - 1];
  assert.deepEqual([last?.start_time, last?.end_time], [1739145600, 1739208663]);
  for (let i = 1; i < buckets.length; i += 1) {
    assert.equal(buckets[i]?.start_time, buckets[i - 1]?.end_time, 'contiguous');
    if (i < buckets.length - 1) assert.equal((buckets[i]?.start_time ?? 1) % DAY, 0, 'UTC midnight');
  }
  assert.deepEqual(
    pages.map((p) => [p.has_more, p.next_page === null]),
    [
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [false, true],
    ],
  );
  for (const p of pages.slice(0, -1)) assert.match(p.next_page ?? '', /^page_[A-Za-z0-9+/=]+$/);
});

test('1h and 1m buckets start at the minute-floored start and then follow the UTC grid; end_time is exclusive', async () => {
  const start = 1739181465; // 10:57:45Z
  const hourly = (
    await getPage(emu.baseURL, `${C}?start_time=${start}&end_time=${start + 3 * 3600}&bucket_width=1h&limit=10`, key)
  ).data;
  assert.deepEqual(
    hourly.map((b) => [b.start_time, b.end_time]),
    [
      [1739181420, 1739181600],
      [1739181600, 1739185200],
      [1739185200, 1739188800],
      [1739188800, 1739192265],
    ],
  );
  const minutes = (
    await getPage(emu.baseURL, `${C}?start_time=${start}&end_time=${start + 120}&bucket_width=1m&limit=10`, key)
  ).data;
  assert.deepEqual(
    minutes.map((b) => [b.start_time, b.end_time]),
    [
      [1739181420, 1739181480],
      [1739181480, 1739181540],
      [1739181540, 1739181585],
    ],
  );
  const aligned = (await getPage(emu.baseURL, `${C}?start_time=1739181600&end_time=1739188800&bucket_width=1h`, key))
    .data;
  assert.deepEqual(
    aligned.map((b) => b.start_time),
    [1739181600, 1739185200],
  );
});

test('buckets without usage are present with empty results (nothing exists after now)', async () => {
  const page = await getPage(
    emu.baseURL,
    `${C}?start_time=${NOW - 2 * 3600}&end_time=${NOW + 3 * DAY}&bucket_width=1d`,
    key,
  );
  assert.equal(page.data.length, 4);
  assert.ok((page.data[0]?.results.length ?? 0) > 0);
  for (const b of page.data.slice(1)) assert.deepEqual(b.results, []);
});

test('pagination continues with identical params, returns each bucket once, and keeps the first request end when now moves', async () => {
  now = NOW;
  const q = `${C}?start_time=${NOW - 2 * DAY}&bucket_width=1h&limit=5&group_by=model`;
  const first = await getPage(emu.baseURL, q, key);
  now = NOW + 3 * DAY;
  try {
    const seen: number[] = first.data.map((b) => b.start_time);
    let cursor = first.next_page;
    let pages = 1;
    while (cursor !== null) {
      const page = await getPage(emu.baseURL, `${q}&page=${encodeURIComponent(cursor)}`, key);
      seen.push(...page.data.map((b) => b.start_time));
      cursor = page.next_page;
      pages += 1;
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(seen.length, 49);
    assert.equal(pages, 10);
    const all = await getAllBuckets(emu.baseURL, q, key);
    assert.equal(all[all.length - 1]?.end_time, now, 'a fresh query ends at the new now');
    assert.equal(seen[seen.length - 1], Math.floor(NOW / 3600) * 3600, 'the paged query kept its first end');
    const mismatch = await get(
      emu.baseURL,
      `${C}?start_time=${NOW - 2 * DAY}&bucket_width=1h&limit=5&group_by=project_id&page=${encodeURIComponent(first.next_page ?? '')}`,
      key,
    );
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.text, /"param":"page"/);
  } finally {
    now = NOW;
  }
});

test('sums are consistent across widths: 24 hours make the day, 60 minutes make the hour', async () => {
  const dayStart = 1739059200; // Sunday 2025-02-09 00:00Z
  const metrics = ['input_tokens', 'output_tokens', 'num_model_requests', 'input_cached_tokens', 'input_audio_tokens'];
  const range = `start_time=${dayStart - DAY}&end_time=${dayStart + DAY}`;
  const days = await getAllBuckets(emu.baseURL, `${C}?${range}&bucket_width=1d&group_by=model`, key);
  const hours = await getAllBuckets(emu.baseURL, `${C}?${range}&bucket_width=1h&limit=168&group_by=model`, key);
  assert.equal(days.length, 2);
  assert.equal(hours.length, 48);
  for (const m of metrics) assert.equal(total(hours, m), total(days, m), m);
  const hour = 1739196000; // 14:00Z
  const minutes = await getAllBuckets(
    emu.baseURL,
    `${C}?start_time=${hour}&end_time=${hour + 3600}&bucket_width=1m&limit=60`,
    key,
  );
  const oneHour = await getAllBuckets(
    emu.baseURL,
    `${C}?start_time=${hour}&end_time=${hour + 3600}&bucket_width=1h`,
    key,
  );
  assert.equal(minutes.length, 60);
  for (const m of metrics) assert.equal(total(minutes, m), total(oneHour, m), m);
  assert.ok(total(oneHour, 'num_model_requests') > 0);
  const costsDays = await getAllBuckets(
    emu.baseURL,
    `/organization/costs?start_time=${dayStart}&end_time=${dayStart + DAY}`,
    key,
  );
  const costsHalves = [
    ...(await getAllBuckets(
      emu.baseURL,
      `/organization/costs?start_time=${dayStart}&end_time=${dayStart + 45000}`,
      key,
    )),
    ...(await getAllBuckets(
      emu.baseURL,
      `/organization/costs?start_time=${dayStart + 45000}&end_time=${dayStart + DAY}`,
      key,
    )),
  ];
  const amount = (bs: typeof costsDays): number => bs.flatMap((b) => b.results).reduce((a, r) => a + amountValue(r), 0);
  assert.ok(Math.abs(amount(costsDays) - amount(costsHalves)) < 1e-6);
});

test('token identities hold in every result, even per minute and per group', async () => {
  const buckets = await getAllBuckets(
    emu.baseURL,
    `${C}?start_time=${NOW - 4 * 3600}&bucket_width=1m&limit=240&group_by=model,project_id`,
    key,
  );
  let checked = 0;
  for (const b of buckets) {
    for (const r of b.results) {
      const v = (n: string): number => num(r, n);
      assert.equal(
        v('input_tokens'),
        v('input_cached_tokens') + v('input_cache_write_tokens') + v('input_uncached_tokens'),
      );
      assert.equal(
        v('input_uncached_tokens'),
        v('input_text_tokens') + v('input_audio_tokens') + v('input_image_tokens'),
      );
      assert.equal(
        v('input_cached_tokens'),
        v('input_cached_text_tokens') + v('input_cached_audio_tokens') + v('input_cached_image_tokens'),
      );
      assert.equal(v('output_tokens'), v('output_text_tokens') + v('output_audio_tokens') + v('output_image_tokens'));
      assert.ok(v('num_model_requests') >= 1);
      checked += 1;
    }
  }
  assert.ok(checked > 100);
});

test('two emulators with the same seed serve identical JSON; another seed serves different data', async () => {
  const q = `${C}?start_time=${NOW - 3 * DAY}&bucket_width=1h&limit=72&group_by=project_id,model,api_key_id`;
  const twin = await startEmulator({ adminKeys: [key], now: () => NOW, seed: 42 });
  const other = await startEmulator({ adminKeys: [key], now: () => NOW, seed: 7 });
  try {
    const [a, b, c] = await Promise.all([emu, twin, other].map(async (e) => (await get(e.baseURL, q, key)).text));
    assert.equal(a, b);
    assert.notEqual(a, c);
  } finally {
    await Promise.all([twin.close(), other.close()]);
  }
});
