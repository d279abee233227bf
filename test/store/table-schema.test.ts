import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFromRow, tableSchemaOf } from '../../lib/store/table-schema';

describe('table schema: columns by kind, results rebuilt from them', () => {
  const costs = tableSchemaOf('costs');

  test('a money metric is a value column and a currency column; quantity_unit is an attribute', () => {
    assert.deepEqual(
      costs.values.map((v) => [v.name, v.metric, v.kind, v.currency]),
      [
        ['amount_value', 'amount', 'money', 'amount_currency'],
        ['quantity', 'quantity', 'quantity', undefined],
      ],
    );
    assert.deepEqual(
      costs.attributes.map((a) => [a.name, a.role]),
      [
        ['amount_currency', 'currency'],
        ['quantity_unit', 'attribute'],
      ],
    );
  });

  test('a costs row reads back as the wire result: amount nested, unread dimensions null, the organization kept', () => {
    const narrow = { ...costs, dims: costs.dims.filter((d) => d.name === 'project_id') };
    const row = { amount_value: 1.25, amount_currency: 'usd', quantity: null, quantity_unit: null, project_id: 'p1' };
    const result = resultFromRow(narrow, row, { allDims: costs.dims, organizationId: 'org-a' });
    assert.deepEqual(result, {
      object: 'organization.costs.result',
      amount: { value: 1.25, currency: 'usd' },
      quantity: null,
      quantity_unit: null,
      project_id: 'p1',
      user_id: null,
      line_item: null,
      api_key_id: null,
      api_source: null,
      organization_id: 'org-a',
    });
  });

  test('a currency never sent stays absent, as on the wire; no amount is null', () => {
    const only = (row: Record<string, number | string | null>) =>
      resultFromRow(costs, row, { allDims: costs.dims }).amount;
    assert.deepEqual(only({ amount_value: 2, amount_currency: null }), { value: 2 });
    assert.equal(only({ amount_value: null, amount_currency: 'usd' }), null);
  });

  test('a stored value of the wrong kind is refused, naming the field', () => {
    const completions = tableSchemaOf('completions');
    const row = { input_tokens: 'many', output_tokens: 1, num_model_requests: 1 };
    assert.throws(
      () => resultFromRow(completions, row, { allDims: completions.dims }),
      /invalid stored completions result in usage_completions: field input_tokens/,
    );
    const dims = { input_tokens: 1, output_tokens: 1, num_model_requests: 1, batch: 'yes' };
    assert.throws(() => resultFromRow(completions, dims, { allDims: completions.dims }), /field batch/);
  });
});
