import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { reviseResults } from '../../lib/emulator/revise-results';

test('usage: counts scaled and rounded, one project’s results gone, dimensions untouched', () => {
  const results = [
    { object: 'x', input_tokens: 10, num_model_requests: 3, project_id: 'p1', model: 'm' },
    { object: 'x', input_tokens: 7, num_model_requests: 1, project_id: 'p2', model: 'm' },
  ];
  const revised = reviseResults(ENDPOINTS.embeddings, results, { start: 0, end: 1, scale: 1.25, dropProjectId: 'p2' });
  assert.deepEqual(revised, [{ object: 'x', input_tokens: 13, num_model_requests: 4, project_id: 'p1', model: 'm' }]);
  // A copy: the input is unchanged.
  assert.equal(results[0]?.input_tokens, 10);
  assert.equal(reviseResults(ENDPOINTS.embeddings, results, { start: 0, end: 1, scale: 1 }).length, 2);
});

test('costs: amounts scaled as numbers, numeric strings stay strings, null and odd values are left alone', () => {
  const results = [
    { object: 'c', amount: { value: 2, currency: 'usd' }, quantity: 3, project_id: 'p' },
    { object: 'c', amount: { value: '1.5', currency: 'usd' }, quantity: null, project_id: 'p' },
    { object: 'c', amount: { value: 'n/a', currency: 'usd' }, quantity: 2, project_id: 'p' },
    { object: 'c', amount: null, quantity: 2, project_id: 'p' },
  ];
  assert.deepEqual(reviseResults(ENDPOINTS.costs, results, { start: 0, end: 1, scale: 2 }), [
    { object: 'c', amount: { value: 4, currency: 'usd' }, quantity: 6, project_id: 'p' },
    { object: 'c', amount: { value: '3', currency: 'usd' }, quantity: null, project_id: 'p' },
    // NaN is a number: a string that is no number becomes "NaN" (a revision of odd data stays odd).
    { object: 'c', amount: { value: 'NaN', currency: 'usd' }, quantity: 4, project_id: 'p' },
    { object: 'c', amount: null, quantity: 4, project_id: 'p' },
  ]);
});
