import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { ColumnCells } from '../../lib/store/column-batch';
import { insertRows, num, organizationFilter, q, sqlString, type SqlDriver } from '../../lib/store/sql-driver';
import type { Column } from '../../lib/store/table-schema';
import { memoryDriver, type MemoryDriver } from './memory-store';

let db: MemoryDriver;
let close: () => void;
before(async () => {
  ({ db, close } = await memoryDriver());
});
after(() => close());

/** Text DuckDB stores as given: no NUL (its strings end there), whole code points. */
const storableText = fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !s.includes('\u0000'));

test('q and sqlString double the one quote that would end them', () => {
  assert.equal(q('costs'), '"costs"');
  assert.equal(q('a"b'), '"a""b"');
  assert.equal(q(''), '""');
  assert.equal(sqlString("it's"), "'it''s'");
  assert.equal(sqlString("'; DROP TABLE costs; --"), "'''; DROP TABLE costs; --'");
});

test('property: a sqlString literal reads back as the exact text', async () => {
  await fc.assert(
    fc.asyncProperty(storableText, async (s) => {
      assert.deepEqual(await db.query(`SELECT ${sqlString(s)} AS v`), [{ v: s }]);
    }),
    { numRuns: 60 },
  );
});

test('property: a q identifier names exactly that table, whatever it holds', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(storableText, async (s) => {
      // A prefix per run: DuckDB compares identifiers without case, so two runs must not collide.
      const name = `t${++n} ${s}`;
      await db.exec(`CREATE TABLE ${q(name)} (${q(s === '' ? 'x' : s)} TEXT)`);
      assert.ok((await db.tableNames()).includes(name), name);
      assert.deepEqual(await db.columnNames(name), [s === '' ? 'x' : s]);
      await db.exec(`DROP TABLE ${q(name)}`);
    }),
    { numRuns: 40 },
  );
});

test('information schema: base tables and views apart, columns in table order, nothing for an unknown table', async () => {
  await db.exec('CREATE TABLE "zeta" (b TEXT, a BIGINT, c BOOLEAN)');
  await db.exec('CREATE VIEW "zeta_view" AS SELECT a FROM zeta');
  try {
    assert.ok((await db.tableNames()).includes('zeta'));
    assert.ok(!(await db.tableNames()).includes('zeta_view'));
    assert.ok((await db.viewNames()).includes('zeta_view'));
    assert.ok(!(await db.viewNames()).includes('zeta'));
    assert.deepEqual(await db.columnNames('zeta'), ['b', 'a', 'c']);
    assert.deepEqual(await db.columnNames('no such table'), []);
  } finally {
    await db.exec('DROP VIEW zeta_view');
    await db.exec('DROP TABLE zeta');
  }
});

test('insertRows hands the rows to bulkInsert as columns, short rows padded with NULL', async () => {
  const calls: Array<{ table: string; columns: readonly Column[]; cells: ColumnCells }> = [];
  const recording: SqlDriver = {
    exec: () => Promise.reject(new Error('not used')),
    query: () => Promise.reject(new Error('not used')),
    tableNames: () => Promise.reject(new Error('not used')),
    viewNames: () => Promise.reject(new Error('not used')),
    columnNames: () => Promise.reject(new Error('not used')),
    queryColumns: () => Promise.reject(new Error('not used')),
    columnsByTable: () => Promise.reject(new Error('not used')),
    bulkInsert: (table, columns, cells) => {
      calls.push({ table, columns, cells });
      return Promise.resolve();
    },
  };
  const columns: Column[] = [
    { name: 'a', type: 'TEXT' },
    { name: 'b', type: 'BIGINT' },
  ];
  await insertRows(recording, 'pairs', columns, [['x', 1], ['y'], ['z', null]]);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.table, 'pairs');
  assert.equal(calls[0]?.columns, columns);
  assert.equal(calls[0]?.cells.rowCount, 3);
  assert.deepEqual(calls[0]?.cells.values, [
    ['x', 'y', 'z'],
    [1, null, null],
  ]);
  // Through a real database: the rows arrive as written.
  await db.exec('CREATE TABLE pairs (a TEXT, b BIGINT)');
  await insertRows(db, 'pairs', columns, [['x', 1], ['y']]);
  assert.deepEqual(await db.query('SELECT a, b FROM pairs ORDER BY a'), [
    { a: 'x', b: 1 },
    { a: 'y', b: null },
  ]);
  await db.exec('DROP TABLE pairs');
});

test('num: numbers and numeric text (how drivers return BIGINT) as numbers; anything else fails by value', () => {
  assert.equal(num(42), 42);
  assert.equal(num(-1.5), -1.5);
  assert.equal(num('1739059200'), 1739059200);
  assert.equal(num(' 7 '), 7);
  for (const [bad, shown] of [
    ['', '""'],
    ['abc', '"abc"'],
    ['Infinity', '"Infinity"'],
    [null, 'null'],
    [true, 'true'],
    [undefined, 'undefined'],
  ] as const) {
    assert.throws(() => num(bad), { name: 'TypeError', message: `invalid stored number: ${shown}` });
  }
});

test('property: num reads back any finite number written as text', () => {
  fc.assert(
    // -0 prints as "0": compared as 0.
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
      (x) => {
        assert.equal(num(String(x)), x);
      },
    ),
  );
});

test('organizationFilter: every organization, these ones (each once, numbered parameters), or none', () => {
  assert.deepEqual(organizationFilter(undefined), { where: '', params: [] });
  assert.deepEqual(organizationFilter(['org-b', 'org-a', 'org-b']), {
    where: 'WHERE organization_id IN ($1, $2) ',
    params: ['org-b', 'org-a'],
  });
  // An ID is a parameter, never SQL text.
  assert.deepEqual(organizationFilter(["x') OR ('1'='1"]), {
    where: 'WHERE organization_id IN ($1) ',
    params: ["x') OR ('1'='1"],
  });
  assert.equal(organizationFilter([]), null);
});
