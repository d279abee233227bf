import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Directory } from '../../lib/api/index';
import { NO_NAMES, nameResolver, recordsFrame, toCsv, usageTable, usageFrame, withNames } from '../../lib/frames/index';

const P1 = 'proj_FXfezzyMATiAVNphEoiManpB';
const P2 = 'proj_38i6yUqbspzb4wAplmPv2RqO';
const P3 = 'proj_jSOJqZKrKj2RtEiU7ZeRlIh9';
const ARCHIVED = 'proj_loPypRKNbMGqjLejoESybhmq';

const directory: Directory = {
  projects: [
    { id: P1, name: 'Production', createdAt: 1, archivedAt: null, archived: false },
    { id: P2, name: 'Support', createdAt: 1, archivedAt: null, archived: false },
    { id: P3, name: 'Support', createdAt: 1, archivedAt: null, archived: false },
    { id: ARCHIVED, name: 'Legacy', createdAt: 1, archivedAt: 2, archived: true },
    { id: 'proj_unnamed', name: null, createdAt: 1, archivedAt: null, archived: false },
  ],
  users: [
    { id: 'user-a', name: 'Ada', email: 'ada@example.com', role: 'owner', addedAt: 1 },
    { id: 'user-b', name: 'Bob', email: null, role: 'reader', addedAt: 1 },
    { id: 'user-proto', name: null, email: '__proto__', role: 'reader', addedAt: 1 },
  ],
  apiKeys: [
    {
      id: 'key_1',
      projectId: P1,
      name: 'Backend',
      redactedValue: 'sk-proj-***',
      createdAt: 1,
      lastUsedAt: null,
      ownerType: 'user',
      ownerId: 'user-a',
      ownerName: 'Ada',
      ownerEmail: 'ada@example.com',
    },
    {
      id: 'key_2',
      projectId: P2,
      name: 'key_1',
      redactedValue: null,
      createdAt: 1,
      lastUsedAt: null,
      ownerType: 'service_account',
      ownerId: 'svc_acct_1',
      ownerName: 'bot',
      ownerEmail: null,
    },
  ],
  serviceAccounts: [{ id: 'svc_acct_1', projectId: P2, name: 'Nightly bot', role: 'member', createdAt: 1 }],
  unlistedProjectIds: [],
};

test('projects are labelled by name, two with one name told apart by the shortest distinct ID tail', () => {
  const names = nameResolver(directory);
  const labels = names.labels('project_id');
  assert.equal(labels.get(P1), 'Production');
  assert.equal(labels.get(P2), `Support (…${P2.slice(-5)})`);
  assert.equal(labels.get(P3), `Support (…${P3.slice(-5)})`);
  assert.equal(labels.get(ARCHIVED), 'Legacy', 'archived projects keep their names');
  assert.equal(labels.has('proj_unnamed'), false);
  assert.equal(names.label('project_id', 'proj_deleted'), 'proj_deleted', 'an unknown ID shows as its ID');
  assert.equal(names.label('project_id', null), null);
  assert.equal(names.label('model', 'gpt-4o'), 'gpt-4o', 'other dimensions pass through');
});

test('users by email (else name), service accounts by name; keys by name, a name equal to another key ID suffixed', () => {
  const names = nameResolver(directory);
  assert.equal(names.label('user_id', 'user-a'), 'ada@example.com');
  assert.equal(names.label('user_id', 'user-b'), 'Bob');
  assert.equal(names.label('user_id', 'svc_acct_1'), 'Nightly bot');
  assert.equal(names.label('user_id', 'user-proto'), '__proto__');
  assert.equal(names.nameOf('user_id', 'user-b'), null, 'user_email holds emails only');
  assert.equal(names.label('api_key_id', 'key_1'), 'Backend');
  assert.equal(names.label('api_key_id', 'key_2'), 'key_1 (…key_2)');
});

test('withNames puts project_name, user_email and api_key_name right after their IDs; CSV carries both', () => {
  const names = nameResolver(directory);
  const rows = [
    { project_id: P2, user_id: 'user-a', api_key_id: 'key_1', value: 3 },
    { project_id: 'proj_deleted', user_id: 'user-x', api_key_id: null, value: 1 },
  ];
  const named = withNames(rows, names);
  assert.deepEqual(Object.keys(named[0] ?? {}), [
    'project_id',
    'project_name',
    'user_id',
    'user_email',
    'api_key_id',
    'api_key_name',
    'value',
  ]);
  assert.deepEqual(
    named.map((r) => [r['project_name'], r['user_email'], r['api_key_name']]),
    [
      ['Support', 'ada@example.com', 'Backend'],
      [null, null, null],
    ],
  );
  assert.deepEqual(
    rows[0] && Object.keys(rows[0]),
    ['project_id', 'user_id', 'api_key_id', 'value'],
    'input untouched',
  );
  const csv = toCsv(withNames(recordsFrame(rows), names)).split('\r\n');
  assert.equal(csv[0], 'project_id,project_name,user_id,user_email,api_key_id,api_key_name,value');
  assert.equal(csv[1], `${P2},Support,user-a,ada@example.com,key_1,Backend,3`);
});

test('an ID column with no ID at all gets no name column, and without names nothing changes', () => {
  const table = usageTable('completions', [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 86400,
      results: [
        {
          object: 'organization.usage.completions.result',
          input_tokens: 1,
          output_tokens: 2,
          num_model_requests: 1,
          project_id: P1,
          user_id: null,
          api_key_id: null,
          model: null,
          batch: null,
        },
      ],
    },
  ]);
  const frame = usageFrame(table);
  const named = withNames(frame, nameResolver(directory));
  assert.deepEqual(
    named.columns.filter((c) => !frame.columns.includes(c)),
    ['project_name'],
  );
  assert.equal(named.columns.indexOf('project_name'), named.columns.indexOf('project_id') + 1);
  assert.deepEqual(withNames(frame, NO_NAMES).columns, frame.columns);
  assert.deepEqual(Object.keys(withNames([{ project_id: P1 }], NO_NAMES)[0] ?? {}), ['project_id']);
  assert.equal(NO_NAMES.label('project_id', P1), P1);
});

test('a hostile project name stays plain data: an own "__proto__" key and markup as text', () => {
  const hostile: Directory = {
    ...directory,
    projects: [{ id: P1, name: '<b>x</b>\u202E', createdAt: 1, archivedAt: null, archived: false }],
  };
  const named = withNames([{ project_id: P1 }], nameResolver(hostile));
  assert.equal(named[0]?.['project_name'], '<b>x</b>\u202E');
  const protoRow = withNames(
    [JSON.parse('{"project_id":"p","__proto__":"x"}') as Record<string, string>],
    nameResolver(hostile),
  );
  assert.equal(Object.getPrototypeOf(protoRow[0]), Object.prototype);
  assert.ok(Object.prototype.hasOwnProperty.call(protoRow[0], '__proto__'));
});

test('labels() without a dimension names every ID (for charts whose grouping a reader may change)', () => {
  const all = nameResolver(directory).labels();
  assert.equal(all.get(P1), 'Production');
  assert.equal(all.get('user-a'), 'ada@example.com');
  assert.equal(all.get('key_1'), 'Backend');
  assert.equal(all.has('gpt-4o'), false);
  assert.equal(NO_NAMES.labels().size, 0);
});
