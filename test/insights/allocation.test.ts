// allocateCosts over costs and usage of several organizations (tagged tables): each organization allocated alone. The
// emulator-backed and reference cases are in allocation.integration.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allocateCosts } from '../../lib/insights/allocation';
import { alone, assertKeptApart, D0, merged, organizationData } from './two-organizations';

test('several organizations with the same projects, keys and users: allocation per organization, each as it alone gives it', () => {
  // Keys from the Costs API from the third day; before, shared by tokens (both methods per organization).
  const options = { keysFrom: D0 + 2 * 86_400 };
  let rows = 0;
  fc.assert(
    fc.property(organizationData(4), organizationData(4), (acme, globex) => {
      const both = merged(acme, globex);
      const got = allocateCosts(both.costs, [both.usage], options);
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return allocateCosts(own.costs, [own.usage], options);
      });
      assertKeptApart(got, expected, 'id');
      rows += got.length;
    }),
    { numRuns: 60 },
  );
  assert.ok(rows > 0);
});

test('one organization (untagged tables): rows without organization columns', () => {
  const data = fc.sample(organizationData(3), { numRuns: 5, seed: 7 });
  for (const d of data) {
    const own = alone(d);
    for (const r of allocateCosts(own.costs, [own.usage]))
      assert.deepEqual(Object.keys(r), ['date', 'project_id', 'api_key_id', 'user_id', 'cost_usd', 'method']);
  }
});
