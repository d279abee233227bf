import { organizationTagOf, type WireBucket } from '../catalogue/index';
import { dictEncoder, type DictColumn } from './dict-column';
import { stringColumn, type FrameColumn } from './make-frame';

/** The columns a table read from several organizations shows first, in this order: the ID, then the name. */
export const ORGANIZATION_COLUMNS = ['organization_id', 'organization'] as const;

/** Each row's organization, where a table was read from several organizations (its results tagged). */
export interface OrganizationColumns {
  /** The organization's ID (`organization_id`). */
  readonly id: DictColumn;
  /** Its configured name (`organization`). */
  readonly name: DictColumn;
}

/**
 * Each result's organization in row order (bucket by bucket, as the table builders flatten them); undefined when no
 * result is tagged, so a read of one organization gets no organization columns.
 */
export function organizationColumns(buckets: readonly WireBucket<object>[]): OrganizationColumns | undefined {
  if (!buckets.some((b) => b.results.some((r) => organizationTagOf(r) !== undefined))) return undefined;
  const ids = dictEncoder();
  const names = dictEncoder();
  const idCodes: number[] = [];
  const nameCodes: number[] = [];
  for (const b of buckets)
    for (const r of b.results) {
      const tag = organizationTagOf(r);
      idCodes.push(ids.encode(tag?.organization_id ?? null));
      nameCodes.push(names.encode(tag?.organization ?? null));
    }
  return {
    id: { codes: Int32Array.from(idCodes), values: ids.values },
    name: { codes: Int32Array.from(nameCodes), values: names.values },
  };
}

/** The organization columns by their column names, for the group-by sums. */
export function organizationDimensions(columns: OrganizationColumns): Record<string, DictColumn> {
  return { organization_id: columns.id, organization: columns.name };
}

/** The frame columns `organization_id` and `organization` (none for a table of one organization). */
export function organizationFrameColumns(columns: OrganizationColumns | undefined): FrameColumn[] {
  if (columns === undefined) return [];
  return [stringColumn('organization_id', columns.id), stringColumn('organization', columns.name)];
}
