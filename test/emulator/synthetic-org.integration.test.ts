import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, getAllBuckets, num, testKey, type Bucket } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const C = '/organization/usage/completions';
const MONTH = `start_time=${NOW - 30 * DAY}&end_time=${NOW}`;

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

function sumBy(buckets: readonly Bucket[], dim: string, metric: string): Map<unknown, number> {
  const out = new Map<unknown, number>();
  for (const b of buckets) for (const r of b.results) out.set(r[dim], (out.get(r[dim]) ?? 0) + num(r, metric));
  return out;
}

test('one project dominates (60%+ of requests) and three or more sit under 5% each', async () => {
  const shares = [
    ...sumBy(
      await getAllBuckets(emu.baseURL, `${C}?${MONTH}&group_by=project_id`, key),
      'project_id',
      'num_model_requests',
    ).values(),
  ];
  const all = shares.reduce((a, b) => a + b, 0);
  const sorted = shares.map((v) => v / all).sort((a, b) => b - a);
  assert.ok((sorted[0] ?? 0) >= 0.55, `top share ${sorted[0]}`);
  assert.ok(sorted.filter((s) => s < 0.05).length >= 3, JSON.stringify(sorted));
});

test('traffic follows working hours and weekdays, and any 30-day window has a burst day', async () => {
  const hours = await getAllBuckets(emu.baseURL, `${C}?${MONTH}&bucket_width=1h&limit=168`, key);
  const byHour = new Array<number>(24).fill(0);
  for (const b of hours)
    byHour[new Date(b.start_time * 1000).getUTCHours()] += b.results.reduce(
      (a, r) => a + num(r, 'num_model_requests'),
      0,
    );
  assert.ok((byHour[14] ?? 0) > 3 * (byHour[2] ?? 0));
  for (const start of [NOW - 30 * DAY, NOW - 100 * DAY, NOW - 400 * DAY]) {
    const days = await getAllBuckets(
      emu.baseURL,
      `${C}?start_time=${Math.floor(start / DAY) * DAY}&end_time=${Math.floor(start / DAY) * DAY + 30 * DAY}&limit=31`,
      key,
    );
    const perDay = days.map((b) => ({
      dow: new Date(b.start_time * 1000).getUTCDay(),
      n: b.results.reduce((a, r) => a + num(r, 'num_model_requests'), 0),
    }));
    const weekday = perDay
      .filter((d) => d.dow !== 0 && d.dow !== 6)
      .map((d) => d.n)
      .sort((a, b) => a - b);
    const weekend = perDay
      .filter((d) => d.dow === 0 || d.dow === 6)
      .map((d) => d.n)
      .sort((a, b) => a - b);
    const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? 0;
    assert.ok(median(weekend) < 0.6 * median(weekday));
    assert.ok(Math.max(...perDay.map((d) => d.n)) > 2.2 * median(weekday), 'a spike day');
  }
});

test('models include fine-tunes; batch, service tiers and every other endpoint dimension are populated', async () => {
  const rows = (
    await getAllBuckets(emu.baseURL, `${C}?start_time=${NOW - 7 * DAY}&group_by=model,batch,service_tier`, key)
  ).flatMap((b) => b.results);
  const models = new Set(rows.map((r) => String(r['model'])));
  assert.ok([...models].some((m) => m.startsWith('ft:gpt-4o-mini-2024-07-18:acme::')));
  assert.ok(models.size >= 8);
  assert.deepEqual(new Set(rows.map((r) => r['batch'])), new Set([true, false]));
  for (const tier of ['default', 'flex', 'priority'])
    assert.ok(
      rows.some((r) => r['service_tier'] === tier),
      tier,
    );
  const dims: Array<[string, string]> = [
    ['images', 'size'],
    ['images', 'source'],
    ['file_search_calls', 'vector_store_id'],
    ['web_search_calls', 'context_level'],
    ['embeddings', 'model'],
    ['audio_speeches', 'model'],
    ['audio_transcriptions', 'model'],
    ['moderations', 'user_id'],
  ];
  for (const [endpoint, dim] of dims) {
    const values = new Set(
      (
        await getAllBuckets(
          emu.baseURL,
          `/organization/usage/${endpoint}?start_time=${NOW - 7 * DAY}&group_by=${dim}`,
          key,
        )
      ).flatMap((b) => b.results.map((r) => r[dim])),
    );
    assert.ok(values.size >= 2, `${endpoint}.${dim}`);
  }
});

test('dataset knobs change the size of the org, and bad knobs fail early', async () => {
  const big = await startEmulator({ adminKeys: [key], now: () => NOW, dataset: { streams: 600, projects: 12 } });
  try {
    const q = `${C}?start_time=${NOW - DAY}&bucket_width=1h&group_by=model,project_id,user_id,api_key_id`;
    const count = (bs: Bucket[]): number => bs.reduce((a, b) => a + b.results.length, 0);
    const [small, large] = await Promise.all([getAllBuckets(emu.baseURL, q, key), getAllBuckets(big.baseURL, q, key)]);
    assert.ok(count(large) > 3 * count(small));
  } finally {
    await big.close();
  }
  await assert.rejects(startEmulator({ dataset: { projects: -1 } }), /invalid dataset\.projects: -1/);
  await assert.rejects(
    startEmulator({ dataset: { projectIds: ['a', 'a'] } }),
    /invalid dataset\.projectIds: "a" \(distinct non-empty strings\)/,
  );
  // No project: a valid organization without traffic.
  const empty = await startEmulator({ adminKeys: [key], now: () => NOW, dataset: { projects: 0 } });
  try {
    const buckets = await getAllBuckets(empty.baseURL, `${C}?start_time=${NOW - DAY}&bucket_width=1h`, key);
    assert.ok(buckets.length >= 24 && buckets.every((b) => b.results.length === 0));
  } finally {
    await empty.close();
  }
  await assert.rejects(startEmulator({ dataset: { scale: -1 } }), /invalid dataset\.scale: -1/);
  await assert.rejects(startEmulator({ port: 70000 }), /invalid port: 70000/);
});
