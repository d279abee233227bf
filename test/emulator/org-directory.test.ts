import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildOrgDirectory, HOSTILE_FORMULA, HOSTILE_NAME, type OrgDirectory } from '../../lib/emulator/org-directory';
import { buildOrg } from '../../lib/emulator/synthetic-org';

/** The directory as JSON, Maps as their entries in insertion order: what the emulator serves from it. */
const canonical = (dir: OrgDirectory): string =>
  JSON.stringify(dir, (_key, value: unknown) => (value instanceof Map ? [...value.entries()] : value));
const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Digests of buildOrgDirectory's output as the single 128-line function built it (commit d663013^, before the
 * generation and the hostile-name option were separated), for seeds, sizes, odd project IDs and the option; the
 * `/names` entries (option projectNames, added later) from the version before generateKeys and the budgets were
 * split (cc11d9d). Key: seed/projects/users/apiKeys/ids|odd/plain|hostile[/names].
 */
const BEFORE = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'org-directory-digests.json'), 'utf8'),
) as Record<string, string>;

test('buildOrgDirectory: output identical to the implementation before the split, for every recorded combination', () => {
  const keys = Object.keys(BEFORE);
  assert.ok(keys.length > 300, `${keys.length} combinations`);
  assert.ok(keys.some((k) => k.includes('/hostile')) && keys.some((k) => k.endsWith('/names')));
  for (const key of keys) {
    const [seed, projects, users, apiKeys, ids, option, names] = key.split('/');
    const org = buildOrg(
      Number(seed),
      { projects: Number(projects), users: Number(users), apiKeys: Number(apiKeys) },
      ids === 'odd',
    );
    const dir = buildOrgDirectory(org, {
      ...(option === 'hostile' ? { hostileNames: true } : {}),
      ...(names === 'names' ? { projectNames: ['Alpha', '<i>Beta</i>'] } : {}),
    });
    assert.equal(digest(canonical(dir)), BEFORE[key], key);
  }
});

test('the hostile-name option renames the third project, the second user (and their keys) and the first key, nothing else', () => {
  const org = buildOrg(42, { projects: 4, users: 6, apiKeys: 12 });
  const plain = buildOrgDirectory(org);
  const hostile = buildOrgDirectory(org, { hostileNames: true });
  const ids = (d: OrgDirectory): string[] => [
    ...d.projects.map((p) => p.id),
    ...d.users.map((u) => u.id),
    ...[...d.apiKeys.values()].flat().map((k) => k.id),
  ];
  assert.deepEqual(ids(hostile), ids(plain));
  assert.deepEqual(
    hostile.projects.map((p) => p.name),
    plain.projects.map((p, i) => (i === 2 ? HOSTILE_NAME : p.name)),
  );
  assert.deepEqual(
    hostile.users.map((u) => u.name),
    plain.users.map((u, i) => (i === 1 ? HOSTILE_NAME : u.name)),
  );
  const target = plain.users[1]?.id;
  const plainKeys = [...plain.apiKeys.values()].flat();
  const hostileKeys = [...hostile.apiKeys.values()].flat();
  assert.equal(hostileKeys[0]?.name, HOSTILE_FORMULA);
  assert.deepEqual(
    hostileKeys.slice(1).map((k) => k.name),
    plainKeys.slice(1).map((k) => k.name),
  );
  const owned = hostileKeys.filter((k) => k.owner.user?.id === target);
  assert.ok(owned.length > 0, 'the renamed user owns a key');
  assert.ok(owned.every((k) => k.owner.user?.name === HOSTILE_NAME));
  assert.equal(
    canonical({ ...hostile, projects: [], users: [], apiKeys: new Map() }),
    canonical({ ...plain, projects: [], users: [], apiKeys: new Map() }),
  );
});
