import { InvalidParams } from './notebook-params';

/**
 * The organizations a notebook's `organizations` parameter names (case-insensitively, in configured order), or all
 * of them for null; a name that is not configured is an error naming the configured ones.
 * @example organizationDaySpend(selectOrganizations(orgs, p.organizations), p.range)
 */
export function selectOrganizations<T extends { name: string }>(
  orgs: { organizations: readonly T[] },
  names: readonly string[] | null,
): { organizations: T[] } {
  if (names === null) return { organizations: [...orgs.organizations] };
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const known = new Set(orgs.organizations.map((o) => o.name.toLowerCase()));
  const unknown = names.filter((n) => !known.has(n.toLowerCase()));
  if (unknown.length > 0)
    throw new InvalidParams(
      `invalid organizations: ${JSON.stringify(unknown)} (configured: ${orgs.organizations.map((o) => o.name).join(', ')})`,
    );
  return { organizations: orgs.organizations.filter((o) => wanted.has(o.name.toLowerCase())) };
}
