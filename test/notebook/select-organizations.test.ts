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
