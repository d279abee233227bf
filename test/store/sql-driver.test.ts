import assert from 'node:assert/strict';
import { test } from 'node:test';
import { organizationFilter } from '../../lib/store/sql-driver';

test('organizationFilter: every organization, these ones (each once, numbered parameters), or none', () => {
  assert.deepEqual(organizationFilter(undefined), { where: '', params: [] });
  assert.deepEqual(organizationFilter(['org-b', 'org-a', 'org-b']), {
    where: 'WHERE organization_id IN ($1, $2) ',
    params: ['org-b', 'org-a'],
  });
  // An ID is a parameter, never SQL text.
  assert.deepEqual(organizationFilter(["x') OR ('1'='1"]), {
    where: 'WHERE organization_id IN ($1) ',
    params: ["x') OR ('1'='1"],
  });
  assert.equal(organizationFilter([]), null);
});
