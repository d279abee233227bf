/**
 * Type-level tests of the catalogue: each `@ts-expect-error` line must fail to compile (`npm run typecheck` fails
 * if one compiles), the other lines must compile. The runtime asserts check that the derived lists match the types.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CATALOGUE,
  ENDPOINTS,
  ENDPOINT_NAMES,
  FILTER_NAMES,
  QUERY_KEYS,
  type DimensionName,
  type EndpointName,
  type FilterName,
  type MetricName,
  type ParsedResultOf,
  type WireResultOf,
} from '../../lib/catalogue/index';
import type { UsageQuery } from '../../lib/api/index';
import { sumBy, timeSeries, usageTable, type UsageTable } from '../../lib/frames/index';
import { NOTEBOOK_PARAM_KEYS, type NotebookParamsInput } from '../../lib/notebook/index';

/** True when A and B are the same type (not merely mutually assignable through any). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const empty = usageTable('completions', []);

test('a typed table rejects misspelt dimensions and metrics at compile time', () => {
  const table: UsageTable<'completions'> = empty;
  assert.deepEqual(sumBy(table, ['model'], 'input_tokens'), []);
  // @ts-expect-error 'modle' is not a completions dimension
  assert.throws(() => sumBy(table, ['modle'], 'input_tokens'), /invalid dimension: "modle"/);
  // @ts-expect-error 'input_token' is not a completions metric
  assert.throws(() => sumBy(table, ['model'], 'input_token'), /invalid metric/);
  // @ts-expect-error vector_stores has no model dimension
  assert.throws(() => sumBy(usageTable('vector_stores', []), ['model'], 'usage_bytes'), /invalid dimension/);
  // @ts-expect-error costs rows are not a usage table
  const costs: UsageTable<'costs'> | undefined = undefined;
  assert.equal(costs, undefined);
  assert.deepEqual(timeSeries(table, 'num_model_requests', 'api_source').series, []);
  // @ts-expect-error completions has no context_level
  assert.throws(() => timeSeries(table, 'num_model_requests', 'context_level'), /invalid by/);
});

test('names derive from the declaration: 12 endpoints, the new dimension and fields', () => {
  expectType<Equal<EndpointName, keyof typeof CATALOGUE>>();
  expectType<Equal<DimensionName<'costs'>, 'project_id' | 'user_id' | 'line_item' | 'api_key_id' | 'api_source'>>();
  expectType<Equal<FilterName<'costs'>, 'project_ids' | 'api_key_ids' | 'line_items'>>();
  expectType<Equal<'api_source' extends DimensionName<'decisions'> ? true : false, true>>();
  expectType<Equal<'input_cache_write_12h_tokens' extends MetricName<'completions'> ? true : false, true>>();
  // @ts-expect-error vector_stores has no api_source
  expectType<Equal<'api_source' extends DimensionName<'vector_stores'> ? true : false, true>>();
  assert.equal(ENDPOINT_NAMES.length, 12);
  assert.deepEqual(ENDPOINTS.costs.groupBy, ['project_id', 'user_id', 'line_item', 'api_key_id', 'api_source']);
});

test('wire rows keep number | string amounts; parsed rows have numbers', () => {
  type WireValue = NonNullable<WireResultOf<'costs'>['amount']>['value'];
  type ParsedValue = NonNullable<ParsedResultOf<'costs'>['amount']>['value'];
  expectType<Equal<WireValue, number | string | null | undefined>>();
  expectType<Equal<ParsedValue, number | null>>();
  const parsed: ParsedResultOf<'completions'> | undefined = undefined;
  // Parsed rows are wire rows (frames take either).
  const asWire: WireResultOf<'completions'> | undefined = parsed;
  assert.equal(asWire, undefined);
  // @ts-expect-error a parsed usage metric is a number, never a string
  const bad: ParsedResultOf<'completions'>['input_tokens'] = '12';
  assert.equal(bad, '12');
  // Fields older buckets lack stay null after parsing rather than 0.
  expectType<Equal<ParsedResultOf<'completions'>['input_cache_write_30m_tokens'], number | null>>();
  expectType<Equal<ParsedResultOf<'completions'>['api_source'], 'agents_api' | 'unlabeled' | null>>();
});

test('query and notebook parameter keys cover every filter of the catalogue', () => {
  const q: UsageQuery = {
    start_time: 0,
    sources: ['image.edit'],
    sizes: ['256x256'],
    vector_store_ids: ['vs_1'],
    context_levels: ['low'],
    line_items: ['x'],
  };
  assert.equal(q.start_time, 0);
  const n: NotebookParamsInput = {
    days_ago: 3,
    sources: null,
    sizes: ['256x256'],
    vector_store_ids: null,
    context_levels: ['high'],
    line_items: null,
  };
  assert.equal(n.days_ago, 3);
  // @ts-expect-error not a filter of any endpoint
  const typo: UsageQuery = { start_time: 0, model_ids: ['x'] };
  assert.ok(typo);
  const declared = new Set(Object.values(CATALOGUE).flatMap((d) => Object.keys(d.filters)));
  assert.deepEqual(new Set(FILTER_NAMES), declared);
  for (const name of declared) {
    assert.ok(QUERY_KEYS.includes(name), name);
    assert.ok(NOTEBOOK_PARAM_KEYS.includes(name), name);
  }
});
