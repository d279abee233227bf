import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeOrganizations } from '../../lib/insights/merge-organizations';

test('rows of every organization in order, each with its organization first; the parts are not changed', () => {
  const acme = [
    { date: '2026-11-01', amount: 1.5 },
    { date: '2026-11-02', amount: 2 },
  ];
  const merged = mergeOrganizations([
    { organization: 'acme', rows: acme },
    { organization: 'globex', rows: [{ date: '2026-11-01', amount: 4 }] },
    { organization: 'empty', rows: [] },
  ]);
  assert.deepEqual(merged, [
    { organization: 'acme', date: '2026-11-01', amount: 1.5 },
    { organization: 'acme', date: '2026-11-02', amount: 2 },
    { organization: 'globex', date: '2026-11-01', amount: 4 },
  ]);
  assert.deepEqual(Object.keys(merged[0] ?? {}), ['organization', 'date', 'amount']);
  assert.deepEqual(acme[0], { date: '2026-11-01', amount: 1.5 });
  assert.deepEqual(mergeOrganizations([]), []);
});

test('an organization named twice or without a name is refused, naming it', () => {
  const rows = [{ amount: 1 }];
  assert.throws(
    () =>
      mergeOrganizations([
        { organization: 'acme', rows },
        { organization: 'acme', rows },
      ]),
    /^RangeError: invalid organization: "acme" \(given twice\)$/,
  );
  assert.throws(() => mergeOrganizations([{ organization: '', rows }]), /^RangeError: invalid organization: ""$/);
});
