import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAccess, resolveOrganization } from '../../lib/api/index';
import { connect, connectOrganizations, DEMO_ORGANIZATIONS } from '../../lib/demo/index';
import { costTable } from '../../lib/frames/index';
import { mergeOrganizations } from '../../lib/insights/index';

const NOW = 1_767_225_600;

test('the demo serves two organizations with their own data, merged with an organization column', async () => {
  const lines: string[] = [];
  const conn = await connectOrganizations({ env: {}, dotenvPath: null, log: (l) => lines.push(l), now: () => NOW });
  try {
    assert.equal(conn.mode, 'demo');
    assert.deepEqual(
      conn.organizations.map((o) => o.name),
      ['acme', 'globex'],
    );
    assert.match(lines.join('\n'), /two emulated organizations/);
    const parts = [];
    for (const o of conn.organizations) {
      const buckets = await o.client.fetchAll('costs', {
        start_time: NOW - 7 * 86_400,
        end_time: NOW,
        group_by: ['project_id'],
      });
      const t = costTable(buckets);
      const rows = Array.from({ length: t.length }, (_, i) => ({
        project_id: t.projectId.values[t.projectId.codes[i] ?? -1] ?? null,
        amount: t.amount[i] ?? 0,
      }));
      parts.push({ organization: o.name, rows, projects: new Set(rows.map((r) => r.project_id)).size });
    }
    // acme has the default 8 projects, globex 4 (its dataset option): two different organizations.
    assert.deepEqual(
      parts.map((p) => p.projects),
      [8, 4],
    );
    const merged = mergeOrganizations(parts);
    assert.equal(merged.length, (parts[0]?.rows.length ?? 0) + (parts[1]?.rows.length ?? 0));
    assert.deepEqual(Object.keys(merged[0] ?? {}), ['organization', 'project_id', 'amount']);
    assert.throws(
      () =>
        mergeOrganizations([
          { organization: 'a', rows: [] },
          { organization: 'a', rows: [] },
        ]),
      /given twice/,
    );
  } finally {
    await conn.close();
  }
});

test("the demo's organizations have their own IDs, and connect() serves acme", async () => {
  const conn = await connectOrganizations({ env: {}, dotenvPath: null, log: () => undefined, now: () => NOW });
  const single = await connect({ env: {}, log: () => undefined });
  try {
    const ids: Record<string, string> = {};
    for (const o of conn.organizations) {
      const identity = await resolveOrganization(o.client, { name: o.name }, {}, { now: NOW * 1000 });
      assert.equal(identity.idSource, 'header');
      ids[o.name] = identity.id;
    }
    assert.deepEqual(ids, Object.fromEntries(DEMO_ORGANIZATIONS.map((d) => [d.name, d.organizationId])));
    assert.notEqual(ids['acme'], ids['globex']);
    assert.equal(await checkAccess(single.client, NOW * 1000), ids['acme']);
  } finally {
    await single.close();
    await conn.close();
  }
});

test('--organizations picks among the configured or demo organizations, case-insensitively; an unknown name stops first', async () => {
  const lines: string[] = [];
  const one = await connectOrganizations({
    env: {},
    dotenvPath: null,
    log: (l) => lines.push(l),
    organizations: 'GLOBEX',
  });
  try {
    assert.deepEqual(
      one.organizations.map((o) => o.name),
      ['globex'],
    );
    assert.match(lines.join('\n'), /emulated organization \(globex, synthetic data\)/);
  } finally {
    await one.close();
  }
  await assert.rejects(
    connectOrganizations({ env: {}, dotenvPath: null, log: () => undefined, organizations: 'acme,initech' }),
    /^RangeError: invalid --organizations: initech \(configured: acme, globex\)$/,
  );
  const env = { OPENAI_ADMIN_KEY_Acme: 'sk-admin-acme-0000000000', OPENAI_ADMIN_KEY_beta: 'sk-admin-beta-0000000000' };
  const live = await connectOrganizations({ env, dotenvPath: null, log: () => undefined, organizations: 'acme' });
  try {
    assert.deepEqual(
      live.organizations.map((o) => [o.name, o.config?.keyVariable]),
      [['Acme', 'OPENAI_ADMIN_KEY_Acme']],
    );
  } finally {
    await live.close();
  }
  // --demo: the emulated organizations even with keys configured.
  const demo = await connectOrganizations({ env, dotenvPath: null, log: () => undefined, demo: true });
  try {
    assert.equal(demo.mode, 'demo');
    assert.deepEqual(
      demo.organizations.map((o) => o.name),
      ['acme', 'globex'],
    );
  } finally {
    await demo.close();
  }
});
