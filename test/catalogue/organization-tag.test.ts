import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeBuckets, organizationTagOf, tagResults, type WireBucket } from '../../lib/catalogue/index';

const b = (start: number, results: object[]): WireBucket<object> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + 10,
  results,
});

test("a tag is both keys as strings; the read's tag wins over a result's own organization_id", () => {
  assert.equal(organizationTagOf({ organization_id: 'org-1' }), undefined);
  assert.equal(organizationTagOf({ organization_id: 'org-1', organization: null }), undefined);
  const [tagged] = tagResults([b(0, [{ n: 1, organization_id: 'org-from-the-api' }])], {
    organization_id: 'org-1',
    organization: 'acme',
  });
  assert.deepEqual(tagged?.results, [{ n: 1, organization_id: 'org-1', organization: 'acme' }]);
  assert.deepEqual(organizationTagOf(tagged?.results[0] ?? {}), { organization_id: 'org-1', organization: 'acme' });
});

test('merged buckets keep every result of every read, in read order, by start time; the later end wins', () => {
  const merged = mergeBuckets([
    [b(10, [{ a: 1 }]), b(20, [])],
    [b(0, [{ b: 0 }]), { ...b(10, [{ b: 1 }, { b: 2 }]), end_time: 25 }],
  ]);
  assert.deepEqual(
    merged.map((m) => [m.start_time, m.end_time, m.results]),
    [
      [0, 10, [{ b: 0 }]],
      [10, 25, [{ a: 1 }, { b: 1 }, { b: 2 }]],
      [20, 30, []],
    ],
  );
});
