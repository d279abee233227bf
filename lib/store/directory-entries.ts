import { directoryNotice, enrichmentFailure, loadDirectory, type Directory, type UsageClient } from '../api/index';
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

function str(a: Readonly<Record<string, unknown>>, k: string): string | null {
  const v = a[k];
  return typeof v === 'string' ? v : null;
}

function num(a: Readonly<Record<string, unknown>>, k: string): number | null {
  const v = a[k];
  return typeof v === 'number' ? v : null;
}

/** The directory client's shape rebuilt from stored rows (so notebooks reading the store name things offline). */
export function directoryFromEntries(entries: readonly DirectoryEntry[]): Directory {
  const dir: Directory = { projects: [], users: [], apiKeys: [], serviceAccounts: [], unlistedProjectIds: [] };
  for (const e of entries) {
    const a = e.attributes;
    if (e.kind === 'project') {
      dir.projects.push({
        id: e.id,
        name: e.name,
        createdAt: num(a, 'createdAt') ?? 0,
        archivedAt: num(a, 'archivedAt'),
        archived: a['archived'] === true,
      });
    } else if (e.kind === 'user') {
      dir.users.push({
        id: e.id,
        name: e.name,
        email: str(a, 'email'),
        role: str(a, 'role'),
        addedAt: num(a, 'addedAt') ?? 0,
      });
    } else if (e.kind === 'api_key') {
      const ownerType = str(a, 'ownerType');
      dir.apiKeys.push({
        id: e.id,
        projectId: e.parent_id ?? '',
        name: e.name,
        redactedValue: null,
        createdAt: num(a, 'createdAt') ?? 0,
        lastUsedAt: num(a, 'lastUsedAt'),
        ownerType: ownerType === 'user' || ownerType === 'service_account' ? ownerType : null,
        ownerId: str(a, 'ownerId'),
        ownerName: str(a, 'ownerName'),
        ownerEmail: str(a, 'ownerEmail'),
      });
    } else if (e.kind === 'service_account') {
      dir.serviceAccounts.push({
        id: e.id,
        projectId: e.parent_id ?? '',
        name: e.name,
        role: str(a, 'role'),
        createdAt: num(a, 'createdAt') ?? 0,
      });
    }
  }
  return dir;
}

/** Options of {@link directoryLister}. */
export interface DirectoryListerOptions {
  /** Fetch again, not the client's cached directory. @default false */
  refresh?: boolean;
  /** Told why when the directory cannot be read at all (nothing is stored then). */
  onUnavailable: (message: string) => void;
  /** Told, in one line, what is missing when only part of it can (the rest is stored). */
  onIncomplete: (line: string) => void;
}

/**
 * The `listDirectory` of a sync: the directory's entries, or undefined (after telling `onUnavailable` why) when it
 * cannot be read, for whatever reason, so a key that may read usage but not the directory still syncs usage.
 */
export function directoryLister(
  client: UsageClient,
  options: DirectoryListerOptions,
): () => Promise<DirectoryEntry[] | undefined> {
  return async () => {
    let directory: Directory;
    try {
      directory = await loadDirectory(client, { refresh: options.refresh === true });
    } catch (error) {
      options.onUnavailable(enrichmentFailure(error));
      return undefined;
    }
    const incomplete = directoryNotice(directory);
    if (incomplete !== null) options.onIncomplete(incomplete);
    return directoryEntries(directory);
  };
}
