// Organizations: the organizations table, and the claim of rows written before the store knew organizations.
import { ORGANIZATION_COLUMNS } from './migrations';
import { insertRows, num, q, type StoreContext } from './sql-driver';
import type { OrganizationIdentity, StoredOrganization } from './store';
import { allTableSchemas, type Cell } from './table-schema';

/** Every table whose rows carry an organization: data and partial tables, coverage, directory. */
export function organizationTables(): string[] {
  return [...allTableSchemas().flatMap((t) => [t.table, t.partialTable]), 'coverage', 'partial_coverage', 'directory'];
}

function idSourceOf(v: Cell | undefined): OrganizationIdentity['idSource'] {
  if (v === 'header' || v === 'env' || v === 'name') return v;
  throw new TypeError(`invalid stored id_source: ${JSON.stringify(v)}`);
}

export async function recordOrganization(ctx: StoreContext, identity: OrganizationIdentity, at: number): Promise<void> {
  if (identity.id === '')
    throw new TypeError('invalid organization ID: "" (the ID of rows written before organizations)');
  await ctx.transaction(async () => {
    const known = await ctx.db.query('SELECT 1 AS one FROM organizations WHERE organization_id = $1', [identity.id]);
    if (known.length > 0) {
      await ctx.db.exec(
        'UPDATE organizations SET name = $2, id_source = $3, synced_at = $4 WHERE organization_id = $1',
        [identity.id, identity.name, identity.idSource, at],
      );
      return;
    }
    await insertRows(ctx.db, 'organizations', ORGANIZATION_COLUMNS, [
      [identity.id, identity.name, identity.idSource, at, at],
    ]);
  });
}

export async function listOrganizations(ctx: StoreContext): Promise<StoredOrganization[]> {
  const rows = await ctx.db.query(
    'SELECT organization_id, name, id_source, first_synced_at, synced_at FROM organizations ORDER BY name, organization_id',
  );
  return rows.map((r) => ({
    id: String(r['organization_id']),
    name: String(r['name']),
    idSource: idSourceOf(r['id_source']),
    firstSyncedAt: num(r['first_synced_at']),
    syncedAt: num(r['synced_at']),
  }));
}

export async function hasUnlabelledRows(ctx: StoreContext): Promise<boolean> {
  for (const table of ['coverage', 'partial_coverage', 'directory']) {
    const rows = await ctx.db.query(`SELECT 1 AS one FROM ${q(table)} WHERE organization_id = '' LIMIT 1`);
    if (rows.length > 0) return true;
  }
  return false;
}

export async function claimUnlabelledRows(ctx: StoreContext, organizationId: string): Promise<number> {
  if (organizationId === '') throw new TypeError('invalid organization ID: "" (nothing can claim as unlabelled)');
  return ctx.transaction(async () => {
    // Only an organization with no rows of its own claims: its rows and the unlabelled ones could overlap.
    for (const table of ['coverage', 'partial_coverage', 'directory']) {
      const own = await ctx.db.query(`SELECT 1 AS one FROM ${q(table)} WHERE organization_id = $1 LIMIT 1`, [
        organizationId,
      ]);
      if (own.length > 0) return 0;
    }
    const counted = await ctx.db.query("SELECT count(*) AS n FROM coverage WHERE organization_id = ''");
    const present = new Set(await ctx.db.tableNames());
    for (const table of organizationTables()) {
      if (!present.has(table)) continue;
      await ctx.db.exec(`UPDATE ${q(table)} SET organization_id = $1 WHERE organization_id = ''`, [organizationId]);
    }
    return num(counted[0]?.['n'] ?? 0);
  });
}
