import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidParams } from '../../lib/notebook/notebook-params';
import { selectOrganizations } from '../../lib/notebook/select-organizations';

test('selectOrganizations picks configured names in any case, keeps configured order, and names the unknown', () => {
  const orgs = { organizations: [{ name: 'acme' }, { name: 'globex' }, { name: 'initech' }] };
  assert.deepEqual(selectOrganizations(orgs, null).organizations, orgs.organizations);
  assert.deepEqual(
    selectOrganizations(orgs, ['INITECH', 'Acme']).organizations.map((o) => o.name),
    ['acme', 'initech'],
  );
  assert.throws(
    () => selectOrganizations(orgs, ['acme', 'umbrella']),
    (e: Error) =>
      e instanceof InvalidParams &&
      e.message === 'invalid organizations: ["umbrella"] (configured: acme, globex, initech)',
  );
});

test('an empty list selects none; a name given twice selects it once; every unknown name is listed', () => {
  const orgs = {
    organizations: [
      { name: 'Acme', id: 'org-1' },
      { name: 'Globex', id: 'org-2' },
    ],
  };
  assert.deepEqual(selectOrganizations(orgs, []).organizations, []);
  assert.deepEqual(selectOrganizations(orgs, ['acme', 'ACME']).organizations, [{ name: 'Acme', id: 'org-1' }]);
  assert.throws(
    () => selectOrganizations(orgs, ['x', 'acme', '<y>']),
    /^InvalidParams: invalid organizations: \["x","<y>"\] \(configured: Acme, Globex\)$/,
  );
  const all = selectOrganizations(orgs, null).organizations;
  assert.notEqual(all, orgs.organizations, 'a copy: the caller may change it');
});
