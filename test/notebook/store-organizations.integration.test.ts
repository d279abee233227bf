import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import type { RunningEmulator } from '../../lib/emulator/index';
import { InvalidParams } from '../../lib/notebook/notebook-params';
import { storeNamesLoader, storeReader } from '../../lib/notebook/store-reader';
import { openStore } from '../../lib/store/index';
import { usageTable, usageTableFromColumns } from '../../lib/frames/index';
import { startTwoOrganizations, syncTwoOrganizations, TWO_ORGANIZATIONS as ORGS } from '../helpers/two-organizations';
import { tempDir } from '../store/helpers';
import { getAllBuckets } from '../emulator/helpers';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01 00:00 UTC
const emulators: RunningEmulator[] = [];
let tmp: { dir: string; remove: () => void };
let file = '';

before(async () => {
  tmp = tempDir('store-orgs-');
  file = path.join(tmp.dir, 'orgs.duckdb');
  emulators.push(...(await startTwoOrganizations(NOW)));
  await syncTwoOrganizations(file, emulators, { now: NOW, since: NOW - 3 * DAY, endpoints: ['completions'] });
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  tmp?.remove();
});

const inputTokens = (buckets: { results: readonly object[] }[]): number =>
  buckets.reduce(
    (a, b) =>
      a +
      b.results.reduce(
        (s, r) => s + ('input_tokens' in r && typeof r.input_tokens === 'number' ? r.input_tokens : 0),
        0,
      ),
    0,
  );

test('the organizations parameter picks stored organizations by name (any case); null reads them summed', async () => {
  const [acme, globex] = emulators;
  assert.ok(acme && globex);
  const query = { start_time: NOW - 3 * DAY, end_time: NOW, bucket_width: '1d' as const };
  const raw = async (emu: RunningEmulator): Promise<number> =>
    inputTokens(
      await getAllBuckets(
        emu.baseURL,
        `/organization/usage/completions?start_time=${query.start_time}&end_time=${NOW}&bucket_width=1d`,
        emu.adminKey,
      ),
    );
  const client = new UsageClient({ apiKey: acme.adminKey, baseURL: acme.baseURL });
  const read = async (organizationNames: readonly string[] | null): Promise<number> => {
    const reader = storeReader({ source: 'store', location: file, client, now: NOW, organizationNames });
    try {
      return inputTokens(await reader.read('completions', query));
    } finally {
      await reader.close();
    }
  };
  try {
    assert.equal(await read(['GLOBEX']), await raw(globex));
    assert.equal(await read(null), (await raw(acme)) + (await raw(globex)));
    await assert.rejects(
      read(['initech']),
      (e: Error) =>
        e instanceof InvalidParams && e.message === 'invalid organizations: ["initech"] (configured: acme, globex)',
    );
    // Apart per organization, as notebook 04's several-organizations section reads them.
    const reader = storeReader({ source: 'store', location: file, client, now: NOW });
    try {
      const apart = await reader.readPerOrganization('completions', query);
      assert.deepEqual([...apart.keys()], ['org-acme-test', 'org-globex-test']);
      assert.equal(inputTokens(apart.get('org-globex-test') ?? []), await raw(globex));
      // The same parts as columns (notebook 04's organizationSpend): each one's table is the table of its buckets.
      const columns = await reader.readColumnsPerOrganization('completions', { ...query, group_by: ['project_id'] });
      const buckets = await reader.readPerOrganization('completions', { ...query, group_by: ['project_id'] });
      assert.deepEqual([...columns.keys()], [...buckets.keys()]);
      for (const [id, read] of columns) {
        assert.equal(read.kind, 'columns', id);
        if (read.kind === 'columns')
          assert.deepEqual(
            usageTableFromColumns('completions', [read.columns]),
            usageTable('completions', buckets.get(id) ?? []),
            id,
          );
      }
      assert.deepEqual(
        (await reader.organizations()).map((o) => o.name),
        ['acme', 'globex'],
      );
    } finally {
      await reader.close();
    }
  } finally {
    client.close();
  }
});

test('several organizations: a project name both use reads "name (organization)" (one suffix), other names as they are', async () => {
  const [acme] = emulators;
  assert.ok(acme);
  // What the store holds, read with plain SQL: the expectation does not go through the names loader.
  const store = await openStore(file);
  const rows = (await store.query(
    "SELECT organization_id, id, name FROM directory WHERE kind = 'project' AND name IS NOT NULL",
  )) as Array<{ organization_id: string; id: string; name: string }>;
  await store.close();
  const orgsOf = new Map<string, Set<string>>();
  for (const r of rows) orgsOf.set(r.name, (orgsOf.get(r.name) ?? new Set()).add(r.organization_id));
  const shared = rows.filter((r) => (orgsOf.get(r.name)?.size ?? 0) > 1);
  const own = rows.filter((r) => (orgsOf.get(r.name)?.size ?? 0) === 1);
  assert.ok(shared.length > 0, 'the two emulated organizations share project names');
  const client = new UsageClient({ apiKey: acme.adminKey, baseURL: acme.baseURL });
  const reader = storeReader({ source: 'store', location: file, client, now: NOW });
  try {
    const names = await storeNamesLoader(reader, assert.fail)();
    const orgName = (id: string): string => ORGS.find((o) => o.id === id)?.name ?? id;
    const inOrganization = (r: (typeof rows)[number]): number =>
      rows.filter((x) => x.name === r.name && x.organization_id === r.organization_id).length;
    for (const r of shared) {
      const label = names.nameOf('project_id', r.id) ?? '';
      const org = orgName(r.organization_id);
      // One suffix: the organization; with the ID's tail inside it where the organization has two of that name.
      if (inOrganization(r) === 1) assert.equal(label, `${r.name} (${org})`);
      else {
        const tail =
          label.startsWith(`${r.name} (${org}, …`) && label.endsWith(')')
            ? label.slice(r.name.length + org.length + 5, -1)
            : '';
        assert.ok(tail.length >= 5 && r.id.endsWith(tail), `${label} names ${org} and the end of ${r.id}`);
      }
    }
    assert.ok(
      shared.some((r) => inOrganization(r) > 1),
      'an organization with two projects of one name',
    );
    const labels = rows.map((r) => names.nameOf('project_id', r.id));
    assert.equal(new Set(labels).size, rows.length, 'every project its own label');
    for (const r of own) assert.equal(names.nameOf('project_id', r.id), r.name);
  } finally {
    await reader.close();
    client.close();
  }
});
