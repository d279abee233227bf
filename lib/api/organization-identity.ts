import type { UsageClient } from './client';
import { checkAccess } from './check-access';
import { organizationIdSetting, organizationIdVariable } from './organization-id';
import type { OrganizationConfig } from './organizations';

/** Which organization a configured key reads, and how that was learned. */
export interface OrganizationIdentity {
  /** The `openai-organization` header, else `OPENAI_ORG_ID_<NAME>`, else `name:<NAME>`. */
  id: string;
  /** The configured name (`<NAME>` of `OPENAI_ADMIN_KEY_<NAME>`, "default", or a demo organization's name). */
  name: string;
  idSource: 'header' | 'env' | 'name';
}

/**
 * The ID a configured name stands in for when no ID is known (`name:<NAME>`): no header and no `OPENAI_ORG_ID_<NAME>`.
 * A header or setting never takes this form (`organizationFromHeader` and `organizationIdSetting` refuse `name:`).
 */
export function standInOrganizationId(name: string): string {
  return `name:${name}`;
}

/** Options of {@link resolveOrganization}. */
export interface ResolveOrganizationOptions {
  /** Where the notice goes when the name stands in for the ID. @default console.warn */
  onNotice?: (line: string) => void;
  /** "Now" of the preflight request (epoch ms). @default Date.now() */
  now?: number;
}

/**
 * The identity of one configured organization: the `openai-organization` header its server sent (one cheap request,
 * `checkAccess`, when the client has not seen one yet), else `OPENAI_ORG_ID_<NAME>` (from `env` when given, else as
 * loaded with the config), else its name stands in (`name:<NAME>`) and one notice says so. A failing request (wrong
 * key, unreachable) rejects with `checkAccess`'s one-line error naming the organization's variables.
 */
export async function resolveOrganization(
  client: UsageClient,
  config: Pick<OrganizationConfig, 'name' | 'organizationId'> &
    Partial<Pick<OrganizationConfig, 'keyVariable' | 'baseUrlVariable'>>,
  env?: Readonly<Record<string, string | undefined>>,
  options: ResolveOrganizationOptions = {},
): Promise<OrganizationIdentity> {
  if (client.organizationId === undefined)
    await checkAccess(client, options.now, {
      ...(config.keyVariable === undefined ? {} : { keyVariable: config.keyVariable }),
      ...(config.baseUrlVariable === undefined ? {} : { baseUrlVariable: config.baseUrlVariable }),
    });
  const header = client.organizationId;
  if (header !== undefined) return { id: header, name: config.name, idSource: 'header' };
  const variable = organizationIdVariable(config.name);
  const fromEnv = env?.[variable];
  const setting =
    fromEnv !== undefined && fromEnv.trim() !== '' ? organizationIdSetting(variable, fromEnv) : config.organizationId;
  if (setting !== undefined) return { id: setting, name: config.name, idSource: 'env' };
  const id = standInOrganizationId(config.name);
  (options.onNotice ?? ((line: string) => console.warn(line)))(
    `organization ${config.name}: ${client.baseURL} sends no openai-organization header and ${variable} is not set, ` +
      `so its name stands in for its ID (${id}); set ${variable} to the organization's ID (org-…) to keep its rows ` +
      'together if it is ever renamed',
  );
  return { id, name: config.name, idSource: 'name' };
}

/** Two configured names that turned out to be one organization. */
export interface DuplicateOrganization {
  /** The name kept (first in sort order). */
  kept: string;
  /** The name dropped. */
  dropped: string;
  id: string;
}

/**
 * Keeps one entry per organization ID: two configured keys whose IDs are equal read one organization, which is synced
 * once, under the first name in sort order (`compare`). Returns what was kept and what was dropped, to warn about.
 */
export function oneEntryPerOrganization<T extends { identity: OrganizationIdentity }>(
  entries: readonly T[],
  compare: (a: string, b: string) => number,
): { kept: T[]; duplicates: DuplicateOrganization[] } {
  const sorted = [...entries].sort((a, b) => compare(a.identity.name, b.identity.name));
  const byId = new Map<string, T>();
  const duplicates: DuplicateOrganization[] = [];
  for (const e of sorted) {
    const first = byId.get(e.identity.id);
    if (first === undefined) byId.set(e.identity.id, e);
    else duplicates.push({ kept: first.identity.name, dropped: e.identity.name, id: e.identity.id });
  }
  return { kept: sorted.filter((e) => byId.get(e.identity.id) === e), duplicates };
}

/** The warning for a duplicate: which names, which ID, under which name it is synced (or `done`: read). */
export function duplicateOrganizationWarning(d: DuplicateOrganization, done: 'synced' | 'read' = 'synced'): string {
  return `organizations ${d.kept} and ${d.dropped} are the same organization (${d.id}): ${done} once, as ${d.kept}`;
}
