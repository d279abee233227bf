import type { DirectoryEntry } from './store';

/** One listed object: an id, a name, the project it belongs to (keys, service accounts), anything else. */
export interface ListedObject {
  id: string;
  name: string | null;
  projectId?: string;
}

/** The admin directory as lists per kind (what the directory client returns). */
export interface DirectoryLists {
  projects?: readonly ListedObject[];
  users?: readonly ListedObject[];
  apiKeys?: readonly ListedObject[];
  serviceAccounts?: readonly ListedObject[];
}

const KINDS: ReadonlyArray<[keyof DirectoryLists, string]> = [
  ['projects', 'project'],
  ['users', 'user'],
  ['apiKeys', 'api_key'],
  ['serviceAccounts', 'service_account'],
];
/** Not stored: a key's redacted value is no name, and the store keeps nothing secret-looking. */
const DROPPED: ReadonlySet<string> = new Set(['id', 'name', 'projectId', 'redactedValue']);

/** Directory rows of the store: kind, id, name, parent project, and every other field as attributes. */
export function directoryEntries(lists: DirectoryLists): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  for (const [field, kind] of KINDS) {
    for (const item of lists[field] ?? []) {
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(item)) if (!DROPPED.has(k)) attributes[k] = v;
      out.push({ kind, id: item.id, name: item.name, parent_id: item.projectId ?? null, attributes });
    }
  }
  return out;
}
