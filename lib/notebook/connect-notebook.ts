import path from 'node:path';
import {
  DEFAULT_RETRY_POLICY,
  resolveOrganization,
  enrichmentFailure,
  type ApiBudgets,
  type ClientOptions,
  type FetchProgress,
  type RetryInfo,
  type UsageQuery,
} from '../api/index';
import type { EndpointName, EndpointResultMap, WireBucket } from '../catalogue/index';
import { connect, connectOrganizations, type Connection } from '../demo/index';
import { reportAbout, type ReportAbout } from '../export/index';
import { budgetsFromStored, loadBudgets } from './notebook-budgets';
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
import { namesLoader, type NamesLoader } from './notebook-names';
import { progressDisplay, type ProgressDisplay } from './progress-display';
import { guard } from './show-error';
import { parseSource, storeNamesLoader, storeReader } from './store-reader';
import { resolveStoreLocation, storeLabel, organizationByName, type SyncProgress } from '../store/index';
import { showNotice } from './show-notice';
import { tslabWriter } from './tslab-writer';

/** A connection plus a notebook-friendly fetch (progress display, short errors). */
export interface NotebookConnection extends Connection {
  /**
   * `client.fetchAll` with an in-place progress line; API errors are shown briefly and stop the cell. Interrupting
   * the kernel (JupyterLab's stop button sends SIGINT, which tslab turns into ending the cell) aborts the requests
   * in flight, so nothing keeps fetching behind the next cell.
   */
  fetch<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]>;
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
   * The `organizations` parameter: with source "store", the organizations read (configured names, any case; null:
   * every one in the store). Sources "api" and "sync" read the one organization of `OPENAI_ADMIN_KEY`.
   */
  organizations?: readonly string[] | null;
  /** Per-attempt timeout and retry policy of the client (e.g. patience with a slow proxy). @default the client's */
  client?: Pick<ClientOptions, 'timeoutMs' | 'retry'>;
}

/**
 * Connects like `connect()` (OPENAI_ADMIN_KEY/OPENAI_BASE_URL from the environment or `<repo>/.env`; demo emulator
 * without a key) and shows the mode notice as a note, never the key.
 * @example const conn = await connectNotebook(); const buckets = await conn.fetch('costs', params.query);
 */
export async function connectNotebook(options: ConnectNotebookOptions = {}): Promise<NotebookConnection> {
  const writer = options.writer ?? tslabWriter();
  const env = options.env ?? process.env;
  const relay: { current?: ProgressDisplay } = {};
  const syncRelay: { current?: (p: SyncProgress) => void } = {};
  // One notice per message and connection: the directory a sync stores and the names the notebook asks for may
  // both say the same thing about the same directory.
  const shown = new Set<string>();
  const log = (line: string): void => {
    if (shown.has(line)) return;
    shown.add(line);
    showNotice(line, 'info', writer);
  };
  // tslab ends the cell on SIGINT but leaves its promises running: abort our fetches with it. One listener per
  // connection, added here and never removed while it is open (adding and removing SIGINT listeners while a cell
  // runs was seen to kill the tslab kernel on the interrupt).
  const running = new Set<AbortController>();
  const onInterrupt = (): void => {
    for (const c of running) c.abort(new DOMException('Interrupted by the kernel', 'AbortError'));
  };
  process.on('SIGINT', onInterrupt);
  // One organization named by the `organizations` parameter is the one an API or sync source reads (a store read
  // picks its organizations from the store instead, and needs no key for them).
  const single = options.organizations?.length === 1 ? options.organizations[0] : undefined;
  const readsStore = (options.source ?? env['USAGE_SOURCE'])?.trim().toLowerCase() === 'store';
  const conn = await guard(
    connect({
      env,
      ...(single === undefined || readsStore ? {} : { organization: single }),
      dotenvPath: options.dotenvPath ?? path.join(notebookEnv(env).root, '.env'),
      log,
      clientOptions: { ...options.client, onRetry: (info: RetryInfo) => relay.current?.onRetry(info) },
    }),
    writer,
  ).catch((err: unknown) => {
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
    source === 'sync'
      ? await guard(
          resolveOrganization(conn.client, { name }, env, { onNotice: log, now: notebookEnv(env).now * 1000 }),
          writer,
        )
      : organizationByName(name);
  const root = notebookEnv(env).root;
  if (source !== 'store' && options.organizations != null && options.organizations.length > 1)
    log(
      `organizations ${JSON.stringify(options.organizations)}: only source "store" reads several organizations; ` +
        `source "${source}" reads one, ${conn.name}${conn.mode === 'demo' ? ' (the demo)' : ''}.`,
    );
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
          ...(options.organizations === undefined ? {} : { organizationNames: options.organizations }),
          now: notebookEnv(env).now,
          onNotice: log,
          onSyncProgress: (p) => syncRelay.current?.(p),
        });
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
        baseURL: conn.baseURL,
        start: params.wire.start_time,
        end: params.wire.start_time + params.rangeSeconds,
        ...(source === 'api' ? {} : { store: { source, label: storeLabel(location) } }),
      }),
    // Reading the store makes no request, names included: they come from the directory the last sync stored.
    names: source === 'store' && reader !== undefined ? storeNamesLoader(reader, log) : namesLoader(conn.client, log),
    budgets: async (projectIds) => {
      if (source !== 'store' || reader === undefined) return loadBudgets(conn.client, projectIds, writer);
      const warn = (line: string): void => showNotice(line, 'warning', writer);
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
          dotenvPath: options.dotenvPath ?? path.join(root, '.env'),
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
    fetch: async (endpoint, query) => {
      if (reader !== undefined && source === 'store') return guard(reader.read(endpoint, query), writer);
      const retries = options.client?.retry?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
      const progress = progressDisplay({ writer, maxAttempts: retries + 1 });
      relay.current = progress;
      try {
        if (reader !== undefined) {
          // Sync progress in place of fetch progress: windows, requests, rows and the time left.
          syncRelay.current = (p) => progress.onSync(p, endpoint);
          return await guard(reader.read(endpoint, query), writer);
        }
        // Shown before the first page arrives, so the line appears at once and the elapsed time counts from here.
        progress.onProgress({ endpoint, pages: 0, buckets: 0, results: 0, done: false });
        const controller = new AbortController();
        running.add(controller);
        try {
          const onProgress = (p: FetchProgress): void => progress.onProgress(p);
          return await guard(conn.client.fetchAll(endpoint, query, { onProgress, signal: controller.signal }), writer);
        } finally {
          running.delete(controller);
        }
      } finally {
        delete relay.current;
        delete syncRelay.current;
      }
    },
  };
}
