import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedResponseError } from '../../lib/api/index';
import { parsePage } from '../../lib/api/parse';

function malformedAt(path: string, pattern?: RegExp) {
  return (e: unknown): boolean =>
    e instanceof MalformedResponseError && e.jsonPath === path && (pattern === undefined || pattern.test(e.message));
}

describe('parsePage', () => {
  test('ignores unknown keys, fills missing metrics with 0 and missing dimensions with null', () => {
    const page = parsePage('completions', {
      object: 'page',
      organization_id: 'org_1',
      data: [
        {
          object: 'bucket',
          start_time: 0,
          end_time: 60,
          extra: true,
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: 5,
              output_tokens: 2,
              num_model_requests: 1,
              model: 'gpt-4o',
              new_field: 9,
            },
          ],
        },
      ],
      has_more: false,
      next_page: null,
    });
    const r = page.data[0]?.results[0];
    assert.ok(r !== undefined);
    assert.equal(r.input_tokens, 5);
    assert.equal(r.input_cached_tokens, 0);
    assert.equal(r.output_image_tokens, 0);
    assert.equal(r.model, 'gpt-4o');
    assert.equal(r.project_id, null);
    assert.equal(r.service_tier, null);
    assert.ok(!('new_field' in r));
    assert.ok(!('organization_id' in page));
  });

  test('accepts result as an alias of results', () => {
    const page = parsePage('embeddings', {
      object: 'page',
      data: [{ object: 'bucket', start_time: 0, end_time: 1, result: [{ input_tokens: 3, num_model_requests: 1 }] }],
      has_more: false,
      next_page: null,
    });
    assert.equal(page.data[0]?.results[0]?.input_tokens, 3);
    assert.equal(page.data[0]?.results[0]?.object, 'organization.usage.embeddings.result');
  });

  test('turns costs amount.value numeric strings into numbers and keeps null as null', () => {
    const page = parsePage('costs', {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: 0,
          end_time: 86_400,
          results: [
            {
              object: 'organization.costs.result',
              amount: { value: '12.50', currency: 'usd' },
              line_item: 'Text tokens',
            },
            { object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' } },
            { object: 'organization.costs.result', amount: { value: null, currency: 'usd' } },
          ],
        },
      ],
      has_more: false,
      next_page: null,
    });
    const values = page.data[0]?.results.map((r) => r.amount?.value);
    assert.deepEqual(values, [12.5, 0.06, null]);
    assert.equal(page.data[0]?.results[0]?.line_item, 'Text tokens');
    assert.equal(page.data[0]?.results[1]?.project_id, null);
  });

  test('rejects a non-numeric amount.value naming its path', () => {
    const body = {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: 0,
          end_time: 1,
          results: [{ object: 'organization.costs.result', amount: { value: 'twelve', currency: 'usd' } }],
        },
      ],
      has_more: false,
      next_page: null,
    };
    assert.throws(() => parsePage('costs', body), malformedAt('$.data[0].results[0].amount.value', /"twelve"/));
  });

  test('rejects wrong shapes with the JSON path', () => {
    assert.throws(() => parsePage('costs', []), malformedAt('$'));
    assert.throws(() => parsePage('costs', { data: {} }), malformedAt('$.data'));
    assert.throws(
      () => parsePage('costs', { data: [{ end_time: 1, results: [] }] }),
      malformedAt('$.data[0].start_time'),
    );
    assert.throws(
      () => parsePage('costs', { data: [{ start_time: 0, end_time: 1 }] }),
      malformedAt('$.data[0].results'),
    );
    assert.throws(
      () => parsePage('completions', { data: [{ start_time: 0, end_time: 1, results: [{ input_tokens: 'lots' }] }] }),
      malformedAt('$.data[0].results[0].input_tokens'),
    );
    assert.throws(
      () => parsePage('completions', { data: [{ start_time: 0, end_time: 1, results: [{ model: 42 }] }] }),
      malformedAt('$.data[0].results[0].model'),
    );
  });

  test('rejects has_more true with a null cursor', () => {
    assert.throws(
      () => parsePage('costs', { object: 'page', data: [], has_more: true, next_page: null }),
      malformedAt('$.next_page', /has_more is true/),
    );
  });

  test('keeps empty buckets and every bucket in order', () => {
    const data = [0, 1, 2].map((i) => ({ object: 'bucket', start_time: i, end_time: i + 1, results: [] }));
    const page = parsePage('vector_stores', { object: 'page', data, has_more: true, next_page: 'page_x' });
    assert.deepEqual(
      page.data.map((b) => b.start_time),
      [0, 1, 2],
    );
    assert.equal(page.next_page, 'page_x');
  });
});
