import { MalformedResponseError, PaginationLimitError } from './errors';
import type { ListQuery } from './list-query';
import {
  parseApiKey,
  parseListPage,
  parseProject,
  parseServiceAccount,
  parseUser,
  type DirectoryApiKey,
  type DirectoryProject,
  type DirectoryServiceAccount,
  type DirectoryUser,
} from './parse-directory';
import { pathSegment } from './path-segment';
import type { JsonResult } from './request-json';

/** What the directory readers need from a client (`UsageClient` has it). */
export interface DirectorySource {
  getJson(path: string, query?: ListQuery): Promise<JsonResult>;
  /** Who is asking (UsageClient's `caller`): clients with the same one may share a recent directory (`reuseMs`). */
  readonly caller?: string;
}

/**
 * The organization's names for the IDs the usage data shows: every project (archived ones too: their past usage
 * still shows), user, project API key and service account. Plain data, so it can be stored or sent as JSON.
 */
export interface Directory {
  projects: DirectoryProject[];
  users: DirectoryUser[];
  apiKeys: DirectoryApiKey[];
  serviceAccounts: DirectoryServiceAccount[];
  /**
   * Projects listed whose keys and service accounts could not be: no URL path can carry their ID (see
   * `pathSegment`). Their own names are above; `directoryNotice` says it in one line.
   */
  unlistedProjectIds: string[];
}

/**
 * The one line to show when part of the directory could not be read, or null when all of it was. IDs are escaped
 * (JSON strings: quotes, controls and bidi marks stay visible and inert).
 * @example directoryNotice(dir) // 'Names incomplete: the API keys and service accounts of project "" …'
 */
export function directoryNotice(dir: Pick<Directory, 'unlistedProjectIds'>): string | null {
  const ids = dir.unlistedProjectIds;
  if (ids.length === 0) return null;
  const named = ids.map((id) => escapedId(id)).join(', ');
  return (
    `Names incomplete, their IDs are shown: the API keys and service accounts of project${ids.length === 1 ? '' : 's'} ` +
    `${named} were not listed (no URL path can carry ${ids.length === 1 ? 'that ID' : 'those IDs'}).`
  );
}

/** An ID as a JSON string with every non-ASCII or invisible character as a \u escape: quoted, visible, inert. */
export function escapedId(id: string): string {
  return JSON.stringify(id).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** Options of `loadDirectory`. */
export interface LoadDirectoryOptions {
  /** Fetch again even when this client already has a directory. @default false */
  refresh?: boolean;
  /** Projects whose keys and service accounts are listed at the same time (two lists each). @default 4 */
  concurrency?: number;
  /** Safety valve per list. @default 1000 */
  maxPages?: number;
  /**
   * Reuse the directory another client of the same caller (key and base URL) loaded at most this long ago, instead
   * of fetching it again. @default 0 (never) @unit milliseconds
   */
  reuseMs?: number;
  /** The clock of `reuseMs`. @default Date.now @unit milliseconds */
  now?: () => number;
}

// One directory per client: the names change rarely, and a notebook asks for them once per chart.
const cache = new WeakMap<DirectorySource, Promise<Directory>>();
// The last directory each caller loaded, and when it arrived (for `reuseMs`): a notebook's next Run All connects a new
// client with the same key.
const recent = new Map<string, { loadedAt: number; directory: Directory }>();

/**
 * Every item of an admin list, page after page (`after=<last_id>` while `has_more`), 100 per page.
 * @example const projects = await listAll(client, '/organization/projects', { include_archived: true }, parseProject);
 */
export async function listAll<T>(
  client: DirectorySource,
  path: string,
  query: ListQuery,
  parse: (item: unknown, path: string) => T,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) throw new PaginationLimitError(maxPages, path);
    const { body, requestId } = await client.getJson(
      path,
      after === undefined ? { ...query, limit: 100 } : { ...query, limit: 100, after },
    );
    let page;
    try {
      page = parseListPage(body);
      page.data.forEach((item, i) => out.push(parse(item, `$.data[${i}]`)));
    } catch (err) {
      if (err instanceof MalformedResponseError)
        throw new MalformedResponseError(`${path}: ${err.detail}`, err.jsonPath, requestId);
      throw err;
    }
    if (page.next === null) return out;
    if (seen.has(page.next))
      throw new MalformedResponseError(`${path}: last_id repeats a cursor already followed`, '$.last_id', requestId);
    seen.add(page.next);
    after = page.next;
  }
}

/**
 * Both results, or the first one's error once both have ended: no request is left in flight behind a failure (a
 * caller that retries or closes the client sees every request it caused).
 */
async function settledPair<A, B>(pair: readonly [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(pair);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function fetchDirectory(client: DirectorySource, options: LoadDirectoryOptions): Promise<Directory> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError(`invalid concurrency: ${concurrency} (an integer >= 1)`);
  const maxPages = options.maxPages ?? 1000;
  // Independent lists at once: each round trip a notebook waits for is felt on every Run All.
  const [projects, users] = await settledPair([
    listAll(client, '/organization/projects', { include_archived: true }, parseProject, maxPages),
    listAll(client, '/organization/users', {}, parseUser, maxPages),
  ]);
  const keys = new Map<string, DirectoryApiKey[]>();
  const accounts = new Map<string, DirectoryServiceAccount[]>();
  const unlistedProjectIds: string[] = [];
  await pool(projects, concurrency, async (p) => {
    const segment = pathSegment(p.id);
    if (segment === null) {
      // Valid JSON can hold any ID; one no path can carry costs this project's key names, not the directory.
      unlistedProjectIds.push(p.id);
      return;
    }
    const base = `/organization/projects/${segment}`;
    const [projectKeys, projectAccounts] = await settledPair([
      listAll(client, `${base}/api_keys`, {}, (v, at) => parseApiKey(v, at, p.id), maxPages),
      listAll(client, `${base}/service_accounts`, {}, (v, at) => parseServiceAccount(v, at, p.id), maxPages),
    ]);
    keys.set(p.id, projectKeys);
    accounts.set(p.id, projectAccounts);
  });
  // In project order, whatever order the pool finished in.
  return {
    projects,
    users,
    apiKeys: projects.flatMap((p) => keys.get(p.id) ?? []),
    serviceAccounts: projects.flatMap((p) => accounts.get(p.id) ?? []),
    unlistedProjectIds: projects.map((p) => p.id).filter((id) => unlistedProjectIds.includes(id)),
  };
}

/**
 * The directory of the client's organization, fetched once per client (every list, every page) and cached; a
 * failure (e.g. a key without the management scope: `PermissionDeniedError`) is not cached, so a later call
 * tries again. With `reuseMs`, a directory a client of the same caller loaded that recently is reused. Needs an admin
 * key; about 2 + 2 × projects requests.
 * @example const dir = await loadDirectory(conn.client); dir.projects.map((p) => p.name)
 */
export function loadDirectory(client: DirectorySource, options: LoadDirectoryOptions = {}): Promise<Directory> {
  const cached = options.refresh === true ? undefined : cache.get(client);
  if (cached !== undefined) return cached;
  const now = options.now ?? Date.now;
  const reuseMs = options.reuseMs ?? 0;
  if (!Number.isFinite(reuseMs) || reuseMs < 0) throw new TypeError(`invalid reuseMs: ${reuseMs} (milliseconds >= 0)`);
  const caller = client.caller;
  const last = caller === undefined || options.refresh === true ? undefined : recent.get(caller);
  if (last !== undefined && reuseMs > 0 && now() - last.loadedAt <= reuseMs) {
    const reused = Promise.resolve(last.directory);
    cache.set(client, reused);
    return reused;
  }
  const loading = fetchDirectory(client, options);
  cache.set(client, loading);
  loading.then(
    (directory) => {
      if (caller !== undefined) recent.set(caller, { loadedAt: now(), directory });
    },
    () => {
      if (cache.get(client) === loading) cache.delete(client);
    },
  );
  return loading;
}
