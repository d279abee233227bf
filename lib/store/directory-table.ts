// The directory table: each organization's names, spend limits and alerts, replaced as a whole at each sync.
import { DIRECTORY_COLUMNS } from './migrations';
import { insertRows, organizationFilter, type StoreContext } from './sql-driver';
import type { DirectoryEntry, StoredDirectoryEntry } from './store';

export async function replaceDirectory(
  ctx: StoreContext,
  organizationId: string,
  entries: readonly DirectoryEntry[],
  syncedAt: number,
): Promise<void> {
  await ctx.transaction(async () => {
    await ctx.db.exec('DELETE FROM directory WHERE organization_id = $1', [organizationId]);
    if (entries.length > 0) {
      await insertRows(
        ctx.db,
        'directory',
        DIRECTORY_COLUMNS,
        entries.map((e) => [organizationId, e.kind, e.id, e.name, e.parent_id, JSON.stringify(e.attributes), syncedAt]),
      );
    }
  });
}

export async function readDirectory(
  ctx: StoreContext,
  organizationIds?: readonly string[],
): Promise<StoredDirectoryEntry[]> {
  const filter = organizationFilter(organizationIds);
  if (filter === null) return [];
  const rows = await ctx.db.query(
    `SELECT organization_id, kind, id, name, parent_id, attributes FROM directory ${filter.where}ORDER BY organization_id, kind, id`,
    filter.params,
  );
  return rows.map((r) => ({
    organization_id: String(r['organization_id']),
    kind: String(r['kind']),
    id: String(r['id']),
    name: r['name'] === null ? null : String(r['name']),
    parent_id: r['parent_id'] === null ? null : String(r['parent_id']),
    attributes: typeof r['attributes'] === 'string' ? (JSON.parse(r['attributes']) as Record<string, unknown>) : {},
  }));
}
