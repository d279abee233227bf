import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { costsResult, decimal128Text, usageResult, type ShapeOptions } from '../../lib/emulator/shape-result';

const COSTS = ENDPOINTS.costs;
const OPTIONS: ShapeOptions = {
  amountFormat: 'number',
  newFieldsSince: 0,
  extraCostKeys: false,
  quantityWithoutUnit: false,
  bucketIsoTimes: false,
  names: { organizationId: 'org-x', projectName: (id) => `name of ${id}`, userEmail: (id) => `${id}@x.io` },
};

/** A costs group: dims in costs group_by order (project, user, line item, key, source), metrics [amount, quantity]. */
function group(
  dims: Partial<Record<string, string>>,
  amount: number,
  quantity: number,
): { dims: (string | null)[]; metrics: number[] } {
  return { dims: COSTS.groupBy.map((n) => dims[n] ?? null), metrics: [amount, quantity] };
}

test('usageResult: the object name, every metric (those omitted aside), then every dimension, null when ungrouped', () => {
  const spec = ENDPOINTS.embeddings;
  const r = usageResult(spec, { dims: ['p1', null, null, 'text-embedding-3-small'], metrics: [100, 3] }, new Set());
  assert.deepEqual(r, {
    object: 'organization.usage.embeddings.result',
    input_tokens: 100,
    num_model_requests: 3,
    project_id: 'p1',
    user_id: null,
    api_key_id: null,
    model: 'text-embedding-3-small',
  });
  assert.deepEqual(Object.keys(r), ['object', ...spec.metrics, ...spec.groupBy]);
  const old = usageResult(ENDPOINTS.completions, { dims: [], metrics: [] }, new Set(ENDPOINTS.completions.mayBeAbsent));
  for (const name of ENDPOINTS.completions.mayBeAbsent) assert.ok(!(name in old), name);
  assert.equal(old['input_tokens'], 0);
  assert.equal(old['batch'], null);
});

test('decimal128Text: zero as Decimal128’s zero, other values with 39 digits', () => {
  assert.equal(decimal128Text(0), '0E-6176');
  assert.equal(decimal128Text(1.5), `1.5${'0'.repeat(37)}`);
  assert.equal(decimal128Text(-2.25), `-2.25${'0'.repeat(36)}`);
  assert.equal(decimal128Text(123.5).replace(/\D/g, '').length, 39);
  assert.equal(decimal128Text(0.000123).replace(/\D/g, '').length, 39);
});

test('property: a Decimal128 text of any amount from a nano-dollar to a trillion reads back as the value', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.double({ min: 1e-9, max: 1e12, noNaN: true }), (negative, size) => {
      const v = negative ? -size : size;
      const text = decimal128Text(v);
      assert.equal(Number(text), v);
      assert.equal(text.replace(/\D/g, '').length, 39, text);
    }),
  );
});

test('costsResult: amount in the configured format, every dimension, quantity and unit only by line item', () => {
  const g = group({ project_id: 'p1', line_item: 'gpt-4o-2024-08-06, input' }, 0.25, 1000);
  assert.deepEqual(costsResult(COSTS, g, true, OPTIONS), {
    object: 'organization.costs.result',
    amount: { value: 0.25, currency: 'usd' },
    project_id: 'p1',
    user_id: null,
    line_item: 'gpt-4o-2024-08-06, input',
    api_key_id: null,
    api_source: null,
    quantity: 1000,
    quantity_unit: 'tokens',
  });
  const ungrouped = costsResult(COSTS, group({ project_id: 'p1' }, 0.25, 1000), false, OPTIONS);
  assert.deepEqual([ungrouped['quantity'], ungrouped['quantity_unit']], [null, null]);
  assert.deepEqual(costsResult(COSTS, g, true, { ...OPTIONS, amountFormat: 'string' })['amount'], {
    value: '0.25',
    currency: 'usd',
  });
  assert.deepEqual(costsResult(COSTS, g, true, { ...OPTIONS, amountFormat: 'decimal128' })['amount'], {
    value: decimal128Text(0.25),
    currency: 'usd',
  });
  const tool = costsResult(COSTS, group({ line_item: 'web search tool calls' }, 1, 4), true, OPTIONS);
  assert.deepEqual([tool['quantity'], tool['quantity_unit']], [4, null]);
});

test('the live quirks: quantity without its unit key; extra keys naming the organization, project and user', () => {
  const g = group({ project_id: 'p1', user_id: 'user-9', line_item: 'x, input' }, 1, 2);
  const bare = costsResult(COSTS, g, true, { ...OPTIONS, quantityWithoutUnit: true });
  assert.ok(!('quantity_unit' in bare));
  assert.equal(bare['quantity'], 2);
  const extra = costsResult(COSTS, g, true, { ...OPTIONS, extraCostKeys: true });
  assert.deepEqual(
    [extra['organization_id'], extra['project_name'], extra['user_email']],
    ['org-x', 'name of p1', 'user-9@x.io'],
  );
  const noUser = costsResult(COSTS, group({}, 1, 2), false, { ...OPTIONS, extraCostKeys: true });
  assert.deepEqual([noUser['project_name'], noUser['user_email']], [null, null]);
});
