import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ApiConnectionError, InvalidQueryError, UsageClient } from '../../lib/api/index';
import type { WireBucket } from '../../lib/catalogue/index';
import {
  failsOneOrganization,
  failureNotice,
  organizationFailure,
  organizationTag,
  readOrganizations,
  type OrganizationFailure,
  type OrganizationRead,
} from '../../lib/notebook/organization-reads';

// Never asked: readOne below answers for it (a client makes no request until one is asked).
const client = new UsageClient({ apiKey: 'sk-admin-test-key-not-used', baseURL: 'http://127.0.0.1:9' });
const org = (id: string, name: string): OrganizationRead => ({ client, identity: { id, name, idSource: 'header' } });
const bucket = (start: number, results: { n: number }[]): WireBucket<{ n: number }> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + 86_400,
  results,
});

test('an API failure fails one organization; an invalid query or anything else fails them all', () => {
  assert.equal(failsOneOrganization(new ApiConnectionError('connect ECONNREFUSED')), true);
  assert.equal(failsOneOrganization(new InvalidQueryError('limit', 'must be 1..180')), false);
  assert.equal(failsOneOrganization(new Error('a bug')), false);
  assert.equal(failsOneOrganization('text'), false);
});

test('a failure is one line that names the organization and never holds a key', () => {
  const key = 'sk-admin-AbCdEf0123456789AbCdEf0123456789';
  const f = organizationFailure('globex', new ApiConnectionError(`refused\n  for ${key}`));
  assert.equal(f.name, 'globex');
  assert.ok(!f.reason.includes('\n'), f.reason);
  assert.ok(!f.reason.includes(key), f.reason);
  assert.match(f.reason, /^ApiConnectionError: refused for /);
  assert.equal(
    failureNotice(f, 'this read of costs'),
    `Organization globex left out of this read of costs, the other organizations are shown: ${f.reason}`,
  );
  assert.deepEqual(organizationTag({ id: 'org-1', name: 'acme', idSource: 'env' }), {
    organization_id: 'org-1',
    organization: 'acme',
  });
});

test('property: every organization read keeps every result, tagged with its own organization; a failing one is told', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          fails: fc.boolean(),
          buckets: fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 3 }), { maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      async (plan) => {
        const orgs = plan.map((_, i) => org(`org-${i}`, `name-${i}`));
        const told: OrganizationFailure[] = [];
        const read = readOrganizations(
          orgs,
          (o) => {
            const p = plan[orgs.indexOf(o)];
            if (p === undefined || p.fails) return Promise.reject(new ApiConnectionError(`down: ${o.identity.id}`));
            return Promise.resolve(
              p.buckets.map((ns, d) =>
                bucket(
                  d * 86_400,
                  ns.map((n) => ({ n })),
                ),
              ),
            );
          },
          (f) => told.push(f),
        );
        if (plan.every((p) => p.fails)) {
          await assert.rejects(read, /down: org-0/);
          return;
        }
        const merged = await read;
        assert.deepEqual(
          told.map((f) => f.name),
          plan.flatMap((p, i) => (p.fails ? [`name-${i}`] : [])),
        );
        // Expected by a different route: per organization and day, the values it answered, in read order.
        plan.forEach((p, i) => {
          if (p.fails) return;
          p.buckets.forEach((ns, d) => {
            const got = (merged.find((b) => b.start_time === d * 86_400)?.results ?? [])
              .filter((r) => r.organization_id === `org-${i}`)
              .map((r) => {
                assert.equal(r.organization, `name-${i}`);
                return r.n;
              });
            assert.deepEqual(got, ns);
          });
        });
        const total = merged.reduce((a, b) => a + b.results.length, 0);
        assert.equal(
          total,
          plan.reduce((a, p) => a + (p.fails ? 0 : p.buckets.flat().length), 0),
        );
      },
    ),
    { numRuns: 100 },
  );
});
