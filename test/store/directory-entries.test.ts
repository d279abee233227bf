import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  NotFoundError,
  type Directory,
  type DirectorySource,
  type JsonResult,
  type SpendAlert,
  type SpendLimit,
} from '../../lib/api/index';
import {
  SPEND_KINDS,
  directoryEntries,
  directoryFromEntries,
  spendLimitEntries,
  storedSpendLimits,
} from '../../lib/store/directory-entries';
import type { DirectoryEntry } from '../../lib/store/store';
import { MemoryStore } from './memory-store';

/** Directory answers by path: a body, or 404 (what the API answers for "no limit configured"). */
function source(bodies: Readonly<Record<string, unknown>>): DirectorySource & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    getJson(path: string): Promise<JsonResult> {
      paths.push(path);
      if (!(path in bodies))
        return Promise.reject(
          new NotFoundError({
            status: 404,
            method: 'GET',
            path,
            requestId: undefined,
            apiMessage: 'not found',
            type: null,
            code: null,
            param: null,
            headers: {},
          }),
        );
      return Promise.resolve({ body: bodies[path], requestId: undefined });
    },
  };
}

const limitBody = (cents: number, status = 'enforcing') => ({
  object: 'organization.spend_limit',
  threshold_amount: cents,
  currency: 'USD',
  interval: 'month',
  enforcement: { status },
});
const alertsPage = (ids: readonly string[]) => ({
  object: 'list',
  data: ids.map((id, i) => ({
    object: 'organization.spend_alert',
    id,
    threshold_amount: 1000 * (i + 1),
    currency: 'USD',
    interval: 'month',
    notification_channel: { type: 'email', recipients: [`${id}@example.com`] },
  })),
  has_more: false,
});

describe('directoryEntries', () => {
  test('one row per listed object, by kind; the project of keys and accounts is the parent; redacted values dropped', () => {
    // Every field the client parsed, the redacted key value among them.
    const key = { id: 'key_1', name: 'ci', projectId: 'proj_a', redactedValue: 'sk-...abcd', ownerId: 'user_1' };
    assert.deepEqual(
      directoryEntries({
        projects: [{ id: 'proj_a', name: 'Alpha' }],
        users: [{ id: 'user_1', name: null }],
        apiKeys: [key],
        serviceAccounts: [{ id: 'svc_1', name: 'bot', projectId: 'proj_a' }],
      }),
      [
        { kind: 'project', id: 'proj_a', name: 'Alpha', parent_id: null, attributes: {} },
        { kind: 'user', id: 'user_1', name: null, parent_id: null, attributes: {} },
        { kind: 'api_key', id: 'key_1', name: 'ci', parent_id: 'proj_a', attributes: { ownerId: 'user_1' } },
        { kind: 'service_account', id: 'svc_1', name: 'bot', parent_id: 'proj_a', attributes: {} },
      ],
    );
    assert.deepEqual(directoryEntries({}), []);
  });
});

/** Any directory as the client returns it (ids unique per kind). */
const arbDirectory: fc.Arbitrary<Directory> = (() => {
  const id = fc.string({ minLength: 1, maxLength: 8 });
  const text = fc.option(fc.string({ maxLength: 10 }), { nil: null });
  const time = fc.integer({ min: 0, max: 2_000_000_000 });
  const timeOrNull = fc.option(time, { nil: null });
  // Plain objects, as JSON parsing and the client make them.
  const NORMAL = { noNullPrototype: true } as const;
  return fc.record(
    {
      projects: fc.uniqueArray(
        fc.record({ id, name: text, createdAt: time, archivedAt: timeOrNull, archived: fc.boolean() }, NORMAL),
        { selector: (p) => p.id, maxLength: 4 },
      ),
      users: fc.uniqueArray(fc.record({ id, name: text, email: text, role: text, addedAt: time }, NORMAL), {
        selector: (u) => u.id,
        maxLength: 4,
      }),
      apiKeys: fc.uniqueArray(
        fc.record(
          {
            id,
            projectId: id,
            name: text,
            redactedValue: text,
            createdAt: time,
            lastUsedAt: timeOrNull,
            ownerType: fc.constantFrom('user' as const, 'service_account' as const, null),
            ownerId: text,
            ownerName: text,
            ownerEmail: text,
          },
          NORMAL,
        ),
        { selector: (k) => k.id, maxLength: 4 },
      ),
      serviceAccounts: fc.uniqueArray(
        fc.record({ id, projectId: id, name: text, role: text, createdAt: time }, NORMAL),
        {
          selector: (s) => s.id,
          maxLength: 4,
        },
      ),
      unlistedProjectIds: fc.constant<string[]>([]),
    },
    NORMAL,
  );
})();

describe('directoryFromEntries', () => {
  test('property: the directory stored as entries comes back the same, but for the redacted key values', () => {
    fc.assert(
      fc.property(arbDirectory, (dir) => {
        const back = directoryFromEntries(directoryEntries(dir));
        assert.deepEqual(back, { ...dir, apiKeys: dir.apiKeys.map((k) => ({ ...k, redactedValue: null })) });
      }),
    );
  });

  test('attributes of the wrong type read as their defaults; other kinds (spend limits) are not names', () => {
    const entry = (kind: string, attributes: Record<string, unknown>): DirectoryEntry => ({
      kind,
      id: `${kind}-1`,
      name: null,
      parent_id: null,
      attributes,
    });
    const dir = directoryFromEntries([
      entry('project', { createdAt: '2025', archivedAt: 'never', archived: 'yes' }),
      entry('user', { email: 42, role: ['admin'], addedAt: null }),
      entry('api_key', { ownerType: 'robot', ownerId: 7, createdAt: 5, lastUsedAt: 6 }),
      entry('service_account', { role: null }),
      entry(SPEND_KINDS.organizationLimit, { thresholdCents: 100 }),
      entry('invite', {}),
    ]);
    assert.deepEqual(dir, {
      projects: [{ id: 'project-1', name: null, createdAt: 0, archivedAt: null, archived: false }],
      users: [{ id: 'user-1', name: null, email: null, role: null, addedAt: 0 }],
      apiKeys: [
        {
          id: 'api_key-1',
          projectId: '',
          name: null,
          redactedValue: null,
          createdAt: 5,
          lastUsedAt: 6,
          ownerType: null,
          ownerId: null,
          ownerName: null,
          ownerEmail: null,
        },
      ],
      serviceAccounts: [{ id: 'service_account-1', projectId: '', name: null, role: null, createdAt: 0 }],
      unlistedProjectIds: [],
    });
  });
});

describe('spendLimitEntries', () => {
  test('the organization limit, the alerts, each project limit there is, and the "read" mark last', async () => {
    const src = source({
      '/organization/spend_limit': limitBody(50_000),
      '/organization/spend_alerts': alertsPage(['alert_b', 'alert_a']),
      '/organization/projects/proj_a/spend_limit': { ...limitBody(1234, 'inactive'), object: 'project.spend_limit' },
    });
    const entries = await spendLimitEntries(src, ['proj_a', 'proj_none']);
    assert.deepEqual(entries, [
      {
        kind: 'organization_spend_limit',
        id: 'organization',
        name: null,
        parent_id: null,
        attributes: {
          scope: 'organization',
          projectId: null,
          thresholdCents: 50_000,
          thresholdAmount: 500,
          currency: 'USD',
          interval: 'month',
          enforcing: true,
        },
      },
      {
        kind: 'spend_alert',
        id: 'alert_b',
        name: null,
        parent_id: null,
        attributes: {
          id: 'alert_b',
          thresholdCents: 1000,
          thresholdAmount: 10,
          currency: 'USD',
          interval: 'month',
          recipients: ['alert_b@example.com'],
        },
      },
      {
        kind: 'spend_alert',
        id: 'alert_a',
        name: null,
        parent_id: null,
        attributes: {
          id: 'alert_a',
          thresholdCents: 2000,
          thresholdAmount: 20,
          currency: 'USD',
          interval: 'month',
          recipients: ['alert_a@example.com'],
        },
      },
      {
        kind: 'project_spend_limit',
        id: 'proj_a',
        name: null,
        parent_id: 'proj_a',
        attributes: {
          scope: 'project',
          projectId: 'proj_a',
          thresholdCents: 1234,
          thresholdAmount: 12.34,
          currency: 'USD',
          interval: 'month',
          enforcing: false,
        },
      },
      { kind: 'spend_limits_read', id: 'organization', name: null, parent_id: null, attributes: {} },
    ]);
  });

  test('a project ID no URL path can carry is skipped without a request; no limits at all still marks "read"', async () => {
    const src = source({ '/organization/spend_alerts': alertsPage([]) });
    const entries = await spendLimitEntries(src, ['', '..', 'a/b', 'proj ok']);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['spend_limits_read'],
    );
    assert.deepEqual(src.paths, [
      '/organization/spend_limit',
      '/organization/spend_alerts',
      '/organization/projects/proj%20ok/spend_limit',
    ]);
  });

  test('a failure other than "none configured" is not swallowed', async () => {
    const src = source({ '/organization/spend_limit': { threshold_amount: 'lots' } });
    await assert.rejects(spendLimitEntries(src, []), { name: 'MalformedResponseError' });
  });
});

describe('storedSpendLimits', () => {
  let store: MemoryStore;
  before(async () => {
    store = await MemoryStore.open();
  });
  after(() => store.close());

  const limit = (projectId: string | null, cents: number): SpendLimit => ({
    scope: projectId === null ? 'organization' : 'project',
    projectId,
    thresholdCents: cents,
    thresholdAmount: cents / 100,
    currency: 'USD',
    interval: 'month',
    enforcing: cents % 2 === 0,
  });
  const alert = (id: string): SpendAlert => ({
    id,
    thresholdCents: 100,
    thresholdAmount: 1,
    currency: 'USD',
    interval: 'month',
    recipients: ['a@example.com'],
  });

  test('what a directory sync stored, in lib/api shapes, sorted by ID; only this organization', async () => {
    const src = source({
      '/organization/spend_limit': limitBody(90_000),
      '/organization/spend_alerts': alertsPage(['alert_z', 'alert_b']),
      '/organization/projects/proj_b/spend_limit': limitBody(200),
      '/organization/projects/proj_a/spend_limit': limitBody(301, 'inactive'),
    });
    await store.replaceDirectory('org-1', await spendLimitEntries(src, ['proj_b', 'proj_a']), 1);
    await store.replaceDirectory(
      'org-2',
      await spendLimitEntries(source({ '/organization/spend_alerts': alertsPage([]) }), []),
      1,
    );
    const stored = await storedSpendLimits(store, 'org-1');
    assert.equal(stored.read, true);
    assert.deepEqual(stored.organizationLimit, { ...limit(null, 90_000), enforcing: true });
    assert.deepEqual(stored.projectLimits, [
      { ...limit('proj_a', 301), enforcing: false },
      { ...limit('proj_b', 200), enforcing: true },
    ]);
    assert.deepEqual(
      stored.alerts.map((a) => [a.id, a.thresholdCents, a.recipients]),
      [
        ['alert_b', 2000, ['alert_b@example.com']],
        ['alert_z', 1000, ['alert_z@example.com']],
      ],
    );
    assert.deepEqual(await storedSpendLimits(store, 'org-2'), {
      read: true,
      organizationLimit: null,
      projectLimits: [],
      alerts: [],
    });
  });

  test('never read: "read" is false and the rest empty', async () => {
    await store.replaceDirectory('org-names-only', directoryEntries({ projects: [{ id: 'p', name: 'P' }] }), 1);
    assert.deepEqual(await storedSpendLimits(store, 'org-names-only'), {
      read: false,
      organizationLimit: null,
      projectLimits: [],
      alerts: [],
    });
    assert.deepEqual((await storedSpendLimits(store, 'org-unknown')).read, false);
  });

  test('stored attributes of the wrong shape are left out, not guessed; alert recipients keep only text', async () => {
    const entry = (kind: string, id: string, attributes: Record<string, unknown>): DirectoryEntry => ({
      kind,
      id,
      name: null,
      parent_id: null,
      attributes,
    });
    await store.replaceDirectory(
      'org-odd',
      [
        entry(SPEND_KINDS.organizationLimit, 'organization', { ...limit(null, 5), scope: 'team' }),
        entry(SPEND_KINDS.projectLimit, 'p1', { ...limit('p1', 5), thresholdCents: '5' }),
        entry(SPEND_KINDS.projectLimit, 'p2', { ...limit('p2', 6), enforcing: 'yes' }),
        entry(SPEND_KINDS.alert, 'a1', { ...alert('a1'), currency: null }),
        entry(SPEND_KINDS.alert, 'a2', { ...alert('a2'), recipients: ['x@example.com', 3, null] }),
        entry(SPEND_KINDS.alert, 'a3', { ...alert('a3'), recipients: 'x@example.com' }),
        entry(SPEND_KINDS.read, 'organization', {}),
      ],
      1,
    );
    const stored = await storedSpendLimits(store, 'org-odd');
    assert.equal(stored.organizationLimit, null);
    assert.deepEqual(stored.projectLimits, [{ ...limit('p2', 6), enforcing: false }]);
    assert.deepEqual(stored.alerts, [
      { ...alert('a2'), recipients: ['x@example.com'] },
      { ...alert('a3'), recipients: [] },
    ]);
  });
});
