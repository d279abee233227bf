import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectLabels } from '../../lib/dashboard/project-labels';

test('a name two organizations share reads "name (organization)"; twice in one organization, "name (organization, …id tail)"', () => {
  const labels = projectLabels([
    { id: 'proj_a1', name: 'Production', organization: 'acme' },
    { id: 'proj_g1', name: 'Production', organization: 'globex' },
    { id: 'proj_a2', name: 'Support', organization: 'acme' },
    { id: 'proj_a3', name: 'Support', organization: 'acme' },
    { id: 'proj_g2', name: 'Support', organization: 'globex' },
    { id: 'proj_g3', name: 'Research', organization: 'globex' },
    { id: 'proj_x', name: 'proj_x' },
  ]);
  assert.deepEqual(Object.fromEntries(labels), {
    proj_a1: 'Production (acme)',
    proj_g1: 'Production (globex)',
    proj_a2: 'Support (acme, …oj_a2)',
    proj_a3: 'Support (acme, …oj_a3)',
    proj_g2: 'Support (globex)',
    proj_g3: 'Research',
    proj_x: 'proj_x',
  });
  // One organization (no organization on the entries): the ID's tail tells same names apart, as notebooks do.
  assert.deepEqual(
    [
      ...projectLabels([
        { id: 'p1', name: 'Same' },
        { id: 'p2', name: 'Same' },
      ]).values(),
    ],
    ['Same (…p1)', 'Same (…p2)'],
  );
});

test('project labels: the name, "name (…id tail)" when names collide, the id when there is no name', () => {
  const labels = projectLabels([
    { id: 'p1', name: 'Search' },
    { id: 'p2', name: 'Chat' },
    { id: 'p3', name: 'Chat' },
    { id: 'p4', name: 'p4' },
    { id: 'p5', name: '' },
  ]);
  assert.deepEqual(
    [...labels],
    [
      ['p1', 'Search'],
      ['p2', 'Chat (…p2)'],
      ['p3', 'Chat (…p3)'],
      ['p4', 'p4'],
      ['p5', 'p5'],
    ],
  );
});
