// new_spender and unpriced_model on emulator data built to trigger them: a project (and its keys) whose costs start three days ago
// (a revision drops it before), against the same organization with it from the start: quiet.
import assert from 'node:assert/strict';
import { calcPrice } from '@pydantic/genai-prices';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { evaluateRules, parseAlertRules, readSnapshot } from '../../lib/alerts/index';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore, organizationByName, syncStore } from '../../lib/store/index';
import { tempDir } from '../store/helpers';

const DAY = 86_400;
const NOW = Date.parse('2026-11-21T09:30:00Z') / 1000;
const SINCE = NOW - 40 * DAY;
/** The newcomer's first day: three days before today. */
const FIRST = Date.parse('2026-11-18T00:00:00Z') / 1000;
const tmp = tempDir('alerts-new-');
const rules = parseAlertRules(`channels: { t: { type: slack, url_env: X } }
rules: [{ name: new, type: new_spender, kinds: [project, api_key], notify: [t] }]`);
let plain: RunningEmulator;
let newcomer = '';

interface Raw {
  start_time: number;
  results: Array<{ project_id: string | null; api_key_id: string | null; amount: { value: number } }>;
}

async function rawCosts(emu: RunningEmulator): Promise<Raw[]> {
  const q = `start_time=${SINCE}&end_time=${NOW}&bucket_width=1d&limit=180&group_by[]=project_id&group_by[]=api_key_id`;
  const res = await fetch(`${emu.baseURL}/organization/costs?${q}`, {
    headers: { authorization: `Bearer ${emu.adminKey}` },
  });
  return ((await res.json()) as { data: Raw[] }).data;
}

/** Scopes whose first day with spend is after the first stored day and within the last 7 days: our own reading. */
function expectedNew(buckets: Raw[]): string[] {
  const firstDay = new Map<string, number>();
  for (const b of buckets)
    for (const r of b.results) {
      if (!(r.amount.value > 0)) continue;
      for (const scope of [`project:${r.project_id}`, `api_key:${r.api_key_id}`])
        if (!scope.endsWith(':null') && !firstDay.has(scope)) firstDay.set(scope, b.start_time);
    }
  const storeFirst = Math.min(...buckets.map((b) => b.start_time));
  const recent = NOW - 7 * DAY - ((NOW - 7 * DAY) % DAY);
  return [...firstDay]
    .filter(([, t]) => t > storeFirst && t >= recent)
    .map(([s]) => s)
    .sort();
}

async function eventsOf(emu: RunningEmulator, file: string): Promise<string[]> {
  const store = await DuckDbStore.open(path.join(tmp.dir, file));
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  try {
    await syncStore({
      client,
      store,
      organization: organizationByName('default'),
      now: NOW,
      since: SINCE,
      endpoints: ['costs'],
    });
    const { events } = evaluateRules(rules, await readSnapshot(store, { now: NOW }));
    assert.ok(events.every((e) => e.period === 'first'));
    return events.map((e) => e.scope).sort();
  } finally {
    client.close();
    await store.close();
  }
}

before(async () => {
  plain = await startEmulator({ now: () => NOW, seed: 5, dataset: { streams: 30 } });
  // The second largest project of the plain organization becomes the newcomer.
  const totals = new Map<string, number>();
  for (const b of await rawCosts(plain))
    for (const r of b.results)
      if (r.project_id !== null) totals.set(r.project_id, (totals.get(r.project_id) ?? 0) + r.amount.value);
  newcomer = [...totals].sort((a, b) => b[1] - a[1])[1]?.[0] ?? '';
  assert.ok(newcomer !== '');
});

after(async () => {
  await plain.close();
  tmp.remove();
});

test('a project spending for the first time three days ago fires once for it and for its keys', async () => {
  const emu = await startEmulator({
    now: () => NOW,
    seed: 5,
    dataset: { streams: 30 },
    revision: { start: SINCE - DAY, end: FIRST, scale: 1, dropProjectId: newcomer },
  });
  try {
    const expected = expectedNew(await rawCosts(emu));
    assert.ok(expected.includes(`project:${newcomer}`), JSON.stringify(expected));
    assert.ok(
      expected.some((s) => s.startsWith('api_key:')),
      'its keys are new too',
    );
    assert.deepEqual(await eventsOf(emu, 'new.duckdb'), expected);
  } finally {
    await emu.close();
  }
});

test('the same organization with that project from the start: no new project', async () => {
  const expected = expectedNew(await rawCosts(plain));
  assert.ok(!expected.some((s) => s.startsWith('project:')));
  const got = await eventsOf(plain, 'plain.duckdb');
  assert.deepEqual(got, expected);
  assert.ok(!got.includes(`project:${newcomer}`));
});

test('unpriced_model on emulator data: exactly the models the price data has no input rate for; priced models quiet', async () => {
  const unpricedRules = parseAlertRules(`channels: { t: { type: slack, url_env: X } }
rules: [{ name: unpriced, type: unpriced_model, notify: [t] }]`);
  const store = await DuckDbStore.open(path.join(tmp.dir, 'unpriced.duckdb'));
  const client = new UsageClient({ apiKey: plain.adminKey, baseURL: plain.baseURL, now: () => NOW * 1000 });
  let fired: string[];
  try {
    await syncStore({
      client,
      store,
      organization: organizationByName('default'),
      now: NOW,
      since: SINCE,
      endpoints: ['costs'],
    });
    fired = evaluateRules(unpricedRules, await readSnapshot(store, { now: NOW })).events.map((e) => e.scope);
  } finally {
    client.close();
    await store.close();
  }
  // Our own reading: the plain "<model>, <kind>" line items of the raw costs, asked of the price package directly.
  const q = `start_time=${SINCE}&end_time=${NOW}&bucket_width=1d&limit=180&group_by[]=line_item`;
  const res = await fetch(`${plain.baseURL}/organization/costs?${q}`, {
    headers: { authorization: `Bearer ${plain.adminKey}` },
  });
  const items = ((await res.json()) as { data: Array<{ results: Array<{ line_item: string | null }> }> }).data
    .flatMap((b) => b.results.map((r) => r.line_item))
    .filter((l): l is string => l !== null && /^[a-z0-9.-]+, /.test(l) && !l.startsWith('ft-'));
  const models = [...new Set(items.map((l) => l.split(',')[0] ?? ''))];
  const unknown = models.filter((m) => {
    const price = calcPrice({ input_tokens: 1 }, m, { providerId: 'openai' });
    return price === null || price.model_price['input_mtok'] === undefined;
  });
  assert.ok(unknown.length > 0 && unknown.length < models.length, `${unknown.length} of ${models.length}`);
  const plainFired = fired.filter((s) => models.includes(s.slice('model:'.length)));
  assert.deepEqual(plainFired.sort(), unknown.map((m) => `model:${m}`).sort());
});
