import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { COMMON_PARAMS } from '../../lib/catalogue/declare';
import { CATALOGUE } from '../../lib/catalogue/endpoints';
import {
  ARRAY_FILTER_NAMES,
  BOOLEAN_FILTER_NAMES,
  ENDPOINTS,
  ENDPOINT_NAMES,
  FILTER_NAMES,
  QUERY_KEYS,
  USAGE_ENDPOINT_NAMES,
  endpointSpec,
  isEndpointName,
} from '../../lib/catalogue/spec';

describe('the runtime specs derived from the catalogue', () => {
  test('names in catalogue order; usage endpoints are all but costs', () => {
    assert.deepEqual(ENDPOINT_NAMES, Object.keys(CATALOGUE));
    assert.deepEqual(
      USAGE_ENDPOINT_NAMES,
      ENDPOINT_NAMES.filter((n) => n !== 'costs'),
    );
    assert.deepEqual(Object.keys(ENDPOINTS), ENDPOINT_NAMES);
  });

  test('completions: filters split by type, enum values, the metrics by kind and presence', () => {
    const c = ENDPOINTS.completions;
    assert.equal(c.name, 'completions');
    assert.equal(c.path, '/organization/usage/completions');
    assert.equal(c.resultObject, 'organization.usage.completions.result');
    assert.deepEqual(
      c.arrayFilters.map((f) => [f.name, f.dimension]),
      [
        ['project_ids', 'project_id'],
        ['user_ids', 'user_id'],
        ['api_key_ids', 'api_key_id'],
        ['models', 'model'],
      ],
    );
    assert.deepEqual(c.booleanFilters, ['batch']);
    assert.deepEqual(c.groupBy, [
      'project_id',
      'user_id',
      'api_key_id',
      'model',
      'batch',
      'service_tier',
      'api_source',
    ]);
    assert.deepEqual(c.dimensionValues, { api_source: ['agents_api', 'unlabeled'] });
    assert.deepEqual(c.requiredMetrics, ['input_tokens', 'output_tokens', 'num_model_requests']);
    assert.deepEqual(c.mayBeAbsent, ['input_cache_write_30m_tokens', 'input_cache_write_12h_tokens']);
    assert.equal(c.metrics.length, 17);
    assert.ok(Object.values(c.metricKinds).every((k) => k === 'count'));
    assert.deepEqual(c.attributes, []);
    assert.equal(c.groupingCutoff, undefined);
    assert.deepEqual(c.bucketWidths, ['1m', '1h', '1d']);
  });

  test('costs: money and quantity kinds, its attribute, whole-value line items, the grouping cut-off', () => {
    const c = ENDPOINTS.costs;
    assert.deepEqual(c.metricKinds, { amount: 'money', quantity: 'quantity' });
    assert.deepEqual(c.requiredMetrics, []);
    assert.deepEqual(c.attributes, ['quantity_unit']);
    assert.deepEqual(c.arrayFilters, [
      { name: 'project_ids', dimension: 'project_id' },
      { name: 'api_key_ids', dimension: 'api_key_id' },
      { name: 'line_items', dimension: 'line_item', wholeValues: true },
    ]);
    assert.deepEqual(c.booleanFilters, []);
    assert.deepEqual(c.bucketWidths, ['1d']);
    assert.deepEqual(c.limits, { '1d': { default: 7, max: 180 } });
    assert.equal(c.groupingCutoff?.since, 1764979200, '2025-12-06');
    assert.equal(c.groupingCutoff?.needsLaterStart, 'api_key_id');
  });

  test('restricted filter values are kept; a gauge stays a gauge', () => {
    assert.deepEqual(ENDPOINTS.images.arrayFilters[0], {
      name: 'sources',
      dimension: 'source',
      values: ['image.generation', 'image.edit', 'image.variation'],
    });
    assert.deepEqual(ENDPOINTS.web_search_calls.arrayFilters.find((f) => f.name === 'context_levels')?.values, [
      'low',
      'medium',
      'high',
    ]);
    assert.deepEqual(ENDPOINTS.vector_stores.metricKinds, { usage_bytes: 'gauge' });
    assert.deepEqual(ENDPOINTS.vector_stores.groupBy, ['project_id']);
  });

  test('every spec lists what its declaration holds, nothing more (read back from the declaration)', () => {
    for (const name of ENDPOINT_NAMES) {
      const d = CATALOGUE[name];
      const s = ENDPOINTS[name];
      const filters: Record<string, { type: string; dimension: string }> = d.filters;
      assert.deepEqual(
        [...s.arrayFilters.map((f) => f.name), ...s.booleanFilters].sort(),
        Object.keys(filters).sort(),
        name,
      );
      for (const f of s.arrayFilters) assert.equal(filters[f.name]?.type, 'array', `${name}.${f.name}`);
      for (const f of s.booleanFilters) assert.equal(filters[f]?.type, 'boolean', `${name}.${f}`);
      assert.deepEqual(s.metrics, Object.keys(d.metrics), name);
      assert.deepEqual(s.groupBy, Object.keys(d.dimensions), name);
      for (const m of s.requiredMetrics) assert.ok(!s.mayBeAbsent.includes(m), `${name}.${m}: required or absent`);
    }
  });
});

describe('filter and query key lists', () => {
  test('each filter once, first-seen order; batch is the one boolean filter', () => {
    assert.equal(new Set(FILTER_NAMES).size, FILTER_NAMES.length);
    assert.deepEqual(FILTER_NAMES.slice(0, 5), ['project_ids', 'user_ids', 'api_key_ids', 'models', 'batch']);
    assert.deepEqual(BOOLEAN_FILTER_NAMES, ['batch']);
    assert.deepEqual(
      ARRAY_FILTER_NAMES,
      FILTER_NAMES.filter((n) => n !== 'batch'),
    );
    assert.deepEqual(QUERY_KEYS, [...COMMON_PARAMS, ...FILTER_NAMES]);
    assert.ok(!new Set<string>(QUERY_KEYS).has('page'), 'the cursor is the client’s');
  });
});

describe('looking endpoints up', () => {
  test('isEndpointName: only the catalogue’s own names, never inherited keys', () => {
    assert.equal(isEndpointName('costs'), true);
    for (const name of ['', 'toString', '__proto__', 'hasOwnProperty', 'Costs', 'costs ', 'usage_costs'])
      assert.equal(isEndpointName(name), false, name);
  });

  test('endpointSpec: the spec, or a TypeError listing the valid names', () => {
    assert.equal(endpointSpec('embeddings'), ENDPOINTS.embeddings);
    assert.throws(() => endpointSpec('constructor'), {
      name: 'TypeError',
      message: `invalid endpoint: "constructor" (expected one of ${ENDPOINT_NAMES.join(', ')})`,
    });
  });

  test('property: endpointSpec answers exactly for the catalogue names', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...ENDPOINT_NAMES), fc.string()), (name) => {
        if ((ENDPOINT_NAMES as readonly string[]).includes(name)) assert.equal(endpointSpec(name).name, name);
        else assert.throws(() => endpointSpec(name), /^TypeError: invalid endpoint: /);
      }),
    );
  });
});
