import {
  directoryNotice,
  enrichmentFailure,
  loadDirectory,
  organizationSpendLimit,
  pathSegment,
  projectSpendLimit,
  spendAlerts,
  type Directory,
  type DirectorySource,
  type SpendAlert,
  type SpendLimit,
  type UsageClient,
} from '../api/index';
import type { DirectoryEntry, UsageStore } from './store';

/**
 * Directory kinds of the spend limits and alerts, stored with the names (attributes = the parsed `SpendLimit` or
 * `SpendAlert`), so readers of the store need no request. `spend_limits_read` marks that they were read at all (no
 * limit configured and "not read" then differ).
 */
export const SPEND_KINDS = {
  organizationLimit: 'organization_spend_limit',
  projectLimit: 'project_spend_limit',
  alert: 'spend_alert',
  read: 'spend_limits_read',
} as const;

/** The spend limits and alerts of one organization, as lib/api reads them from the API. */
export interface StoredSpendLimits {
  /** False when the last directory sync could not read them (or none stored them yet): the rest is then empty. */
  read: boolean;
  organizationLimit: SpendLimit | null;
  /** Projects with a limit, by project ID (code-unit order). */
  projectLimits: SpendLimit[];
  /** By ID, code-unit order (the store keeps no order of the API's list). */
  alerts: SpendAlert[];
}

/** Entries for an organization's spend limit, its projects' limits and its spend alerts (read one by one). */
export async function spendLimitEntries(
  client: DirectorySource,
  projectIds: readonly string[],
): Promise<DirectoryEntry[]> {
  const out: DirectoryEntry[] = [];
  const limit = await organizationSpendLimit(client);
  if (limit !== null)
    out.push({
      kind: SPEND_KINDS.organizationLimit,
      id: 'organization',
      name: null,
      parent_id: null,
      attributes: { ...limit },
    });
  for (const alert of await spendAlerts(client))
    out.push({ kind: SPEND_KINDS.alert, id: alert.id, name: null, parent_id: null, attributes: { ...alert } });
  for (const id of projectIds) {
    // An ID no URL path can carry has no readable limit (lib/api refuses it): left out, as the notebooks do.
    if (pathSegment(id) === null) continue;
    const p = await projectSpendLimit(client, id);
    if (p !== null) out.push({ kind: SPEND_KINDS.projectLimit, id, name: null, parent_id: id, attributes: { ...p } });
  }
  out.push({ kind: SPEND_KINDS.read, id: 'organization', name: null, parent_id: null, attributes: {} });
  return out;
}

function spendLimitOf(a: Readonly<Record<string, unknown>>): SpendLimit | null {
  const scope = a['scope'];
  const projectId = a['projectId'];
  const thresholdCents = a['thresholdCents'];
  const thresholdAmount = a['thresholdAmount'];
  const currency = a['currency'];
  const interval = a['interval'];
  if (
    (scope !== 'organization' && scope !== 'project') ||
    (typeof projectId !== 'string' && projectId !== null) ||
    typeof thresholdCents !== 'number' ||
    typeof thresholdAmount !== 'number' ||
    typeof currency !== 'string' ||
    typeof interval !== 'string'
  )
    return null;
  return { scope, projectId, thresholdCents, thresholdAmount, currency, interval, enforcing: a['enforcing'] === true };
}

function spendAlertOf(a: Readonly<Record<string, unknown>>): SpendAlert | null {
  const { id, thresholdCents, thresholdAmount, currency, interval, recipients } = a;
  if (
    typeof id !== 'string' ||
    typeof thresholdCents !== 'number' ||
    typeof thresholdAmount !== 'number' ||
    typeof currency !== 'string' ||
    typeof interval !== 'string'
  )
    return null;
  const to = Array.isArray(recipients) ? recipients.filter((r): r is string => typeof r === 'string') : [];
  return { id, thresholdCents, thresholdAmount, currency, interval, recipients: to };
}

/**
 * The spend limits and alerts the last directory sync stored for one organization, in lib/api's shapes
 * (`organizationSpendLimit`, `projectSpendLimit`, `spendAlerts`): no request.
 * @example const { organizationLimit, alerts } = await storedSpendLimits(store, 'org-abc')
 */
export async function storedSpendLimits(store: UsageStore, organizationId: string): Promise<StoredSpendLimits> {
  const out: StoredSpendLimits = { read: false, organizationLimit: null, projectLimits: [], alerts: [] };
  for (const e of await store.readDirectory([organizationId])) {
    if (e.kind === SPEND_KINDS.read) out.read = true;
    else if (e.kind === SPEND_KINDS.organizationLimit) out.organizationLimit = spendLimitOf(e.attributes);
    else if (e.kind === SPEND_KINDS.projectLimit) {
      const limit = spendLimitOf(e.attributes);
      if (limit !== null) out.projectLimits.push(limit);
    } else if (e.kind === SPEND_KINDS.alert) {
      const alert = spendAlertOf(e.attributes);
      if (alert !== null) out.alerts.push(alert);
    }
  }
  // Code-unit order, whatever the database's collation.
  out.alerts.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  out.projectLimits.sort((x, y) => ((x.projectId ?? '') < (y.projectId ?? '') ? -1 : 1));
  return out;
}

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
 * The `listDirectory` of a sync: the directory's entries with the spend limits and alerts, or undefined (after
 * telling `onUnavailable` why) when it cannot be read, for whatever reason, so a key that may read usage but not the
 * directory still syncs usage. Spend limits that cannot be read leave the names stored and one `onIncomplete` line.
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
    let spend: DirectoryEntry[] = [];
    try {
      spend = await spendLimitEntries(
        client,
        directory.projects.map((p) => p.id),
      );
    } catch (error) {
      options.onIncomplete(`spend limits and alerts not stored (names are): ${enrichmentFailure(error)}`);
    }
    return [...directoryEntries(directory), ...spend];
  };
}
