import { ENDPOINTS } from '../api/endpoints';
import { q, sqlString, type SqlDriver } from './sql-driver';
import { allTableSchemas, tableName, type Column } from './table-schema';

/**
 * Schema versions. 1: the first layout, one grouping per endpoint (data tables had no `group_by` column; the
 * coverage table said which grouping). 2: `group_by` on every data row, so one table holds several groupings.
 * 3: `organization_id` first in the key of every data, partial, coverage and directory row, so one store holds
 * several organizations; rows of a version-2 store get '' (unlabelled) until their organization's sync claims them.
 * Additive catalogue changes (new endpoint, metric, dimension) need no new version: opening adds the tables
 * and columns. Anything else (renames, type or key changes) gets a new version and a migration here.
 */
export const CURRENT_VERSION = 3;

export interface Migration {
  from: number;
  to: number;
  up(db: SqlDriver): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    async up(db) {
      const tables = new Set(await db.tableNames());
      for (const spec of Object.values(ENDPOINTS)) {
        const table = tableName(spec.name);
        if (!tables.has(table)) continue;
        if ((await db.columnNames(table)).includes('group_by')) continue;
        const groupings = await db.query('SELECT DISTINCT group_by FROM coverage WHERE endpoint = $1', [spec.name]);
        if (groupings.length > 1)
          throw new Error(`cannot migrate ${table}: version 1 allows one grouping, coverage has ${groupings.length}`);
        const grouping = groupings[0]?.['group_by'];
        // A default fills the existing rows: DuckDB refuses to commit an ALTER of a table updated in the same
        // transaction, and a version-1 store goes on to the version-3 ALTER below in that one transaction.
        const text = typeof grouping === 'string' ? grouping : '';
        await db.exec(`ALTER TABLE ${q(table)} ADD COLUMN group_by TEXT DEFAULT ${sqlString(text)}`);
      }
    },
  },
  {
    from: 2,
    to: 3,
    // Every row kept as it was, labelled '' (written before organizations): which organization wrote it is not in a
    // version-2 store, so nothing guesses here; the first sync of the organization the old code synced claims them.
    async up(db) {
      const tables = new Set(await db.tableNames());
      const keyed = [
        ...allTableSchemas().flatMap((t) => [t.table, t.partialTable]),
        'coverage',
        'partial_coverage',
        'directory',
      ];
      for (const table of keyed) {
        if (!tables.has(table)) continue;
        if ((await db.columnNames(table)).includes('organization_id')) continue;
        // The default fills every existing row (DuckDB and PostgreSQL); no UPDATE (see the version-2 migration).
        await db.exec(`ALTER TABLE ${q(table)} ADD COLUMN organization_id TEXT DEFAULT ''`);
      }
    },
  },
];

/** The key column every data, partial, coverage and directory row starts with. */
export const ORGANIZATION_COLUMN: Column = { name: 'organization_id', type: 'TEXT' };

export const COVERAGE_COLUMNS: readonly Column[] = [
  ORGANIZATION_COLUMN,
  { name: 'endpoint', type: 'TEXT' },
  { name: 'group_by', type: 'TEXT' },
  { name: 'bucket_width', type: 'TEXT' },
  { name: 'start_time', type: 'BIGINT' },
  { name: 'end_time', type: 'BIGINT' },
  { name: 'final', type: 'BOOLEAN' },
  { name: 'synced_at', type: 'BIGINT' },
];

export const DIRECTORY_COLUMNS: readonly Column[] = [
  ORGANIZATION_COLUMN,
  { name: 'kind', type: 'TEXT' },
  { name: 'id', type: 'TEXT' },
  { name: 'name', type: 'TEXT' },
  { name: 'parent_id', type: 'TEXT' },
  { name: 'attributes', type: 'TEXT' },
  { name: 'synced_at', type: 'BIGINT' },
];

/** The key of an alert event: recorded once per organization, rule, scope, period and state. */
const ALERT_KEY_COLUMNS: readonly Column[] = [
  { name: 'organization', type: 'TEXT' },
  { name: 'rule', type: 'TEXT' },
  { name: 'scope', type: 'TEXT' },
  { name: 'period', type: 'TEXT' },
  { name: 'state', type: 'TEXT' },
];

/** Alert events: what was found, as JSON (names and figures; never a URL or secret). */
export const ALERT_EVENT_COLUMNS: readonly Column[] = [
  ...ALERT_KEY_COLUMNS,
  { name: 'rule_type', type: 'TEXT' },
  { name: 'payload', type: 'TEXT' },
  { name: 'recorded_at', type: 'BIGINT' },
];

/** One row per event and channel (by its name in the rules file): pending, delivered or failed, with attempts. */
export const ALERT_DELIVERY_COLUMNS: readonly Column[] = [
  ...ALERT_KEY_COLUMNS,
  { name: 'channel', type: 'TEXT' },
  { name: 'status', type: 'TEXT' },
  { name: 'attempts', type: 'BIGINT' },
  { name: 'last_error', type: 'TEXT' },
  { name: 'updated_at', type: 'BIGINT' },
];

/** The organizations synced into the store: ID, configured name, where the ID came from, first and last sync. */
export const ORGANIZATION_COLUMNS: readonly Column[] = [
  ORGANIZATION_COLUMN,
  { name: 'name', type: 'TEXT' },
  { name: 'id_source', type: 'TEXT' },
  { name: 'first_synced_at', type: 'BIGINT' },
  { name: 'synced_at', type: 'BIGINT' },
];

const VERSION_COLUMNS: readonly Column[] = [
  { name: 'version', type: 'BIGINT' },
  { name: 'migrated_at', type: 'BIGINT' },
];

/** The sync bookkeeping tables (data tables come from the catalogue). */
export function bookkeepingTables(): Array<[string, readonly Column[]]> {
  return [
    ['schema_version', VERSION_COLUMNS],
    ['coverage', COVERAGE_COLUMNS],
    // One row per stored partial first bucket (exact start and end), beside `coverage` so whole-bucket planning
    // never sees a span that is off the grid.
    ['partial_coverage', COVERAGE_COLUMNS],
    ['directory', DIRECTORY_COLUMNS],
    ['organizations', ORGANIZATION_COLUMNS],
    // Alerts' bookkeeping (lib/alerts): additive, created on open like any missing table.
    ['alert_events', ALERT_EVENT_COLUMNS],
    ['alert_deliveries', ALERT_DELIVERY_COLUMNS],
  ];
}
