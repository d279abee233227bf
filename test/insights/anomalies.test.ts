// detectAnomalies over points of several organizations (anomalyPoints of tagged tables): each organization judged
// alone. The emulator-backed cases are in anomalies.integration.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mergeBuckets, tagResults, type WireBucket, type WireCostsResult } from '../../lib/catalogue/index';
import { costTable } from '../../lib/frames/index';
import { detectAnomalies } from '../../lib/insights/anomalies';
import { anomalyPoints } from '../../lib/insights/anomaly-points';
import { alone, assertKeptApart, D0, dailyData, merged, ORGS } from './two-organizations';

const LATER = Date.UTC(2030, 0, 1);

test('several organizations with the same projects and models: anomalies per organization, each as it alone gives them', () => {
  fc.assert(
    fc.property(dailyData(36), dailyData(36), (acme, globex) => {
      const both = merged(acme, globex);
      const got = detectAnomalies(anomalyPoints(both.usage, both.costs, { now: LATER }));
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return detectAnomalies(anomalyPoints(own.usage, own.costs, { now: LATER }));
      });
      assertKeptApart(got, expected);
    }),
    { numRuns: 40 },
  );
});

test("an organization's spike is its own anomaly, even where the other organization's size hides it in the sum", () => {
  const day = (d: number, value: number): WireBucket<WireCostsResult> => ({
    object: 'bucket',
    start_time: D0 + d * 86_400,
    end_time: D0 + (d + 1) * 86_400,
    results: [
      {
        object: 'organization.costs.result',
        amount: { value, currency: 'usd' },
        line_item: 'gpt-4o, output',
        project_id: 'proj_1',
      },
    ],
  });
  // acme spends $10 a day, $100 on day 30; globex $1000 every day: together, day 30 is 1100 against 1010.
  const acme = Array.from({ length: 35 }, (_, d) => day(d, d === 30 ? 100 : 10));
  const globex = Array.from({ length: 35 }, (_, d) => day(d, 1000));
  const [a, g] = ORGS;
  const costs = costTable(mergeBuckets([tagResults(acme, a), tagResults(globex, g)]));
  const found = detectAnomalies(anomalyPoints(null, costs, { now: LATER }));
  const organizationLevel = found.filter((x) => x.scope === 'organization');
  assert.deepEqual(
    organizationLevel.map((x) => [x.organization_id, x.organization, x.date, x.value, x.baseline]),
    [['org-acme', 'acme', '2026-01-05', 100, 10]],
  );
  // Summed, the day is usual: the organizations' sum is not what is judged.
  const summed = detectAnomalies(anomalyPoints(null, costTable([...acme, ...globex]), { now: LATER }));
  assert.equal(summed.filter((x) => x.scope === 'organization').length, 0);
});
