import { organizationTagOf, type OrganizationTag } from '../catalogue/index';

/**
 * What a row of a several-organization read starts with: `organization_id` and `organization` (spread first, so they
 * are the first columns, as in notebooks 01–03); nothing for a row of one organization.
 */
export function organizationFields(tag: OrganizationTag | undefined): Partial<OrganizationTag> {
  return tag === undefined ? {} : { organization_id: tag.organization_id, organization: tag.organization };
}

/** A key prefix that keeps organizations apart in a map ('' for one organization, so keys stay as they were). */
export function organizationKey(tag: OrganizationTag | undefined): string {
  return tag === undefined ? '' : `${tag.organization_id}\u0000`;
}

/** Organization IDs in code-unit order, untagged rows first: the tie-break between organizations' rows. */
export function compareOrganizations(a: object, b: object): number {
  const x = organizationTagOf(a)?.organization_id ?? '';
  const y = organizationTagOf(b)?.organization_id ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rows split by their organization tag (`organizationTagOf`), organizations in the order first met; rows of one
 * organization (untagged) are one part whose tag is undefined.
 */
export function organizationParts<T extends object>(
  rows: readonly T[],
): { tag: OrganizationTag | undefined; rows: T[] }[] {
  const parts = new Map<string | undefined, { tag: OrganizationTag | undefined; rows: T[] }>();
  for (const r of rows) {
    const tag = organizationTagOf(r);
    const id = tag?.organization_id;
    let part = parts.get(id);
    if (part === undefined) parts.set(id, (part = { tag, rows: [] }));
    part.rows.push(r);
  }
  return [...parts.values()];
}
