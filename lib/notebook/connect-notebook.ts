import path from 'node:path';
import {
  DEFAULT_RETRY_POLICY,
  loadOrganizations,
  resolveOrganization,
  enrichmentFailure,
  type ApiBudgets,
  type ClientOptions,
  type FetchProgress,
  type RetryInfo,
  type UsageQuery,
} from '../api/index';
import type { EndpointName, EndpointResultMap, UsageEndpointName, WireBucket } from '../catalogue/index';
import {
  costTable,
  costTableFromColumns,
  usageTable,
  usageTableFromColumns,
  type CostTable,
  type ResultColumns,
  type UsageTable,
} from '../frames/index';
import { connect, connectOrganizations, DEMO_ORGANIZATIONS, type Connection } from '../demo/index';
import { reportAbout, type ReportAbout } from '../export/index';
import { budgetsFromStored, budgetsOfOrganizations, loadBudgets, readBudgets, storedBudgets } from './notebook-budgets';
import {
  organizationDaySpend,
  organizationUsage,
  storeOrganizationSpend,
  type OrganizationSpend,
  type OrganizationSpendOptions,
} from './organization-spend';
import { selectOrganizations } from './select-organizations';
import type { DisplayWriter } from './mime-bundle';
import { notebookEnv } from './notebook-env';
import type { NotebookParams } from './notebook-params';
import { namesLoader, organizationsNamesLoader, type NamesLoader } from './notebook-names';
import {
  failureNotice,
  readOrganizations,
  readOrganizationsApart,
  resolveOrganizations,
  type OrganizationBuckets,
  type OrganizationFailure,
  type OrganizationRead,
} from './organization-reads';
import { progressDisplay, type ProgressDisplay } from './progress-display';
import { guard } from './show-error';
import { parseSource, readApart, storeNamesLoader, storeReader, type TableRead } from './store-reader';
import {
  claimsUnlabelledRows,
  resolveStoreLocation,
  storeLabel,
  organizationByName,
  type SyncProgress,
} from '../store/index';
import { showNotice } from './show-notice';
import { tslabWriter } from './tslab-writer';

/** A connection plus a notebook-friendly fetch (progress display, short errors). */
export interface NotebookConnection extends Connection {
  /**
   * `client.fetchAll` with an in-place progress line; API errors are shown briefly and stop the cell. Interrupting
   * the kernel (JupyterLab's stop button sends SIGINT, which tslab turns into ending the cell) aborts the requests
   * in flight, so nothing keeps fetching behind the next cell. Reading several organizations, every result carries
   * its organization (`organization_id`, `organization`) and nothing is summed across them; one organization that
   * fails (401, 5xx, unreachable) is left out with a notice naming it and why, the others' results still arrive.
   */
  fetch<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]>;
  /**
   * The table of a query's results: `usageTable(endpoint, await fetch(endpoint, query))`, and `costTable` of costs;
   * several queries: their buckets one after the other. From the store (sources "store" and "sync") the table is
   * built from the columns the store reads, with no object per result: the same table, rows and dictionaries in the
   * same order, the same checks and errors, several organizations in its `organizations` columns.
   * @example const completions = await conn.table('completions', p.usageQueries.completions)
   * @example const costs = await conn.table('costs', p.costQueries)
   */
  table<E extends UsageEndpointName>(endpoint: E, queries: UsageQuery | readonly UsageQuery[]): Promise<UsageTable<E>>;
  table(endpoint: 'costs', queries: UsageQuery | readonly UsageQuery[]): Promise<CostTable>;
  /**
   * `fetch` with each organization kept apart: one part per organization read (its configured name and ID), its
   * buckets untagged as its own API sends them, the queries' buckets one after the other. For what must never mix
   * organizations, such as alert rules replayed on each one's own costs and spend limits. Failures as in `fetch`;
   * one failing any of the queries is left out of them all (never part of its history), with one notice.
   * @example const parts = await conn.fetchByOrganization('costs', p.costQueries)
   */
  fetchByOrganization<E extends EndpointName>(
    endpoint: E,
    queries: UsageQuery | readonly UsageQuery[],
  ): Promise<OrganizationBuckets<EndpointResultMap[E]>[]>;
  /**
   * Each organization's spend limit, spend alerts and the limits of the projects in its part (monthly USD), by
   * organization ID: from the store with source "store" (no request), else from its own API. An organization whose
   * limits cannot be read has no entry, said in one notice.
   * @example const limits = await conn.budgetsByOrganization(await conn.fetchByOrganization('costs', q))
   */
  budgetsByOrganization(parts: readonly OrganizationProjects[]): Promise<Map<string, ApiBudgets>>;
  /**
   * What a report of this data covers: the organization ("demo" without a key), the range of `params`, the time
   * now and the data source.
   * @example
   * writeExports(env.outDir, { figures, report: { title: 'Costs', about: conn.about(params) }, plotly: 'sibling' })
   */
  about(params: Pick<NotebookParams, 'wire' | 'rangeSeconds'>): ReportAbout;
  /** Names for the IDs (read once; IDs with one notice when the directory cannot be read; `false`: IDs, no calls). */
  names: NamesLoader;
  /**
   * The organization's spend limit, alerts and these projects' limits, monthly USD: from the store with source
   * "store" (no request; the organizations read, see `budgetsFromStored`), else from the API (`loadBudgets`).
   * Unreadable limits leave none and one notice.
   * @example resolveBudget(p.budget, await conn.budgets(spendingProjects(projectDays)))
   */
  budgets(projectIds: readonly string[]): Promise<ApiBudgets>;
  /**
   * Every configured organization (or those `organizations` names) apart: cost per UTC day, cost and tokens per
   * project and model. Source "store": every organization in the store, no request; else each organization's API.
   * @example const { days, rows } = await conn.organizationSpend(p.range, { organizations: p.organizations })
   */
  organizationSpend(
    range: { start_time: number; end_time?: number },
    options?: OrganizationSpendOptions,
  ): Promise<OrganizationSpend>;
}

/** An organization's part of a read, as far as its budgets need it: who it is and the projects in its results. */
export interface OrganizationProjects {
  organization_id: string;
  organization: string;
  buckets: readonly { results: readonly { project_id?: string | null }[] }[];
}

/** The project IDs in a part's results, each once, in order of appearance. */
function projectsOf(part: OrganizationProjects): string[] {
  const ids = new Set<string>();
  for (const b of part.buckets) for (const r of b.results) if (typeof r.project_id === 'string') ids.add(r.project_id);
  return [...ids];
}

/** Parts of several queries' reads, each organization's buckets one query after the other (first-seen order). */
function concatParts<R extends object>(reads: readonly OrganizationBuckets<R>[][]): OrganizationBuckets<R>[] {
  const byId = new Map<string, OrganizationBuckets<R>>();
  for (const read of reads)
    for (const part of read) {
      const seen = byId.get(part.organization_id);
      if (seen === undefined) byId.set(part.organization_id, { ...part, buckets: [...part.buckets] });
      else seen.buckets.push(...part.buckets);
    }
  return [...byId.values()];
}

/** Options of `connectNotebook`. */
export interface ConnectNotebookOptions {
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default `<repo>/.env` */
  dotenvPath?: string;
  writer?: DisplayWriter;
  /** 'api' fetches, 'store' reads the store only, 'sync' syncs the range then reads. @default USAGE_SOURCE, else 'api' */
  source?: string;
  /** DuckDB file or postgres:// URL. @default USAGE_STORE_URL, else <repo>/data/usage.duckdb (demo: data/demo.duckdb) */
  store?: string;
  /**
   * The `organizations` parameter: the organizations read (configured names, any case). Null or absent: source
   * "store" reads every one in the store, "api" and "sync" every configured one (`OPENAI_ADMIN_KEY` as "default" and
   * each `OPENAI_ADMIN_KEY_<NAME>`; the demo's two without a key), "sync" storing each under its own ID.
   */
  organizations?: readonly string[] | null;
  /** Per-attempt timeout and retry policy of the client (e.g. patience with a slow proxy). @default the client's */
  client?: Pick<ClientOptions, 'timeoutMs' | 'retry'>;
}

/**
 * The configured organizations the `organizations` parameter picks (null: every one), the demo's without a key.
 * An unknown name is an error naming the configured ones.
 */
function organizationsAsked(
  env: Readonly<Record<string, string | undefined>>,
  dotenvPath: string,
  names: readonly string[] | null,
): string[] {
  const configured = loadOrganizations({ env, dotenvPath });
  const all: readonly { name: string }[] = configured.length > 0 ? configured : DEMO_ORGANIZATIONS;
  return selectOrganizations({ organizations: all }, names).organizations.map((o) => o.name);
}

/** The organizations a connection reads through the API (sources "api" and "sync" with two or more). */
interface SeveralOrganizations {
  /** The ones read: each client and who it is (ID from its header). */
  read: OrganizationRead[];
  mode: 'live' | 'demo';
  close(): Promise<void>;
}

/**
 * Connects like `connect()` (OPENAI_ADMIN_KEY/OPENAI_BASE_URL from the environment or `<repo>/.env`; demo emulator
 * without a key) and shows the mode notice as a note, never the key. Sources "api" and "sync" read every configured
 * organization (or those `organizations` names; without a key, the demo's two), each with its own key, as
 * `npm run sync` does; one organization read is exactly the one-organization connection.
 * @example const conn = await connectNotebook(); const buckets = await conn.fetch('costs', params.query);
 */
export async function connectNotebook(options: ConnectNotebookOptions = {}): Promise<NotebookConnection> {
  const writer = options.writer ?? tslabWriter();
  const env = options.env ?? process.env;
  const root = notebookEnv(env).root;
  const dotenvPath = options.dotenvPath ?? path.join(root, '.env');
  const relay: { current?: ProgressDisplay } = {};
  const syncRelay: { current?: (p: SyncProgress, organization: string) => void } = {};
  // One notice per message and connection: the directory a sync stores and the names the notebook asks for may
  // both say the same thing about the same directory.
  const shown = new Set<string>();
  const say =
    (tone: 'info' | 'warning') =>
    (line: string): void => {
      if (shown.has(line)) return;
      shown.add(line);
      showNotice(line, tone, writer);
    };
  const log = say('info');
  const warn = say('warning');
  const clientOptions = { ...options.client, onRetry: (info: RetryInfo) => relay.current?.onRetry(info) };
  const readsStore = (options.source ?? env['USAGE_SOURCE'])?.trim().toLowerCase() === 'store';
  // A store read picks its organizations from the store (and needs no key for them); the API and a sync read the
  // configured ones.
  const asked = readsStore
    ? []
    : await guard(
        Promise.resolve().then(() => organizationsAsked(env, dotenvPath, options.organizations ?? null)),
        writer,
      );
  // tslab ends the cell on SIGINT but leaves its promises running: abort our fetches with it. One listener per
  // connection, added here and never removed while it is open (adding and removing SIGINT listeners while a cell
  // runs was seen to kill the tslab kernel on the interrupt).
  const running = new Set<AbortController>();
  const onInterrupt = (): void => {
    for (const c of running) c.abort(new DOMException('Interrupted by the kernel', 'AbortError'));
  };
  process.on('SIGINT', onInterrupt);
  const opening = async (): Promise<{ conn: Connection; several?: SeveralOrganizations }> => {
    if (asked.length < 2) {
      // One organization named by the `organizations` parameter is the one an API or sync source reads.
      const single = options.organizations?.length === 1 ? options.organizations[0] : undefined;
      const conn = await guard(
        connect({
          env,
          ...(single === undefined || readsStore ? {} : { organization: single }),
          dotenvPath,
          log,
          clientOptions,
        }),
        writer,
      );
      return { conn };
    }
    const several = await openSeveral(asked);
    const [first] = several.read;
    if (first === undefined) throw new RangeError('invalid organizations: none read');
    return {
      conn: {
        client: first.client,
        mode: several.mode,
        name: first.identity.name,
        baseURL: first.client.baseURL,
        close: () => several.close(),
      },
      several,
    };
  };
  /** Connects every organization asked and learns who each is; one that fails is left out with a notice. */
  const openSeveral = async (names: readonly string[]): Promise<SeveralOrganizations> => {
    const source = await guard(
      Promise.resolve().then(() => parseSource(options.source ?? env['USAGE_SOURCE'])),
      writer,
    );
    const orgs = await guard(
      connectOrganizations({
        env,
        dotenvPath,
        log,
        clientOptions,
        organizations: names.join(','),
        ...(notebookEnv(env).fixedNow ? { now: () => notebookEnv(env).now } : {}),
      }),
      writer,
    );
    try {
      const { read, failed } = await guard(
        resolveOrganizations(orgs.organizations, env, {
          onNotice: log,
          now: notebookEnv(env).now * 1000,
          done: source === 'sync' ? 'synced' : 'read',
        }),
        writer,
      );
      // None left: the first one's error stops the cell, as for one organization.
      const [first] = failed;
      if (read.length === 0 && first !== undefined) await guard(Promise.reject(first.error), writer);
      for (const f of failed) warn(failureNotice(f, 'every read (its first request failed)'));
      return { read, mode: orgs.mode, close: () => orgs.close() };
    } catch (err) {
      await orgs.close();
      throw err;
    }
  };
  const { conn, several } = await opening().catch((err: unknown) => {
    process.off('SIGINT', onInterrupt);
    throw err;
  });
  const source = await guard(
    Promise.resolve().then(() => parseSource(options.source ?? env['USAGE_SOURCE'])),
    writer,
  );
  // The organization `connect` reads ("default", a configured name, or the demo's "acme"). A sync
  // stores under its ID (the openai-organization header, one cheap request), as `npm run sync` does: one organization,
  // one ID, whoever syncs it. Only read, the store needs no ID (every organization stored).
  const name = conn.name;
  const organization =
    source === 'sync' && several === undefined
      ? await guard(
          resolveOrganization(conn.client, { name }, env, { onNotice: log, now: notebookEnv(env).now * 1000 }),
          writer,
        )
      : organizationByName(name);
  // The organizations (configured names) whose sync failed during one fetchByOrganization, which leaves them out.
  const syncFailures: { current?: Set<string> } = {};
  const fallback = path.join(root, 'data', conn.mode === 'demo' ? 'demo.duckdb' : 'usage.duckdb');
  const location = resolveStoreLocation(options.store, env, fallback);
  const reader =
    source === 'api'
      ? undefined
      : storeReader({
          source,
          location,
          client: conn.client,
          organization,
          ...(several === undefined
            ? {}
            : {
                syncOrganizations: several.read.map((o) => ({
                  client: o.client,
                  identity: o.identity,
                  claimsUnlabelled: claimsUnlabelledRows(o.identity.name, several.mode),
                })),
                onOrganizationFailed: (f: OrganizationFailure, endpoint: EndpointName) => {
                  syncFailures.current?.add(f.name);
                  warn(failureNotice(f, `this sync of ${endpoint}`));
                },
              }),
          ...(options.organizations === undefined ? {} : { organizationNames: options.organizations }),
          now: notebookEnv(env).now,
          onNotice: log,
          onSyncProgress: (p, org) => syncRelay.current?.(p, org),
        });
  const retries = options.client?.retry?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
  const progressOf = (organization?: string): ProgressDisplay =>
    progressDisplay({ writer, maxAttempts: retries + 1, ...(organization === undefined ? {} : { organization }) });
  /** One organization's fetch of a query, with its progress line (named when several are read), interruptible. */
  const fetchOne = async <E extends EndpointName>(
    client: Connection['client'],
    endpoint: E,
    query: UsageQuery,
    organization?: string,
  ): Promise<WireBucket<EndpointResultMap[E]>[]> => {
    const progress = progressOf(organization);
    relay.current = progress;
    // Shown before the first page arrives, so the line appears at once and the elapsed time counts from here.
    progress.onProgress({ endpoint, pages: 0, buckets: 0, results: 0, done: false });
    const controller = new AbortController();
    running.add(controller);
    try {
      const onProgress = (p: FetchProgress): void => progress.onProgress(p);
      return await client.fetchAll(endpoint, query, { onProgress, signal: controller.signal });
    } finally {
      running.delete(controller);
      delete relay.current;
    }
  };
  /**
   * A store read (source "store") or a sync then read ("sync", its progress in place of fetch progress: windows,
   * requests, rows, the time left; several organizations: a line for each, named).
   */
  const withStoreProgress = async <T>(endpoint: EndpointName, read: () => Promise<T>): Promise<T> => {
    if (source === 'store') return guard(read(), writer);
    const one = several === undefined ? progressOf() : undefined;
    if (one !== undefined) relay.current = one;
    const lines = new Map<string, ProgressDisplay>();
    syncRelay.current = (p, org) => {
      const line = one ?? lines.get(org) ?? progressOf(org);
      lines.set(org, line);
      relay.current = line;
      line.onSync(p, endpoint);
    };
    try {
      return await guard(read(), writer);
    } finally {
      delete relay.current;
      delete syncRelay.current;
    }
  };
  /** A query's buckets as `fetch` gives them (the store, one organization's API, or several merged). */
  const fetchBuckets = async <E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
  ): Promise<WireBucket<EndpointResultMap[E]>[]> => {
    if (reader !== undefined) return withStoreProgress(endpoint, () => reader.read(endpoint, query));
    if (several === undefined) return guard(fetchOne(conn.client, endpoint, query), writer);
    return guard(
      readOrganizations(
        several.read,
        (o) => fetchOne(o.client, endpoint, query, o.identity.name),
        (f) => warn(failureNotice(f, `this read of ${endpoint}`)),
      ),
      writer,
    );
  };
  /**
   * The queries' table: from the store's columns when every read gives columns, else from the buckets one after the
   * other (the ones read as columns read again as buckets: rows that keep fields the catalogue did not know).
   */
  const readTable = async <E extends EndpointName, T>(
    endpoint: E,
    queries: UsageQuery | readonly UsageQuery[],
    fromColumns: (parts: readonly ResultColumns[]) => T,
    fromBuckets: (buckets: WireBucket<EndpointResultMap[E]>[]) => T,
  ): Promise<T> => {
    const list: readonly UsageQuery[] = isQueryList(queries) ? queries : [queries];
    const buckets: WireBucket<EndpointResultMap[E]>[] = [];
    if (reader === undefined) {
      for (const query of list) buckets.push(...(await fetchBuckets(endpoint, query)));
      return fromBuckets(buckets);
    }
    const reads: TableRead<E>[] = [];
    for (const query of list) reads.push(await withStoreProgress(endpoint, () => reader.readColumns(endpoint, query)));
    const parts: ResultColumns[] = [];
    for (const read of reads) if (read.kind === 'columns') parts.push(read.columns);
    if (parts.length === reads.length)
      return guard(
        Promise.resolve().then(() => fromColumns(parts)),
        writer,
      );
    for (const [k, read] of reads.entries()) {
      const query = list[k];
      if (read.kind === 'results') buckets.push(...read.buckets);
      else if (query !== undefined) buckets.push(...(await fetchBuckets(endpoint, query)));
    }
    return fromBuckets(buckets);
  };
  function table<E extends UsageEndpointName>(
    endpoint: E,
    queries: UsageQuery | readonly UsageQuery[],
  ): Promise<UsageTable<E>>;
  function table(endpoint: 'costs', queries: UsageQuery | readonly UsageQuery[]): Promise<CostTable>;
  function table(endpoint: EndpointName, queries: UsageQuery | readonly UsageQuery[]): Promise<UsageTable | CostTable> {
    if (endpoint === 'costs') return readTable(endpoint, queries, costTableFromColumns, costTable);
    return readTable(
      endpoint,
      queries,
      (parts) => usageTableFromColumns(endpoint, parts),
      (buckets) => usageTable(endpoint, buckets),
    );
  }
  const organizationNames = several?.read.map((o) => o.identity.name);
  return {
    ...conn,
    close: async () => {
      process.off('SIGINT', onInterrupt);
      await reader?.close();
      await conn.close();
    },
    about: (params) =>
      reportAbout({
        mode: conn.mode,
        baseURL:
          several === undefined ? conn.baseURL : [...new Set(several.read.map((o) => o.client.baseURL))].join(', '),
        ...(organizationNames === undefined ? {} : { organization: organizationNames.join(', ') }),
        start: params.wire.start_time,
        end: params.wire.start_time + params.rangeSeconds,
        ...(source === 'api' ? {} : { store: { source, label: storeLabel(location) } }),
      }),
    // Reading the store makes no request, names included: they come from the directory the last sync stored.
    names:
      source === 'store' && reader !== undefined
        ? storeNamesLoader(reader, log)
        : several === undefined
          ? namesLoader(conn.client, log)
          : organizationsNamesLoader(
              several.read.map((o) => ({ name: o.identity.name, client: o.client })),
              log,
            ),
    budgets: async (projectIds) => {
      if (several !== undefined) {
        const parts: ApiBudgets[] = [];
        for (const o of several.read) parts.push(await loadBudgets(o.client, projectIds, writer));
        return budgetsOfOrganizations(parts);
      }
      if (source !== 'store' || reader === undefined) return loadBudgets(conn.client, projectIds, writer);
      const fallback = { spendLimit: null, spendAlerts: [], projectLimits: {} };
      try {
        const stored = await reader.organizations();
        const budgets = budgetsFromStored(await Promise.all(stored.map((o) => reader.spendLimits(o.id))));
        if (budgets === null)
          warn(
            'Spend limits not in the store (its last sync could not read them): the forecast uses the budget parameter only.',
          );
        return budgets ?? fallback;
      } catch (err) {
        warn(`Spend limits unavailable, the forecast uses the budget parameter only (${enrichmentFailure(err)}).`);
        return fallback;
      }
    },
    organizationSpend: async (range, spendOptions = {}) => {
      if (source === 'store' && reader !== undefined)
        return guard(storeOrganizationSpend(reader, range, spendOptions), writer);
      const orgs = await guard(
        connectOrganizations({
          env,
          dotenvPath,
          log,
          ...(notebookEnv(env).fixedNow ? { now: () => notebookEnv(env).now } : {}),
        }),
        writer,
      );
      try {
        const picked = selectOrganizations(orgs, spendOptions.organizations ?? null);
        const days = await guard(organizationDaySpend(picked, range), writer);
        const rows = await guard(
          organizationUsage(picked, range, { names: spendOptions.names ?? true, notice: (line) => log(line) }),
          writer,
        );
        return { days, rows };
      } finally {
        await orgs.close();
      }
    },
    fetch: fetchBuckets,
    table,
    fetchByOrganization: async <E extends EndpointName>(
      endpoint: E,
      queries: UsageQuery | readonly UsageQuery[],
    ): Promise<OrganizationBuckets<EndpointResultMap[E]>[]> => {
      const list: readonly UsageQuery[] = isQueryList(queries) ? queries : [queries];
      const reads: OrganizationBuckets<EndpointResultMap[E]>[][] = [];
      // An organization failing one query is left out of every one (part of its history would judge it wrongly),
      // said once.
      const failed = new Set<string>();
      // Source "sync": an organization whose sync of one query failed is read from the store for the others.
      const syncFailed = new Set<string>();
      syncFailures.current = syncFailed;
      try {
        for (const query of list) {
          if (reader !== undefined)
            reads.push(await withStoreProgress(endpoint, () => readApart(reader, endpoint, query)));
          else if (several === undefined) {
            const buckets = await guard(fetchOne(conn.client, endpoint, query), writer);
            // Its ID as its server names it (the header of the answer just read), else the name standing in for it.
            const id = conn.client.organizationId ?? organization.id;
            reads.push([{ organization_id: id, organization: conn.name, buckets }]);
          } else
            reads.push(
              await guard(
                readOrganizationsApart(
                  several.read.filter((o) => !failed.has(o.identity.id)),
                  (o) => fetchOne(o.client, endpoint, query, o.identity.name),
                  (f) => {
                    for (const o of several.read) if (o.identity.name === f.name) failed.add(o.identity.id);
                    warn(failureNotice(f, `this read of ${endpoint}`));
                  },
                ),
                writer,
              ),
            );
        }
      } finally {
        delete syncFailures.current;
      }
      return concatParts(reads).filter((p) => !failed.has(p.organization_id) && !syncFailed.has(p.organization));
    },
    budgetsByOrganization: async (parts) => {
      const out = new Map<string, ApiBudgets>();
      for (const part of parts) {
        if (source === 'store' && reader !== undefined) {
          const budgets = await reader.spendLimits(part.organization_id).then(storedBudgets, (err: unknown) => {
            warn(`Spend limits of ${part.organization} unavailable (${enrichmentFailure(err)}).`);
            return undefined;
          });
          if (budgets === null)
            warn(
              `Spend limits of ${part.organization} not in the store (its last sync could not read them): budget ` +
                'rules without an amount have no budget there.',
            );
          if (budgets !== null && budgets !== undefined) out.set(part.organization_id, budgets);
          continue;
        }
        // Each organization's own API (the key that read its part).
        const own =
          several?.read.find((o) => o.identity.id === part.organization_id) ??
          several?.read.find((o) => o.identity.name === part.organization);
        const client = own?.client ?? (several === undefined ? conn.client : undefined);
        if (client === undefined) continue;
        // Not loadBudgets' fallback (empty limits, a notice about the forecast): no entry, a notice naming it.
        const without = 'budget rules without an amount have no budget for them';
        const budgets = await readBudgets(client, projectsOf(part), warn, without).catch((err: unknown) => {
          warn(
            `Spend limits of ${part.organization} unavailable (${enrichmentFailure(err)}): budget rules without an ` +
              'amount have no budget there.',
          );
          return undefined;
        });
        if (budgets !== undefined) out.set(part.organization_id, budgets);
      }
      return out;
    },
  };
}

/** A list of queries, not one (a query is an object, never an array). */
function isQueryList(queries: UsageQuery | readonly UsageQuery[]): queries is readonly UsageQuery[] {
  return Array.isArray(queries);
}
