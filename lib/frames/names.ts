import type { Directory } from '../api/index';

/** The ID dimensions that have names, and the column each name goes in (beside the ID, in tables and CSV). */
export const NAME_COLUMNS = { project_id: 'project_name', user_id: 'user_email', api_key_id: 'api_key_name' } as const;

/** A dimension whose IDs the directory names. */
export type NamedDimension = keyof typeof NAME_COLUMNS;

/** Display names for the IDs of one organization (or none: every label is then the ID). */
export interface Names {
  /** False when names are off or the directory could not be read. */
  readonly available: boolean;
  /**
   * ID → display label of one dimension: the project's name, the user's email, the key's name. Labels are unique:
   * two projects with one name get a short ID suffix ("Support (…v2RqO)"). IDs not listed show as themselves.
   * Pass it as the charts' `names` option. Other dimensions (model, line_item) give an empty map; no dimension
   * gives every named ID (the ID prefixes `proj_`, `user-`, `key_` keep them apart), for a chart whose grouping a
   * reader may change.
   */
  labels(dimension?: string): ReadonlyMap<string, string>;
  /** The display label of one ID (the ID itself when unknown or for other dimensions). */
  label(dimension: string, id: string | null): string | null;
  /** The directory's own value for the name column (null when the directory does not know the ID). */
  nameOf(dimension: string, id: string | null): string | null;
}

/** True for the dimensions that have names. */
export function isNamedDimension(dimension: string): dimension is NamedDimension {
  return Object.prototype.hasOwnProperty.call(NAME_COLUMNS, dimension);
}

/**
 * The shortest ID tails (from 5 characters, "…" first) that tell every ID of a group apart (whole IDs when even
 * those are alike): what a label adds to a name that several IDs share.
 * @example idTails(['proj_abcdef1', 'proj_abcdef2']) // ['…cdef1', '…cdef2']
 */
export function idTails(ids: readonly string[]): string[] {
  for (let n = 5; ; n++) {
    const tails = ids.map((id) => id.slice(-n));
    if (new Set(tails).size === ids.length || ids.every((id) => id.length <= n)) return tails.map((t) => `…${t}`);
  }
}

/** `name (…suffix)` with the shortest ID tail that tells every ID of the group apart. */
function suffixed(name: string, ids: readonly string[]): Map<string, string> {
  const tails = idTails(ids);
  return new Map(ids.map((id, i) => [id, `${name} (${tails[i] ?? id})`]));
}

/** Unique labels: a name shared by several IDs (or equal to another ID) gets the ID suffix. */
export function uniqueLabels(named: ReadonlyMap<string, string>): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const [id, name] of named) byName.set(name, [...(byName.get(name) ?? []), id]);
  const out = new Map<string, string>();
  for (const [name, ids] of byName) {
    const clash = ids.length > 1 || (named.has(name) && ids[0] !== name);
    if (!clash) out.set(ids[0] ?? name, name);
    else for (const [id, label] of suffixed(name, ids)) out.set(id, label);
  }
  return out;
}

function present(text: string | null): text is string {
  return text !== null && text.trim() !== '';
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** Names that are not available: every label is its ID, name columns are not added. */
export const NO_NAMES: Names = {
  available: false,
  labels: () => EMPTY,
  label: (_dimension, id) => id,
  nameOf: () => null,
};

/**
 * Builds the label resolver of a directory (null → {@link NO_NAMES}). Users are labelled by email (else name);
 * service accounts, which can appear where users do, by name. Archived projects keep their names.
 * @example const names = nameResolver(await loadDirectory(client)); names.labels('project_id')
 */
export function nameResolver(directory: Directory | null): Names {
  if (directory === null) return NO_NAMES;
  const raw: Record<NamedDimension, Map<string, string>> = {
    project_id: new Map(),
    user_id: new Map(),
    api_key_id: new Map(),
  };
  for (const p of directory.projects) if (present(p.name)) raw.project_id.set(p.id, p.name);
  for (const s of directory.serviceAccounts) if (present(s.name)) raw.user_id.set(s.id, s.name);
  for (const u of directory.users) {
    const label = present(u.email) ? u.email : u.name;
    if (present(label)) raw.user_id.set(u.id, label);
  }
  for (const k of directory.apiKeys) if (present(k.name)) raw.api_key_id.set(k.id, k.name);
  // The name columns hold what their names say: user_email is the email only.
  const column: Record<NamedDimension, Map<string, string>> = {
    project_id: raw.project_id,
    user_id: new Map(),
    api_key_id: raw.api_key_id,
  };
  for (const u of directory.users) if (present(u.email)) column.user_id.set(u.id, u.email);
  const unique: Record<NamedDimension, Map<string, string>> = {
    project_id: uniqueLabels(raw.project_id),
    user_id: uniqueLabels(raw.user_id),
    api_key_id: uniqueLabels(raw.api_key_id),
  };
  const every = new Map([...unique.project_id, ...unique.user_id, ...unique.api_key_id]);
  return {
    available: true,
    labels: (dimension) => (dimension === undefined ? every : isNamedDimension(dimension) ? unique[dimension] : EMPTY),
    label: (dimension, id) => (id === null || !isNamedDimension(dimension) ? id : (unique[dimension].get(id) ?? id)),
    nameOf: (dimension, id) =>
      id === null || !isNamedDimension(dimension) ? null : (column[dimension].get(id) ?? null),
  };
}
