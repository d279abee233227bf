import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MalformedResponseError } from '../../lib/api/errors';
import {
  parseApiKey,
  parseListPage,
  parseProject,
  parseServiceAccount,
  parseUser,
} from '../../lib/api/parse-directory';

function malformedAt(path: string, detail?: RegExp) {
  return (e: unknown): boolean =>
    e instanceof MalformedResponseError && e.jsonPath === path && (detail === undefined || detail.test(e.detail));
}

test('parseListPage: the items, and the cursor only while has_more', () => {
  assert.deepEqual(parseListPage({ object: 'list', data: [1, 2], has_more: false, last_id: 'b' }), {
    data: [1, 2],
    next: null,
  });
  assert.deepEqual(parseListPage({ object: 'list', data: [{ id: 'a' }], has_more: true, last_id: 'a' }), {
    data: [{ id: 'a' }],
    next: 'a',
  });
  assert.deepEqual(parseListPage({ object: 'list', data: [], has_more: false }), { data: [], next: null });
});

test('parseListPage: what is not a list page fails naming where', () => {
  assert.throws(() => parseListPage(null), malformedAt('$', /^expected an object, got null$/));
  assert.throws(() => parseListPage([]), malformedAt('$', /expected an object/));
  assert.throws(
    () => parseListPage({ object: 'page', data: [] }),
    malformedAt('$.object', /expected "list", got "page"/),
  );
  assert.throws(() => parseListPage({ object: 'list', data: {}, has_more: false }), malformedAt('$.data'));
  assert.throws(
    () => parseListPage({ object: 'list', data: [], has_more: 'no' }),
    malformedAt('$.has_more', /got "no"/),
  );
  for (const last of [undefined, null, '', 7])
    assert.throws(
      () => parseListPage({ object: 'list', data: [], has_more: true, last_id: last }),
      malformedAt('$.last_id', /^has_more is true but last_id is /),
      String(last),
    );
});

test('parseProject: camelCase, null where nothing was given, archived by status or by a date', () => {
  const wire = { object: 'organization.project', id: 'proj_1', name: 'Prod', created_at: 1700000000, status: 'active' };
  assert.deepEqual(parseProject(wire, '$.data[0]'), {
    id: 'proj_1',
    name: 'Prod',
    createdAt: 1700000000,
    archivedAt: null,
    archived: false,
  });
  assert.equal(parseProject({ ...wire, status: 'archived' }, '$').archived, true);
  const dated = parseProject({ ...wire, archived_at: 1710000000, name: null, extra: { x: 1 } }, '$');
  assert.deepEqual([dated.archived, dated.archivedAt, dated.name], [true, 1710000000, null]);
  assert.throws(
    () => parseProject({ ...wire, object: 'organization.user' }, '$.data[3]'),
    malformedAt('$.data[3].object'),
  );
  assert.throws(() => parseProject({ ...wire, id: 5 }, '$.data[1]'), malformedAt('$.data[1].id', /got 5/));
  assert.throws(() => parseProject({ ...wire, name: 3 }, '$'), malformedAt('$.name', /a string or null, got 3/));
  assert.throws(() => parseProject({ ...wire, created_at: '2024' }, '$'), malformedAt('$.created_at', /Unix seconds/));
  assert.throws(() => parseProject({ ...wire, created_at: undefined }, '$'), malformedAt('$.created_at'));
  assert.throws(() => parseProject({ ...wire, archived_at: 'x' }, '$'), malformedAt('$.archived_at'));
  // JSON.parse gives Infinity for 1e999: not a time.
  assert.throws(() => parseProject({ ...wire, created_at: Infinity }, '$'), malformedAt('$.created_at'));
});

test('an ID is any string, hostile ones included: only compared and shown escaped, never trusted', () => {
  for (const id of ['', '..', 'proj/eu', '<img src=x>', '\u202Eevil'])
    assert.equal(parseProject({ object: 'organization.project', id, created_at: 0 }, '$').id, id);
});

test('parseUser and parseServiceAccount', () => {
  assert.deepEqual(
    parseUser(
      { object: 'organization.user', id: 'user-1', name: 'Ada', email: 'ada@x.io', role: 'owner', added_at: 5 },
      '$',
    ),
    { id: 'user-1', name: 'Ada', email: 'ada@x.io', role: 'owner', addedAt: 5 },
  );
  assert.deepEqual(parseUser({ object: 'organization.user', id: 'u', added_at: 0 }, '$'), {
    id: 'u',
    name: null,
    email: null,
    role: null,
    addedAt: 0,
  });
  assert.throws(
    () => parseUser({ object: 'organization.user', id: 'u' }, '$.data[2]'),
    malformedAt('$.data[2].added_at'),
  );
  assert.deepEqual(
    parseServiceAccount(
      { object: 'organization.project.service_account', id: 'svc', name: 'bot', role: 'member', created_at: 9 },
      '$',
      'proj_9',
    ),
    { id: 'svc', projectId: 'proj_9', name: 'bot', role: 'member', createdAt: 9 },
  );
  assert.throws(
    () => parseServiceAccount({ object: 'organization.project.api_key', id: 's', created_at: 1 }, '$', 'p'),
    malformedAt('$.object', /expected "organization.project.service_account"/),
  );
});

test('parseApiKey: the owner user (with email) or service account (without), or none', () => {
  const key = {
    object: 'organization.project.api_key',
    id: 'key_1',
    name: 'ci',
    redacted_value: 'sk-...abc',
    created_at: 10,
    last_used_at: 20,
  };
  const user = { type: 'user', user: { id: 'user-1', name: 'Ada', email: 'ada@x.io', role: 'owner', added_at: 1 } };
  assert.deepEqual(parseApiKey({ ...key, owner: user }, '$', 'proj_1'), {
    id: 'key_1',
    projectId: 'proj_1',
    name: 'ci',
    redactedValue: 'sk-...abc',
    createdAt: 10,
    lastUsedAt: 20,
    ownerType: 'user',
    ownerId: 'user-1',
    ownerName: 'Ada',
    ownerEmail: 'ada@x.io',
  });
  const service = { type: 'service_account', service_account: { id: 'svc', name: 'bot', email: 'ignored@x.io' } };
  const s = parseApiKey({ ...key, owner: service, last_used_at: null }, '$', 'p');
  assert.deepEqual(
    [s.ownerType, s.ownerId, s.ownerName, s.ownerEmail, s.lastUsedAt],
    ['service_account', 'svc', 'bot', null, null],
  );
  for (const owner of [undefined, null, {}]) {
    const none = parseApiKey({ ...key, owner }, '$', 'p');
    assert.deepEqual([none.ownerType, none.ownerId, none.ownerName, none.ownerEmail], [null, null, null, null]);
  }
  // A type without its object: the type is known, the owner not.
  const typed = parseApiKey({ ...key, owner: { type: 'user', user: null } }, '$', 'p');
  assert.deepEqual([typed.ownerType, typed.ownerId], ['user', null]);
});

test('parseApiKey: a bad owner fails naming the path inside the owner', () => {
  const key = { object: 'organization.project.api_key', id: 'k', created_at: 1 };
  assert.throws(() => parseApiKey({ ...key, owner: 'ada' }, '$.data[4]', 'p'), malformedAt('$.data[4].owner'));
  assert.throws(
    () => parseApiKey({ ...key, owner: { type: 'robot' } }, '$', 'p'),
    malformedAt('$.owner.type', /expected user or service_account, got "robot"/),
  );
  assert.throws(
    () => parseApiKey({ ...key, owner: { type: 'user', user: [] } }, '$', 'p'),
    malformedAt('$.owner.user', /expected an object/),
  );
  assert.throws(
    () => parseApiKey({ ...key, owner: { type: 'service_account', service_account: { name: 'x' } } }, '$', 'p'),
    malformedAt('$.owner.service_account.id'),
  );
  assert.throws(
    () => parseApiKey({ ...key, owner: { type: 'user', user: { id: 'u', email: 1 } } }, '$', 'p'),
    malformedAt('$.owner.user.email'),
  );
});

test('property: any well-formed user parses to the same values, whatever extra fields it carries', () => {
  const text = fc.option(fc.string(), { nil: null });
  fc.assert(
    fc.property(
      fc.string(),
      text,
      text,
      text,
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.dictionary(
        fc.string().filter((k) => !['id', 'name', 'email', 'role', 'added_at', 'object'].includes(k)),
        fc.jsonValue(),
      ),
      (id, name, email, role, addedAt, extra) => {
        const wire = { ...extra, object: 'organization.user', id, name, email, role, added_at: addedAt };
        assert.deepEqual(parseUser(JSON.parse(JSON.stringify(wire)), '$'), { id, name, email, role, addedAt });
      },
    ),
  );
});

test('property: any value that is not an object is refused at the given path, never parsed', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue())),
      fc.string(),
      (v, path) => {
        assert.throws(() => parseProject(v, path), malformedAt(path, /^expected an object, got /));
        assert.throws(() => parseApiKey(v, path, 'p'), malformedAt(path));
      },
    ),
  );
});
