import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  costPerDay,
  costTable,
  requestsByModelProject,
  sumBy,
  tokensPerBucket,
  usageTable,
} from '../../lib/frames/index';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';

// Deterministic generator (LCG) so a failure reproduces.
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const ROWS = 1_000_000;
const PER_BUCKET = 1000;

test('1M generated rows: per-project and per-bucket sums equal an independent loop exactly, money to 1e-9', () => {
  const rnd = lcg(7);
  const models = Array.from({ length: 12 }, (_, i) => `model-${i}`);
  const projects = Array.from({ length: 40 }, (_, i) => `proj_${i}`);
  const usage: WireBucket<WireCompletionsResult>[] = [];
  const costs: WireBucket<WireCostsResult>[] = [];
  for (let b = 0; b < ROWS / PER_BUCKET; b++) {
    const u: WireCompletionsResult[] = [];
    const c: WireCostsResult[] = [];
    for (let i = 0; i < PER_BUCKET; i++) {
      const project = rnd() < 0.03 ? null : (projects[Math.floor(rnd() * projects.length)] ?? null);
      u.push({
        object: 'organization.usage.completions.result',
        input_tokens: Math.floor(rnd() * 5e7),
        output_tokens: Math.floor(rnd() * 1e5),
        num_model_requests: Math.floor(rnd() * 3000),
        project_id: project,
        model: models[i % models.length] ?? null,
      });
      c.push({
        object: 'organization.costs.result',
        amount: { value: rnd() * 3, currency: 'usd' },
        line_item: null,
        project_id: project,
      });
    }
    usage.push({
      object: 'bucket',
      start_time: 1736553600 + b * 3600,
      end_time: 1736553600 + (b + 1) * 3600,
      results: u,
    });
    costs.push({
      object: 'bucket',
      start_time: 1736553600 + b * 3600,
      end_time: 1736553600 + (b + 1) * 3600,
      results: c,
    });
  }

  const table = usageTable('completions', usage);
  assert.equal(table.length, ROWS);
  const byProject = new Map<string | null, number>();
  let inputTotal = 0;
  for (const bucket of usage) {
    for (const r of bucket.results) {
      byProject.set(r.project_id ?? null, (byProject.get(r.project_id ?? null) ?? 0) + r.input_tokens);
      inputTotal += r.input_tokens;
    }
  }
  assert.ok(inputTotal > 2 ** 40, 'totals must exceed float32/int32 range to be meaningful');
  const groups = sumBy(table, ['project_id'], 'input_tokens');
  assert.equal(groups.length, byProject.size);
  for (const g of groups) assert.equal(g.value, byProject.get(g.keys['project_id'] ?? null));
  assert.equal(
    tokensPerBucket(table).reduce((s, p) => s + p.input_tokens, 0),
    inputTotal,
  );
  const requests = usage.reduce((s, b) => s + b.results.reduce((t, r) => t + r.num_model_requests, 0), 0);
  assert.equal(
    requestsByModelProject(table).cells.reduce((s, c) => s + c.num_model_requests, 0),
    requests,
  );

  const ct = costTable(costs);
  const perDay = new Map<string, number>();
  for (const bucket of costs) {
    const day = new Date(bucket.start_time * 1000).toISOString().slice(0, 10);
    for (const r of bucket.results) perDay.set(day, (perDay.get(day) ?? 0) + Number(r.amount?.value ?? 0));
  }
  const days = costPerDay(ct);
  assert.equal(days.length, perDay.size);
  for (const d of days) {
    const expected = perDay.get(d.date) ?? NaN;
    assert.ok(Math.abs(d.amount - expected) <= 1e-9 * Math.abs(expected), `${d.date}: ${d.amount} vs ${expected}`);
  }
});
