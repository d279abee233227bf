import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Directory } from '../../lib/api/index';
import { NO_NAMES, nameResolver, recordsFrame, toCsv, usageTable, usageFrame } from '../../lib/frames/index';
import { withNames } from '../../lib/frames/name-columns';
import { P1, P2, directory } from './names-fixture';

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

test('a frame keeps every other column and its dtype; the name column is text; the input frame is not changed', () => {
  const frame = recordsFrame([
    { project_id: P1, requests: 3, share: 0.5 },
    { project_id: 'proj_gone', requests: 4, share: 0.25 },
  ]);
  const before = { columns: [...frame.columns], dtypes: [...frame.dtypes] };
  const named = withNames(frame, nameResolver(directory));
  assert.deepEqual(named.columns, ['project_id', 'project_name', 'requests', 'share']);
  assert.deepEqual(named.dtypes, ['string', 'string', 'int32', 'float32']);
  assert.deepEqual(named.values, [
    [P1, 'Production', 3, 0.5],
    ['proj_gone', null, 4, 0.25],
  ]);
  assert.deepEqual({ columns: frame.columns, dtypes: frame.dtypes }, before);
});

test('a name column already there is not added twice; a row without the ID still gets its name column, null', () => {
  const names = nameResolver(directory);
  const already = withNames([{ project_id: P1, project_name: 'mine' }], names);
  assert.deepEqual(already, [{ project_id: P1, project_name: 'mine' }]);
  const ragged = withNames([{ project_id: P2 }, { value: 1 }], names);
  assert.deepEqual(ragged, [
    { project_id: P2, project_name: 'Support' },
    { project_name: null, value: 1 },
  ]);
});

test('without names, records come back as copies (a caller may change them), in their own key order', () => {
  const rows = [{ project_id: P1, value: 1 }];
  const out = withNames(rows, NO_NAMES);
  assert.deepEqual(out, rows);
  assert.notEqual(out[0], rows[0]);
  assert.deepEqual(withNames([], nameResolver(directory)), []);
});
