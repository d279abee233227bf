import { ensureBiViews } from './bi-views';
import { CURRENT_VERSION, MIGRATIONS, bookkeepingTables } from './migrations';
import { num, q, type SqlDriver } from './sql-driver';
import { StoreSchemaError } from './store';
import { allTableSchemas, type Column } from './table-schema';

function createTableSql(table: string, columns: readonly Column[]): string {
  return `CREATE TABLE IF NOT EXISTS ${q(table)} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`;
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
    // Whether anything changed the tables since they were listed (the common open changes nothing).
    let changed = !tables.has('schema_version');
    for (const m of MIGRATIONS) {
      if (m.from >= from && m.to <= CURRENT_VERSION) {
        await m.up(db);
        changed = true;
      }
    }
    if (from < CURRENT_VERSION) {
      await db.exec('INSERT INTO schema_version (version, migrated_at) VALUES ($1, $2)', [
        CURRENT_VERSION,
        Math.floor(Date.now() / 1000),
      ]);
    }
    // Additive catalogue changes (a new endpoint, metric or dimension) need no version: new tables and columns.
    const present = changed ? new Set(await db.tableNames()) : tables;
    // One query for every table's columns, not one per table (a store has ~30 tables: opening it took ~70 queries).
    const columnsOf = await db.columnsByTable();
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
        changed = true;
        continue;
      }
      const have = new Set(columnsOf.get(table));
      for (const c of columns)
        if (!have.has(c.name)) {
          await db.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${q(c.name)} ${c.type}`);
          changed = true;
        }
    }
    // The columns just read list the views too (every name that is not a base table): read again only after a change.
    await ensureBiViews(
      db,
      changed ? undefined : { views: [...columnsOf.keys()].filter((name) => !present.has(name)), columnsOf },
    );
  });
  return CURRENT_VERSION;
}
