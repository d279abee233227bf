import { ENDPOINTS, type EndpointName, WIDTH_SECONDS, type BucketWidth, type WireBucket } from '../catalogue/index';
import { BucketColumns, rowsToColumns, type ColumnCells } from './column-batch';
import { ensureBiViews } from './bi-views';
import { addCoverage, missingRanges, type CoverageInterval } from './coverage';
import {
  ALERT_DELIVERY_COLUMNS,
  ALERT_EVENT_COLUMNS,
  COVERAGE_COLUMNS,
  CURRENT_VERSION,
  DIRECTORY_COLUMNS,
  MIGRATIONS,
  ORGANIZATION_COLUMNS,
  bookkeepingTables,
} from './migrations';
import { q, type Param, type Row, type SqlDriver } from './sql-driver';
import {
  StoreCoverageError,
  StorePartialBucketError,
  StoreSchemaError,
  type AlertDelivery,
  type AlertEventKey,
  type AlertEventRecord,
  type CoverageKey,
  type DirectoryEntry,
  type DuckDbStatement,
  type OrganizationIdentity,
  type RangeQuery,
  type StoredDirectoryEntry,
  type StoredOrganization,
  type UsageStore,
  type WindowWrite,
} from './store';
import {
  allTableSchemas,
  groupingKey,
  groupingsHolding,
  parseGroupingKey,
  resultFromRow,
  tableSchema,
  tableSchemaOf,
  type StoredResult,
  type AttributeColumn,
  type Cell,
  type Column,
  type TableSchema,
} from './table-schema';

// The adapters import the driver types from here with the shared store.
export type { Param, Row, SqlDriver } from './sql-driver';

export { q } from './sql-driver';

export function createTableSql(table: string, columns: readonly Column[]): string {
  return `CREATE TABLE IF NOT EXISTS ${q(table)} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`;
}

function num(v: Cell | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new TypeError(`invalid stored number: ${JSON.stringify(v)}`);
}

/** Creates or migrates the schema: versioned migrations first, then tables/columns the catalogue gained since. */
export async function migrateSchema(
  db: SqlDriver,
  location: string,
  transaction: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<number> {
  await transaction(async () => {
    // Read inside the transaction: an adapter that serializes openers (PostgreSQL) then sees the winner's tables.
    const tables = new Set(await db.tableNames());
    if (!tables.has('schema_version')) {
      if (tables.has('coverage'))
        throw new StoreSchemaError(
          `store ${location} has usage tables but no schema_version table: not a store this code wrote`,
        );
      for (const [name, cols] of bookkeepingTables()) await db.exec(createTableSql(name, cols));
      await db.exec('INSERT INTO schema_version (version, migrated_at) VALUES ($1, $2)', [
        CURRENT_VERSION,
        Math.floor(Date.now() / 1000),
      ]);
    }
    const rows = await db.query('SELECT max(version) AS version FROM schema_version');
    const version = rows[0]?.['version'];
    if (version === null || version === undefined)
      throw new StoreSchemaError(`store ${location} has an empty schema_version table`);
    const from = num(version);
    if (from > CURRENT_VERSION) {
      throw new StoreSchemaError(
        `store ${location} has schema version ${from}, newer than this code's ${CURRENT_VERSION}: update the project before using it`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.from >= from && m.to <= CURRENT_VERSION) await m.up(db);
    }
    if (from < CURRENT_VERSION) {
      await db.exec('INSERT INTO schema_version (version, migrated_at) VALUES ($1, $2)', [
        CURRENT_VERSION,
        Math.floor(Date.now() / 1000),
      ]);
    }
    // Additive catalogue changes (a new endpoint, metric or dimension) need no version: new tables and columns.
    const present = new Set(await db.tableNames());
    const wanted: Array<[string, readonly Column[]]> = [
      ...bookkeepingTables(),
      ...allTableSchemas().flatMap((t): Array<[string, readonly Column[]]> => [
        [t.table, t.columns],
        [t.partialTable, t.columns],
      ]),
    ];
    for (const [table, columns] of wanted) {
      if (!present.has(table)) {
        await db.exec(createTableSql(table, columns));
        continue;
      }
      const have = new Set(await db.columnNames(table));
      for (const c of columns)
        if (!have.has(c.name)) await db.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${q(c.name)} ${c.type}`);
    }
    await ensureBiViews(db);
  });
  return CURRENT_VERSION;
}

const ALERT_KEY = 'organization = $1 AND rule = $2 AND scope = $3 AND period = $4 AND state = $5';
const alertKey = (k: AlertEventKey): Param[] => [k.organization, k.rule, k.scope, k.period, k.state];
const DELIVERY_STATUSES: ReadonlyArray<AlertDelivery['status']> = ['pending', 'delivered', 'failed'];

function alertDeliveryOf(r: Row): AlertDelivery {
  const state = String(r['state']);
  const status = DELIVERY_STATUSES.find((x) => x === r['status']);
  if ((state !== 'firing' && state !== 'resolved') || status === undefined)
    throw new TypeError(`invalid stored alert delivery: state ${state}, status ${String(r['status'])}`);
  return {
    organization: String(r['organization']),
    rule: String(r['rule']),
    scope: String(r['scope']),
    period: String(r['period']),
    state,
    ruleType: String(r['rule_type']),
    payload: String(r['payload']),
    channel: String(r['channel']),
    status,
    attempts: num(r['attempts']),
    lastError: r['last_error'] === null || r['last_error'] === undefined ? null : String(r['last_error']),
    updatedAt: num(r['updated_at']),
  };
}

/** The pseudo-dimension of `RangeQuery.groupBy` that keeps organizations apart. */
const ORGANIZATION_DIM = 'organization_id';

/** One organization's stored grouping a read sums from. */
interface ReadSource {
  organizationId: string;
  grouping: string;
}

/** `(organization_id = $i AND group_by = $j) OR …` for the sources, its parameters appended to `params`. */
function sourcesFilter(sources: readonly ReadSource[], params: Param[]): string {
  const parts = sources.map((src) => {
    params.push(src.organizationId, src.grouping);
    return `(organization_id = $${params.length - 1} AND group_by = $${params.length})`;
  });
  return `(${parts.join(' OR ')})`;
}

/** Every table whose rows carry an organization: data and partial tables, coverage, directory. */
function organizationTables(): string[] {
  return [...allTableSchemas().flatMap((t) => [t.table, t.partialTable]), 'coverage', 'partial_coverage', 'directory'];
}

function idSourceOf(v: Cell | undefined): OrganizationIdentity['idSource'] {
  if (v === 'header' || v === 'env' || v === 'name') return v;
  throw new TypeError(`invalid stored id_source: ${JSON.stringify(v)}`);
}

function bucketGrid(start: number, end: number, width: BucketWidth): Array<{ start: number; end: number }> {
  const size = WIDTH_SECONDS[width];
  const out: Array<{ start: number; end: number }> = [];
  for (let t = start; t < end;) {
    const stop = Math.min(Math.floor(t / size) * size + size, end);
    out.push({ start: t, end: stop });
    t = stop;
  }
  return out;
}

/** The shared store logic over a driver; adapters add opening, locking and transactions. */
export abstract class SqlStore implements UsageStore {
  abstract readonly kind: 'duckdb' | 'postgres';
  abstract readonly location: string;
  protected abstract readonly db: SqlDriver;
  abstract lock(options?: { waitMs?: number }): Promise<void>;
  abstract unlock(): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract transaction<T>(fn: () => Promise<T>): Promise<T>;

  async schemaVersion(): Promise<number> {
    const rows = await this.db.query('SELECT max(version) AS version FROM schema_version');
    return num(rows[0]?.['version'] ?? null);
  }

  async coverage(key: CoverageKey): Promise<CoverageInterval[]> {
    const rows = await this.db.query(
      'SELECT start_time, end_time, final FROM coverage WHERE organization_id = $1 AND endpoint = $2 AND group_by = $3 AND bucket_width = $4 ORDER BY start_time',
      [key.organizationId, key.endpoint, key.grouping, key.width],
    );
    return rows.map((r) => ({ start: num(r['start_time']), end: num(r['end_time']), final: r['final'] === true }));
  }

  async coverageKeys(organizationIds?: readonly string[]): Promise<CoverageKey[]> {
    const params: Param[] = [...new Set(organizationIds ?? [])];
    if (organizationIds !== undefined && params.length === 0) return [];
    const where =
      organizationIds === undefined
        ? ''
        : `WHERE organization_id IN (${params.map((_, i) => `$${i + 1}`).join(', ')}) `;
    const rows = await this.db.query(
      `SELECT DISTINCT organization_id, endpoint, group_by, bucket_width FROM coverage ${where}ORDER BY organization_id, endpoint, group_by, bucket_width`,
      params,
    );
    return rows.map((r) => ({
      organizationId: String(r['organization_id']),
      endpoint: String(r['endpoint']) as EndpointName,
      grouping: String(r['group_by']),
      width: String(r['bucket_width']) as BucketWidth,
    }));
  }

  async writeWindow(w: WindowWrite): Promise<number> {
    const schema = tableSchema(ENDPOINTS[w.endpoint]);
    const rows = new BucketColumns(
      schema,
      w.buckets.reduce((n, b) => n + b.results.length, 0),
    );
    for (const b of w.buckets) {
      if (b.start_time < w.start || b.start_time >= w.end) {
        throw new RangeError(`bucket ${b.start_time} of ${w.endpoint} is outside the window [${w.start}, ${w.end})`);
      }
      rows.add(w.organizationId, w.width, w.grouping, b);
    }
    if (w.partial === true) return this.#writePartial(schema, w, rows);
    return this.transaction(async () => {
      const covered = await this.coverage(w);
      // Rows exist only where coverage was recorded (same transaction), so a first write has nothing to delete.
      if (covered.some((c) => c.start < w.end && c.end > w.start)) {
        await this.db.exec(
          `DELETE FROM ${q(schema.table)} WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5`,
          [w.organizationId, w.width, w.grouping, w.start, w.end],
        );
      }
      if (rows.rowCount > 0) await this.db.bulkInsert(schema.table, schema.columns, rows);
      const next = addCoverage(covered, { start: w.start, end: w.end, final: w.final });
      await this.db.exec(
        'DELETE FROM coverage WHERE organization_id = $1 AND endpoint = $2 AND group_by = $3 AND bucket_width = $4',
        [w.organizationId, w.endpoint, w.grouping, w.width],
      );
      await this.db.bulkInsert(
        'coverage',
        COVERAGE_COLUMNS,
        rowsToColumns(
          COVERAGE_COLUMNS.length,
          next.map((i) => [w.organizationId, w.endpoint, w.grouping, w.width, i.start, i.end, i.final, w.syncedAt]),
        ),
      );
      return rows.rowCount;
    });
  }

  /**
   * Stores one partial first bucket, replacing any partial bucket of the same grid bucket (at most one per bucket,
   * key and width, so repeated notebook runs do not pile them up).
   */
  async #writePartial(schema: TableSchema, w: WindowWrite, rows: ColumnCells): Promise<number> {
    const size = WIDTH_SECONDS[w.width];
    const bucket = Math.floor(w.start / size) * size;
    if (w.start === bucket || w.end > bucket + size || w.end <= w.start)
      throw new RangeError(
        `invalid partial bucket [${w.start}, ${w.end}) of ${w.endpoint} at ${w.width}: it must start inside one bucket and end by its boundary`,
      );
    return this.transaction(async () => {
      const key: Param[] = [w.organizationId, w.width, w.grouping, bucket, bucket + size];
      await this.db.exec(
        `DELETE FROM ${q(schema.partialTable)} WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5`,
        key,
      );
      await this.db.exec(
        'DELETE FROM partial_coverage WHERE organization_id = $1 AND bucket_width = $2 AND group_by = $3 AND start_time >= $4 AND start_time < $5 AND endpoint = $6',
        [...key, w.endpoint],
      );
      if (rows.rowCount > 0) await this.db.bulkInsert(schema.partialTable, schema.columns, rows);
      await this.db.bulkInsert(
        'partial_coverage',
        COVERAGE_COLUMNS,
        rowsToColumns(COVERAGE_COLUMNS.length, [
          [w.organizationId, w.endpoint, w.grouping, w.width, w.start, w.end, w.final, w.syncedAt],
        ]),
      );
      return rows.rowCount;
    });
  }

  /** The partial buckets of one organization stored for exactly [start, end) of an endpoint at a width. */
  async partialCoverage(
    organizationId: string,
    endpoint: EndpointName,
    width: BucketWidth,
    start: number,
    end: number,
  ): Promise<Array<CoverageKey & { final: boolean }>> {
    const rows = await this.db.query(
      'SELECT group_by, final FROM partial_coverage WHERE organization_id = $1 AND endpoint = $2 AND bucket_width = $3 AND start_time = $4 AND end_time = $5 ORDER BY group_by',
      [organizationId, endpoint, width, start, end],
    );
    return rows.map((r) => ({
      organizationId,
      endpoint,
      width,
      grouping: String(r['group_by']),
      final: r['final'] === true,
    }));
  }

  /** The organizations a read covers: the query's, else every one with this endpoint stored. */
  async #organizationsOf(schema: TableSchema, query: RangeQuery): Promise<string[]> {
    if (query.organizations !== undefined) return [...new Set(query.organizations)].sort();
    const rows = await this.db.query(
      'SELECT DISTINCT organization_id FROM coverage WHERE endpoint = $1 ORDER BY organization_id',
      [schema.endpoint],
    );
    return rows.map((r) => String(r['organization_id']));
  }

  /**
   * The stored grouping of one organization that can answer `groupBy` over the range: the smallest superset fully
   * covered.
   */
  async #pickGrouping(
    schema: TableSchema,
    organizationId: string | undefined,
    query: RangeQuery,
    wanted: string,
  ): Promise<string> {
    const want = parseGroupingKey(wanted);
    const keys = organizationId === undefined ? [] : await this.coverageKeys([organizationId]);
    const candidates = groupingsHolding(
      keys.filter((k) => k.endpoint === schema.endpoint && k.width === query.width),
      want,
    );
    let best: { grouping: string; missing: Array<{ start: number; end: number }> } | undefined;
    for (const k of candidates) {
      const missing = missingRanges(await this.coverage(k), query.start, query.end, () => true);
      if (missing.length === 0) return k.grouping;
      best ??= { grouping: k.grouping, missing };
    }
    const gap =
      best === undefined
        ? 'nothing is stored'
        : `missing ${best.missing.map((m) => `[${m.start}, ${m.end})`).join(', ')}`;
    const of = organizationId === undefined ? '' : ` of organization ${JSON.stringify(organizationId)}`;
    throw new StoreCoverageError(
      `store ${this.location} does not hold ${schema.endpoint}${of} at ${query.width} grouped by [${want.join(', ')}] for [${query.start}, ${query.end}): ${gap} (run sync for that range)`,
    );
  }

  async readRange<E extends EndpointName>(endpoint: E, query: RangeQuery): Promise<WireBucket<StoredResult<E>>[]> {
    const spec = ENDPOINTS[endpoint];
    const schema = tableSchemaOf(endpoint);
    const asked = query.groupBy ?? [];
    const byOrganization = asked.includes(ORGANIZATION_DIM);
    const dims = asked.filter((d) => d !== ORGANIZATION_DIM);
    const wanted = groupingKey(spec, dims);
    // Filtered dimensions must be in the stored grouping too, or the filter would see nulls.
    const needed = groupingKey(spec, [
      ...dims,
      ...Object.keys(query.where ?? {}).filter((d) => spec.groupBy.includes(d)),
    ]);
    const organizations = await this.#organizationsOf(schema, query);
    const wholeSources = async (range: RangeQuery): Promise<ReadSource[]> => {
      // Nothing stored of any organization: the same error as before organizations ("nothing is stored").
      if (organizations.length === 0 && query.organizations === undefined)
        await this.#pickGrouping(schema, undefined, range, needed);
      const out: ReadSource[] = [];
      for (const organizationId of organizations)
        out.push({ organizationId, grouping: await this.#pickGrouping(schema, organizationId, range, needed) });
      return out;
    };
    const size = WIDTH_SECONDS[query.width];
    const boundary = Math.floor(query.start / size) * size + size;
    if (query.start % size === 0 || query.start >= query.end) {
      const sources = await wholeSources(query);
      return this.#readBuckets(schema, schema.table, sources, wanted, byOrganization, query);
    }
    // A start inside a bucket: the API's partial first bucket, then whole buckets from the next boundary.
    const headEnd = Math.min(boundary, query.end);
    const want = parseGroupingKey(needed);
    const heads: ReadSource[] = [];
    for (const organizationId of organizations) {
      const partials = await this.partialCoverage(organizationId, endpoint, query.width, query.start, headEnd);
      const held = groupingsHolding(partials, want)[0];
      if (held === undefined)
        throw new StorePartialBucketError(
          `store ${this.location} does not hold the partial first ${query.width} bucket [${query.start}, ${headEnd}) of ${endpoint} ` +
            `of organization ${JSON.stringify(organizationId)} grouped by [${want.join(', ')}]: ` +
            `the range starts inside a bucket (sync that range with source "sync", or start at ${boundary - size} or ${boundary})`,
        );
      heads.push({ organizationId, grouping: held.grouping });
    }
    if (organizations.length === 0 && query.organizations === undefined)
      throw new StorePartialBucketError(
        `store ${this.location} does not hold the partial first ${query.width} bucket [${query.start}, ${headEnd}) of ${endpoint} grouped by [${want.join(', ')}]: ` +
          `nothing is stored (sync that range with source "sync", or start at ${boundary - size} or ${boundary})`,
      );
    const head = await this.#readBuckets(schema, schema.partialTable, heads, wanted, byOrganization, {
      ...query,
      end: headEnd,
    });
    if (headEnd >= query.end) return head;
    const rest = { ...query, start: headEnd };
    const sources = await wholeSources(rest);
    return [...head, ...(await this.#readBuckets(schema, schema.table, sources, wanted, byOrganization, rest))];
  }

  /**
   * The buckets of [start, end) from one table, each organization's rows from its stored grouping, summed to
   * `wanted` (and kept apart per organization when `byOrganization`), one bucket per grid span.
   */
  async #readBuckets<E extends EndpointName>(
    schema: TableSchema<E>,
    table: string,
    sources: readonly ReadSource[],
    wanted: string,
    byOrganization: boolean,
    query: RangeQuery,
  ): Promise<WireBucket<StoredResult<E>>[]> {
    const dims = schema.dims.filter((d) => parseGroupingKey(wanted).includes(d.name));
    const params: Param[] = [query.width, query.start, query.end];
    let filter = ` AND ${sourcesFilter(sources, params)}`;
    for (const [dim, values] of Object.entries(query.where ?? {})) {
      if (!schema.dims.some((d) => d.name === dim))
        throw new TypeError(
          `invalid filter for ${schema.endpoint}: ${JSON.stringify(dim)} (dimensions: ${schema.dims.map((d) => d.name).join(', ')})`,
        );
      const marks = values.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      filter += marks.length === 0 ? ' AND FALSE' : ` AND ${q(dim)} IN (${marks.join(', ')})`;
    }
    let rows: Row[];
    const org = byOrganization ? [ORGANIZATION_DIM] : [];
    if (sources.length === 0) {
      rows = [];
    } else if (sources.length === 1 && sources[0]?.grouping === wanted) {
      const order = ['start_time', ...org, ...schema.dims.map((d) => d.name)]
        .map((n) => `${q(n)} NULLS FIRST`)
        .join(', ');
      // The columns a result is rebuilt from, not the key columns every row repeats (width, grouping).
      const cols = [
        'start_time',
        'end_time',
        ...org,
        ...[...schema.dims, ...schema.values, ...schema.attributes].map((c) => c.name),
      ];
      rows = await this.db.query(
        `SELECT ${[...cols.map(q), q('extra')].join(', ')} FROM ${q(table)} WHERE bucket_width = $1 AND start_time >= $2 AND start_time < $3${filter} ORDER BY ${order}`,
        params,
      );
    } else {
      // Coarser than stored, or several organizations summed: one row per bucket and asked dimensions.
      // Coarser grouping than stored: sum the values; attributes that depend on a dropped dimension become null.
      const keepUnit = parseGroupingKey(wanted).includes('line_item');
      const kept = (a: AttributeColumn): boolean => a.role === 'currency' || keepUnit;
      const attrs = schema.attributes.map((a) => (kept(a) ? q(a.name) : `NULL AS ${q(a.name)}`));
      const attrGroups = schema.attributes.filter(kept).map((a) => q(a.name));
      // A quantity only adds up within one line item (its unit); the API leaves it null otherwise.
      const valueSql = schema.values.map((v) =>
        v.kind === 'quantity' && !keepUnit ? `NULL AS ${q(v.name)}` : `sum(${q(v.name)}) AS ${q(v.name)}`,
      );
      const keyCols = [...org.map(q), ...dims.map((d) => q(d.name))];
      // Grouped by start only (not end): organizations' buckets of one span end alike, but a partial bucket synced
      // at another moment may not; the bucket ends at the latest.
      const groups = ['start_time', ...keyCols, ...attrGroups];
      rows = await this.db.query(
        `SELECT ${['start_time', 'max(end_time) AS end_time', ...keyCols, ...valueSql, ...attrs].join(', ')} ` +
          `FROM ${q(table)} WHERE bucket_width = $1 AND start_time >= $2 AND start_time < $3${filter} ` +
          `GROUP BY ${groups.join(', ')} ORDER BY ${['start_time', ...keyCols].map((n) => `${n} NULLS FIRST`).join(', ')}`,
        params,
      );
    }
    const byStart = new Map<number, Row[]>();
    for (const r of rows) {
      const s = num(r['start_time']);
      const list = byStart.get(s) ?? [];
      list.push(r);
      byStart.set(s, list);
    }
    const all = dims.length === schema.dims.length ? schema : { ...schema, dims };
    return bucketGrid(query.start, query.end, query.width).map((span) => {
      const list = byStart.get(span.start) ?? [];
      const first = list[0];
      return {
        object: 'bucket',
        start_time: span.start,
        end_time:
          first === undefined
            ? span.end
            : Math.min(
                list.reduce((m, r) => Math.max(m, num(r['end_time'])), num(first['end_time'])),
                span.end,
              ),
        results: list.map((r) =>
          resultFromRow(
            all,
            r,
            byOrganization
              ? { allDims: schema.dims, organizationId: r[ORGANIZATION_DIM] ?? null }
              : { allDims: schema.dims },
          ),
        ),
      };
    });
  }

  async replaceDirectory(organizationId: string, entries: readonly DirectoryEntry[], syncedAt: number): Promise<void> {
    await this.transaction(async () => {
      await this.db.exec('DELETE FROM directory WHERE organization_id = $1', [organizationId]);
      if (entries.length > 0) {
        await this.db.bulkInsert(
          'directory',
          DIRECTORY_COLUMNS,
          rowsToColumns(
            DIRECTORY_COLUMNS.length,
            entries.map((e) => [
              organizationId,
              e.kind,
              e.id,
              e.name,
              e.parent_id,
              JSON.stringify(e.attributes),
              syncedAt,
            ]),
          ),
        );
      }
    });
  }

  async readDirectory(organizationIds?: readonly string[]): Promise<StoredDirectoryEntry[]> {
    const params: Param[] = [...new Set(organizationIds ?? [])];
    if (organizationIds !== undefined && params.length === 0) return [];
    const where =
      organizationIds === undefined
        ? ''
        : `WHERE organization_id IN (${params.map((_, i) => `$${i + 1}`).join(', ')}) `;
    const rows = await this.db.query(
      `SELECT organization_id, kind, id, name, parent_id, attributes FROM directory ${where}ORDER BY organization_id, kind, id`,
      params,
    );
    return rows.map((r) => ({
      organization_id: String(r['organization_id']),
      kind: String(r['kind']),
      id: String(r['id']),
      name: r['name'] === null ? null : String(r['name']),
      parent_id: r['parent_id'] === null ? null : String(r['parent_id']),
      attributes: typeof r['attributes'] === 'string' ? (JSON.parse(r['attributes']) as Record<string, unknown>) : {},
    }));
  }

  async recordOrganization(identity: OrganizationIdentity, at: number): Promise<void> {
    if (identity.id === '')
      throw new TypeError('invalid organization ID: "" (the ID of rows written before organizations)');
    await this.transaction(async () => {
      const known = await this.db.query('SELECT 1 AS one FROM organizations WHERE organization_id = $1', [identity.id]);
      if (known.length > 0) {
        await this.db.exec(
          'UPDATE organizations SET name = $2, id_source = $3, synced_at = $4 WHERE organization_id = $1',
          [identity.id, identity.name, identity.idSource, at],
        );
        return;
      }
      await this.db.bulkInsert(
        'organizations',
        ORGANIZATION_COLUMNS,
        rowsToColumns(ORGANIZATION_COLUMNS.length, [[identity.id, identity.name, identity.idSource, at, at]]),
      );
    });
  }

  async listOrganizations(): Promise<StoredOrganization[]> {
    const rows = await this.db.query(
      'SELECT organization_id, name, id_source, first_synced_at, synced_at FROM organizations ORDER BY name, organization_id',
    );
    return rows.map((r) => ({
      id: String(r['organization_id']),
      name: String(r['name']),
      idSource: idSourceOf(r['id_source']),
      firstSyncedAt: num(r['first_synced_at']),
      syncedAt: num(r['synced_at']),
    }));
  }

  async hasUnlabelledRows(): Promise<boolean> {
    for (const table of ['coverage', 'partial_coverage', 'directory']) {
      const rows = await this.db.query(`SELECT 1 AS one FROM ${q(table)} WHERE organization_id = '' LIMIT 1`);
      if (rows.length > 0) return true;
    }
    return false;
  }

  async claimUnlabelledRows(organizationId: string): Promise<number> {
    if (organizationId === '') throw new TypeError('invalid organization ID: "" (nothing can claim as unlabelled)');
    return this.transaction(async () => {
      // Only an organization with no rows of its own claims: its rows and the unlabelled ones could overlap.
      for (const table of ['coverage', 'partial_coverage', 'directory']) {
        const own = await this.db.query(`SELECT 1 AS one FROM ${q(table)} WHERE organization_id = $1 LIMIT 1`, [
          organizationId,
        ]);
        if (own.length > 0) return 0;
      }
      const counted = await this.db.query("SELECT count(*) AS n FROM coverage WHERE organization_id = ''");
      const present = new Set(await this.db.tableNames());
      for (const table of organizationTables()) {
        if (!present.has(table)) continue;
        await this.db.exec(`UPDATE ${q(table)} SET organization_id = $1 WHERE organization_id = ''`, [organizationId]);
      }
      return num(counted[0]?.['n'] ?? 0);
    });
  }

  async recordAlertEvents(events: readonly AlertEventRecord[], recordedAt: number): Promise<AlertEventKey[]> {
    return this.transaction(async () => {
      const added: AlertEventKey[] = [];
      const seen = new Set<string>();
      for (const e of events) {
        const key: AlertEventKey = {
          organization: e.organization,
          rule: e.rule,
          scope: e.scope,
          period: e.period,
          state: e.state,
        };
        const id = JSON.stringify(alertKey(key));
        if (seen.has(id)) continue;
        seen.add(id);
        const known = await this.db.query(`SELECT 1 AS one FROM alert_events WHERE ${ALERT_KEY}`, alertKey(key));
        if (known.length > 0) continue;
        await this.db.bulkInsert(
          'alert_events',
          ALERT_EVENT_COLUMNS,
          rowsToColumns(ALERT_EVENT_COLUMNS.length, [[...alertKey(key), e.ruleType, e.payload, recordedAt]]),
        );
        const channels = [...new Set(e.channels)];
        if (channels.length > 0) {
          await this.db.bulkInsert(
            'alert_deliveries',
            ALERT_DELIVERY_COLUMNS,
            rowsToColumns(
              ALERT_DELIVERY_COLUMNS.length,
              channels.map((c) => [...alertKey(key), c, 'pending', 0, null, recordedAt]),
            ),
          );
        }
        added.push(key);
      }
      return added;
    });
  }

  async #deliveries(where: string): Promise<AlertDelivery[]> {
    const rows = await this.db.query(
      'SELECT d.organization, d.rule, d.scope, d.period, d.state, e.rule_type, e.payload, d.channel, d.status, ' +
        'd.attempts, d.last_error, d.updated_at FROM alert_deliveries d JOIN alert_events e ON ' +
        'e.organization = d.organization AND e.rule = d.rule AND e.scope = d.scope AND e.period = d.period AND ' +
        `e.state = d.state ${where} ORDER BY e.recorded_at, d.organization, d.rule, d.scope, d.period, d.state, d.channel`,
    );
    return rows.map(alertDeliveryOf);
  }

  undeliveredAlerts(): Promise<AlertDelivery[]> {
    return this.#deliveries("WHERE d.status <> 'delivered'");
  }

  alertDeliveries(): Promise<AlertDelivery[]> {
    return this.#deliveries('');
  }

  async updateAlertDelivery(
    key: AlertEventKey,
    channel: string,
    update: { status: AlertDelivery['status']; attempts: number; lastError: string | null; updatedAt: number },
  ): Promise<void> {
    const params: Param[] = [...alertKey(key), channel, update.status, update.attempts, update.updatedAt];
    if (update.lastError !== null) params.push(update.lastError);
    await this.db.exec(
      `UPDATE alert_deliveries SET status = $7, attempts = $8, updated_at = $9, last_error = ${update.lastError === null ? 'NULL' : '$10'} ` +
        `WHERE ${ALERT_KEY} AND channel = $6`,
      params,
    );
  }

  async openAlertEvents(): Promise<AlertEventKey[]> {
    const rows = await this.db.query(
      "SELECT e.organization, e.rule, e.scope, e.period FROM alert_events e WHERE e.state = 'firing' AND NOT EXISTS " +
        "(SELECT 1 FROM alert_events r WHERE r.state = 'resolved' AND r.organization = e.organization AND " +
        'r.rule = e.rule AND r.scope = e.scope AND r.period = e.period) ORDER BY e.recorded_at, e.rule, e.scope, e.period',
    );
    return rows.map((r) => ({
      organization: String(r['organization']),
      rule: String(r['rule']),
      scope: String(r['scope']),
      period: String(r['period']),
      state: 'firing',
    }));
  }

  /** Rows go through an in-memory DuckDB unless the adapter runs DuckDB itself. */
  duckDbStatements(): DuckDbStatement | undefined {
    return undefined;
  }

  query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    return this.db.query(sql, params);
  }
}
