import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { readDirectory, replaceDirectory } from '../../lib/store/directory-table';
import type { StoreContext } from '../../lib/store/sql-driver';
import type { DirectoryEntry } from '../../lib/store/store';
import { MemoryStore } from './memory-store';

let store: MemoryStore;
let ctx: StoreContext;
before(async () => {
  store = await MemoryStore.open();
  ctx = store.context();
});
after(() => store.close());

let organizations = 0;
const freshOrganization = (): string => `org-${String(++organizations).padStart(4, '0')}`;
const entry = (o: Partial<DirectoryEntry> = {}): DirectoryEntry => ({
  kind: 'project',
  id: 'proj_a',
  name: 'Alpha',
  parent_id: null,
  attributes: {},
  ...o,
});

test('replaceDirectory replaces one organization as a whole; readDirectory sorts by organization, kind, id', async () => {
  const [a, b] = [freshOrganization(), freshOrganization()];
  await replaceDirectory(ctx, a, [entry({ id: 'proj_z' }), entry({ id: 'proj_a' })], 100);
  await replaceDirectory(
    ctx,
    b,
    [
      entry({ kind: 'user', id: 'user_1', name: null, attributes: { email: 'ann@example.com', role: null } }),
      entry({ kind: 'api_key', id: 'key_1', name: 'ci', parent_id: 'proj_b', attributes: { nested: { n: [1, 2] } } }),
    ],
    100,
  );
  assert.deepEqual(await readDirectory(ctx, [b, a]), [
    { organization_id: a, kind: 'project', id: 'proj_a', name: 'Alpha', parent_id: null, attributes: {} },
    { organization_id: a, kind: 'project', id: 'proj_z', name: 'Alpha', parent_id: null, attributes: {} },
    {
      organization_id: b,
      kind: 'api_key',
      id: 'key_1',
      name: 'ci',
      parent_id: 'proj_b',
      attributes: { nested: { n: [1, 2] } },
    },
    {
      organization_id: b,
      kind: 'user',
      id: 'user_1',
      name: null,
      parent_id: null,
      attributes: { email: 'ann@example.com', role: null },
    },
  ]);
  // The next sync of `a` lists one project: `a` holds just that, `b` is untouched; synced_at is the new sync's.
  await replaceDirectory(ctx, a, [entry({ id: 'proj_new' })], 200);
  assert.deepEqual(
    (await readDirectory(ctx, [a])).map((e) => e.id),
    ['proj_new'],
  );
  assert.deepEqual(await ctx.db.query('SELECT DISTINCT synced_at FROM directory WHERE organization_id = $1', [a]), [
    { synced_at: 200 },
  ]);
  assert.equal((await readDirectory(ctx, [b])).length, 2);
  // An empty directory empties the organization's entries.
  await replaceDirectory(ctx, a, [], 300);
  assert.deepEqual(await readDirectory(ctx, [a]), []);
  assert.equal((await readDirectory(ctx, [b])).length, 2);
});

test('readDirectory: every organization when none is named, none (and no query) for an empty list', async () => {
  const org = freshOrganization();
  await replaceDirectory(ctx, org, [entry()], 1);
  const all = await readDirectory(ctx);
  assert.ok(all.some((e) => e.organization_id === org));
  assert.deepEqual(
    all.map((e) => `${e.organization_id}|${e.kind}|${e.id}`),
    all.map((e) => `${e.organization_id}|${e.kind}|${e.id}`).sort(),
  );
  const asked = store.driver.statements.length;
  assert.deepEqual(await readDirectory(ctx, []), []);
  assert.equal(store.driver.statements.length, asked);
});

test('an entry that cannot be stored leaves the previous directory whole (one transaction)', async () => {
  const org = freshOrganization();
  await replaceDirectory(ctx, org, [entry({ id: 'proj_kept' })], 1);
  await assert.rejects(
    replaceDirectory(ctx, org, [entry({ id: 'proj_new' }), entry({ id: 'proj_bad', attributes: { n: 1n } })], 2),
    /BigInt/,
  );
  assert.deepEqual(
    (await readDirectory(ctx, [org])).map((e) => e.id),
    ['proj_kept'],
  );
});

test('a stored entry without attributes (NULL) reads as {}', async () => {
  const org = freshOrganization();
  await replaceDirectory(ctx, org, [entry()], 1);
  await ctx.db.exec('UPDATE directory SET attributes = NULL WHERE organization_id = $1', [org]);
  assert.deepEqual((await readDirectory(ctx, [org]))[0]?.attributes, {});
});

test('property: what is replaced is what is read back, hostile names and attributes included', async () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
  const arbEntry = fc.record({
    kind: fc.constantFrom('project', 'user', 'api_key', 'service_account'),
    id: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }),
    name: fc.option(text, { nil: null }),
    parent_id: fc.option(text, { nil: null }),
    attributes: fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3, noNullPrototype: true }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(arbEntry, { selector: (e) => `${e.kind}\u0000${e.id}`, maxLength: 6 }),
      async (entries) => {
        const org = freshOrganization();
        await replaceDirectory(ctx, org, entries, 5);
        const back = await readDirectory(ctx, [org]);
        const byKey = (e: { kind: string; id: string }): string => `${e.kind}\u0000${e.id}`;
        const expected = [...entries]
          .sort((x, y) => (byKey(x) < byKey(y) ? -1 : 1))
          .map((e) => ({ organization_id: org, ...e }));
        assert.deepEqual(back, expected);
      },
    ),
    { numRuns: 40 },
  );
});
