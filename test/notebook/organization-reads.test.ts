import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ApiConnectionError, InvalidQueryError, UsageClient } from '../../lib/api/index';
import type { EndpointResultMap, WireBucket } from '../../lib/catalogue/index';
import {
  failsOneOrganization,
  failureNotice,
  organizationFailure,
  organizationTag,
  readOrganizations,
  readOrganizationsApart,
  type OrganizationFailure,
  type OrganizationRead,
} from '../../lib/notebook/organization-reads';
import {
  bucket as scriptedBucket,
  pageBody,
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server';

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

/** A real client per organization against one in-process server that answers by key: a page, a 401 or a 500. */
/** A costs result as the API sends it, its amount `v` USD. */
const cost = (v: number): object => ({
  object: 'organization.costs.result',
  amount: { value: v, currency: 'usd' },
  line_item: null,
  project_id: null,
});

async function serverByKey(): Promise<{
  server: ScriptedServer;
  orgs: (plan: readonly ('ok' | 401 | 500)[]) => OrganizationRead[];
  close: () => Promise<void>;
}> {
  const server = await startScriptedServer((req) => {
    const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const [, kind = '', i = '0'] = /^sk-admin-(ok|401|500)-test-(\d+)/.exec(key) ?? [];
    if (kind === '401')
      return { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } };
    if (kind === '500')
      return { status: 500, body: { error: { message: 'The server had an error', type: 'server_error' } } };
    // Organization i: two days, i + 1 results on the first, one on the second.
    const n = Number(i);
    return {
      body: pageBody(
        [
          scriptedBucket(
            0,
            Array.from({ length: n + 1 }, (_, k) => cost(10 * n + k)),
          ),
          scriptedBucket(86_400, [cost(100 + n)]),
        ],
        null,
      ),
    };
  });
  const clients: UsageClient[] = [];
  return {
    server,
    orgs: (plan) =>
      plan.map((kind, i) => {
        const c = new UsageClient({
          apiKey: `sk-admin-${kind}-test-${i}-AbCdEf0123456789`,
          baseURL: server.baseURL,
          retry: { maxRetries: 0 },
        });
        clients.push(c);
        return { client: c, identity: { id: `org-${i}`, name: `name-${i}`, idSource: 'env' as const } };
      }),
    close: async () => {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}

const readCosts = (o: OrganizationRead): Promise<WireBucket<EndpointResultMap['costs']>[]> =>
  o.client.fetchAll('costs', { start_time: 0, end_time: 2 * 86_400, bucket_width: '1d' });
/** The values a part's costs hold, per bucket. */
const values = (buckets: readonly WireBucket<EndpointResultMap['costs']>[]): number[][] =>
  buckets.map((b) => b.results.map((r) => Number(r.amount?.value ?? NaN)));

test('readOrganizationsApart over HTTP: each part its own buckets untagged; a 401 and a 500 left out, one notice each', async () => {
  const s = await serverByKey();
  try {
    const told: OrganizationFailure[] = [];
    const parts = await readOrganizationsApart(s.orgs(['ok', 401, 'ok', 500]), readCosts, (f) => told.push(f));
    assert.deepEqual(
      parts.map((p) => [p.organization_id, p.organization, values(p.buckets)]),
      [
        ['org-0', 'name-0', [[0], [100]]],
        ['org-2', 'name-2', [[20, 21, 22], [102]]],
      ],
    );
    assert.deepEqual(
      told.map((f) => [f.name, f.error.constructor.name]),
      [
        ['name-1', 'AuthenticationError'],
        ['name-3', 'InternalServerError'],
      ],
    );
    assert.ok(
      told.every((f) => !f.reason.includes('AbCdEf0123456789')),
      'no key in a reason',
    );
    assert.equal(s.server.requests.length, 4, 'each organization asked once');
  } finally {
    await s.close();
  }
});

test('readOrganizationsApart: every organization failing throws the first error, nothing told', async () => {
  const s = await serverByKey();
  try {
    const told: OrganizationFailure[] = [];
    await assert.rejects(
      readOrganizationsApart(s.orgs([500, 401]), readCosts, (f) => told.push(f)),
      (e: Error) => e.name === 'InternalServerError',
    );
    assert.deepEqual(told, []);
  } finally {
    await s.close();
  }
});

test('readOrganizationsApart: an error that is not the API failing one organization (a bug, a bad query) is rethrown', async () => {
  const s = await serverByKey();
  try {
    const orgs = s.orgs(['ok', 'ok']);
    const told: OrganizationFailure[] = [];
    const bug = new TypeError('a bug');
    await assert.rejects(
      readOrganizationsApart(
        orgs,
        (o) => (o === orgs[1] ? Promise.reject(bug) : readCosts(o)),
        (f) => told.push(f),
      ),
      (e) => e === bug,
    );
    await assert.rejects(
      readOrganizationsApart(
        orgs,
        (o) => o.client.fetchAll('costs', { start_time: 0, bucket_width: '1d', limit: 1000 }),
        (f) => told.push(f),
      ),
      { name: 'InvalidQueryError' },
    );
    assert.deepEqual(told, []);
  } finally {
    await s.close();
  }
});

test('property: readOrganizations is the apart parts merged per bucket, each result tagged with its organization', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          fails: fc.boolean(),
          // Bucket starts (days, any order, some shared) and their values.
          buckets: fc.array(
            fc.record({ day: fc.integer({ min: 0, max: 4 }), ns: fc.array(fc.nat(99), { maxLength: 3 }) }),
            { maxLength: 4 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      async (plan) => {
        const orgs = plan.map((_, i) => org(`org-${i}`, `name-${i}`));
        const readOne = (o: OrganizationRead): Promise<WireBucket<{ n: number }>[]> => {
          const p = plan[orgs.indexOf(o)];
          if (p === undefined || p.fails) return Promise.reject(new ApiConnectionError(`down: ${o.identity.id}`));
          return Promise.resolve(
            p.buckets.map((b) =>
              bucket(
                b.day * 86_400,
                b.ns.map((n) => ({ n })),
              ),
            ),
          );
        };
        if (plan.every((p) => p.fails)) return;
        const apart = await readOrganizationsApart(orgs, readOne, () => undefined);
        const merged = await readOrganizations(orgs, readOne, () => undefined);
        // By plain loops: per start (ascending), every part's results there in part order, tagged.
        const expected = new Map<number, { organization_id: string; organization: string; n: number }[]>();
        for (const p of apart)
          for (const b of p.buckets) {
            const list = expected.get(b.start_time) ?? [];
            expected.set(b.start_time, list);
            for (const r of b.results)
              list.push({ ...r, organization_id: p.organization_id, organization: p.organization });
          }
        assert.deepEqual(
          merged.map((b) => [b.start_time, b.end_time - b.start_time, b.results]),
          [...expected].sort(([a], [b]) => a - b).map(([start, results]) => [start, 86_400, results]),
        );
      },
    ),
    { numRuns: 100 },
  );
});
