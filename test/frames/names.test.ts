import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_NAMES, nameResolver } from '../../lib/frames/index';
import { ARCHIVED, P1, P2, P3, directory } from './names-fixture';

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

test('labels() without a dimension names every ID (for charts whose grouping a reader may change)', () => {
  const all = nameResolver(directory).labels();
  assert.equal(all.get(P1), 'Production');
  assert.equal(all.get('user-a'), 'ada@example.com');
  assert.equal(all.get('key_1'), 'Backend');
  assert.equal(all.has('gpt-4o'), false);
  assert.equal(NO_NAMES.labels().size, 0);
});
