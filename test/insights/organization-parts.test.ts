import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  compareOrganizations,
  organizationFields,
  organizationKey,
  organizationParts,
} from '../../lib/insights/organization-parts';

const acme = { organization_id: 'org-acme', organization: 'acme' };
const globex = { organization_id: 'org-globex', organization: 'globex' };

test('fields, keys and order of a tag; none for one organization', () => {
  assert.deepEqual(organizationFields(acme), acme);
  assert.deepEqual(organizationFields(undefined), {});
  assert.equal(organizationKey(undefined), '');
  assert.notEqual(organizationKey(acme), organizationKey(globex));
  assert.ok(compareOrganizations({ ...globex }, { ...acme }) > 0);
  assert.equal(compareOrganizations({ x: 1 }, { y: 2 }), 0);
});

test('rows split by organization, first met first, each part in row order (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ org: fc.constantFrom(acme, globex, undefined), n: fc.nat() })), (spec) => {
      const rows = spec.map(({ org, n }) => ({ ...org, n }));
      const parts = organizationParts(rows);
      const firstMet = [...new Set(spec.map((s) => s.org?.organization_id))];
      assert.deepEqual(
        parts.map((p) => p.tag?.organization_id),
        firstMet,
      );
      for (const p of parts)
        assert.deepEqual(
          p.rows,
          rows.filter((r) => r.organization_id === p.tag?.organization_id),
        );
    }),
  );
});
