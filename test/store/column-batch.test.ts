import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS, type WireBucket } from '../../lib/catalogue/index';
import { BucketColumns, rowsToColumns } from '../../lib/store/column-batch';
import { allTableSchemas, tableSchema, type Cell } from '../../lib/store/table-schema';

const T0 = 1_739_059_200;
const HOUR = 3600;

/** One bucket of results starting at T0. */
const bucket = (results: unknown[], start = T0): WireBucket<unknown> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + HOUR,
  results,
});

/** The cells of one column, by name, for the rows written so far. */
function column(cells: BucketColumns, name: string): Cell[] {
  const schema = tableSchema(ENDPOINTS.completions);
  const i = schema.columns.findIndex((c) => c.name === name);
  assert.ok(i >= 0, name);
  return cells.values[i]?.slice(0, cells.rowCount) ?? [];
}

describe('rowsToColumns', () => {
  test('rows become one array per column; a short row is padded with null', () => {
    assert.deepEqual(rowsToColumns(3, [['a', 1, true], ['b'], []]), {
      rowCount: 3,
      values: [
        ['a', 'b', null],
        [1, null, null],
        [true, null, null],
      ],
    });
    assert.deepEqual(rowsToColumns(2, []), { rowCount: 0, values: [[], []] });
  });

  test("property: cell (c, r) is row r's cell c, cells past the width are left out", () => {
    const cell = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 10 }),
        (width, rows) => {
          const { rowCount, values } = rowsToColumns(width, rows);
          assert.equal(rowCount, rows.length);
          assert.equal(values.length, width);
          for (let c = 0; c < width; c++) {
            assert.equal(values[c]?.length, rows.length);
            for (let r = 0; r < rows.length; r++) assert.equal(values[c]?.[r], rows[r]?.[c] ?? null);
          }
        },
      ),
    );
  });
});

describe('BucketColumns', () => {
  test('a costs bucket becomes columns: money split into value and currency, unknown keys kept as JSON', () => {
    const schema = tableSchema(ENDPOINTS.costs);
    const cells = new BucketColumns(schema, 2);
    cells.add('org-a', '1d', 'project_id,line_item', {
      object: 'bucket',
      start_time: T0,
      end_time: T0 + 86_400,
      results: [
        {
          object: 'organization.costs.result',
          amount: { value: 1.25, currency: 'usd' },
          quantity: 3,
          quantity_unit: 'tokens',
          project_id: 'proj_a',
          line_item: 'gpt-4o, input',
          future_field: { a: 1 },
        },
        { object: 'organization.costs.result', amount: null, project_id: 'proj_b' },
      ],
    });
    const column = (name: string): unknown[] => {
      const i = schema.columns.findIndex((c) => c.name === name);
      return cells.values[i]?.slice(0, cells.rowCount) ?? [];
    };
    assert.equal(cells.rowCount, 2);
    assert.deepEqual(column('start_time'), [T0, T0]);
    assert.deepEqual(column('group_by'), ['project_id,line_item', 'project_id,line_item']);
    assert.deepEqual(column('amount_value'), [1.25, null]);
    assert.deepEqual(column('amount_currency'), ['usd', null]);
    assert.deepEqual(column('quantity'), [3, null]);
    assert.deepEqual(column('quantity_unit'), ['tokens', null]);
    assert.deepEqual(column('line_item'), ['gpt-4o, input', null]);
    assert.deepEqual(column('extra'), ['{"future_field":{"a":1}}', null]);
    assert.throws(
      () =>
        new BucketColumns(schema).add('org-a', '1d', '', {
          object: 'bucket',
          start_time: T0,
          end_time: T0 + 86_400,
          results: [{ amount: { value: 'lots' } }],
        }),
      /invalid amount\.value: "lots"/,
    );
  });

  test("every endpoint's schema gets one array per column, prefilled to the capacity", () => {
    for (const schema of allTableSchemas()) {
      const cells = new BucketColumns(schema, 4);
      assert.equal(cells.values.length, schema.columns.length, schema.table);
      assert.equal(cells.rowCount, 0);
      for (const v of cells.values) assert.deepEqual(v, [null, null, null, null]);
    }
  });

  test("keys come from the write, never from the result: a result's organization_id stays in extra", () => {
    const cells = new BucketColumns(tableSchema(ENDPOINTS.completions));
    cells.add('org-sync', '1h', 'model', bucket([{ organization_id: 'org-other', model: 'gpt-4o', input_tokens: 3 }]));
    assert.deepEqual(column(cells, 'organization_id'), ['org-sync']);
    assert.deepEqual(column(cells, 'bucket_width'), ['1h']);
    assert.deepEqual(column(cells, 'end_time'), [T0 + HOUR]);
    assert.deepEqual(column(cells, 'extra'), ['{"organization_id":"org-other"}']);
  });

  test('values as the table holds them: numeric text read as numbers, structured dims as JSON, nulls kept', () => {
    const cells = new BucketColumns(tableSchema(ENDPOINTS.completions));
    cells.add(
      'org-a',
      '1h',
      '',
      bucket([
        {
          object: 'organization.usage.completions.result',
          input_tokens: '12',
          output_tokens: null,
          project_id: 42,
          model: { odd: 'model' },
          batch: false,
          service_tier: null,
        },
      ]),
    );
    assert.deepEqual(column(cells, 'input_tokens'), [12]);
    assert.deepEqual(column(cells, 'output_tokens'), [null]);
    assert.deepEqual(column(cells, 'num_model_requests'), [null], 'absent reads as null');
    assert.deepEqual(column(cells, 'project_id'), ['42']);
    assert.deepEqual(column(cells, 'model'), ['{"odd":"model"}']);
    assert.deepEqual(column(cells, 'batch'), [false]);
    assert.deepEqual(column(cells, 'extra'), [null], 'object and known keys are not extra');
  });

  test('a value the column cannot hold fails with its name and value', () => {
    const add = (result: unknown) => () =>
      new BucketColumns(tableSchema(ENDPOINTS.completions)).add('org-a', '1h', '', bucket([result]));
    assert.throws(add({ batch: 'yes' }), { name: 'TypeError', message: 'invalid batch: "yes" (expected a boolean)' });
    assert.throws(add({ input_tokens: 'lots' }), /invalid input_tokens: "lots" \(expected a number\)/);
    // JSON has no Infinity: a parsed page never holds one, but a caller's bucket may.
    assert.throws(add({ input_tokens: Infinity }), /^TypeError: invalid input_tokens: /);
    assert.throws(add({ input_tokens: true }), /invalid input_tokens: true \(expected a number\)/);
    assert.throws(add(null), { message: `invalid result in completions bucket ${T0}: not an object` });
    assert.throws(add(['x']), { message: `invalid result in completions bucket ${T0}: not an object` });
  });

  test("property: each row holds its result's fields, in the order added, whatever the buckets", () => {
    const schema = tableSchema(ENDPOINTS.embeddings);
    const result = fc.record(
      {
        input_tokens: fc.option(fc.nat(), { nil: null }),
        num_model_requests: fc.nat(),
        project_id: fc.option(fc.string(), { nil: null }),
        model: fc.string(),
        surprise: fc.oneof(fc.string(), fc.integer()),
      },
      { requiredKeys: ['num_model_requests'] },
    );
    fc.assert(
      fc.property(fc.array(fc.array(result, { maxLength: 5 }), { maxLength: 5 }), (hours) => {
        const total = hours.reduce((n, h) => n + h.length, 0);
        const cells = new BucketColumns(schema, total);
        hours.forEach((results, h) => cells.add('org-p', '1h', 'model,project_id', bucket(results, T0 + h * HOUR)));
        assert.equal(cells.rowCount, total);
        const col = (name: string): readonly Cell[] =>
          cells.values[schema.columns.findIndex((c) => c.name === name)] ?? [];
        let r = 0;
        hours.forEach((results, h) => {
          for (const res of results) {
            assert.equal(col('start_time')[r], T0 + h * HOUR);
            assert.equal(col('group_by')[r], 'model,project_id');
            assert.equal(col('input_tokens')[r], res.input_tokens ?? null);
            assert.equal(col('num_model_requests')[r], res.num_model_requests);
            assert.equal(col('project_id')[r], res.project_id ?? null);
            assert.equal(col('model')[r], res.model ?? null);
            assert.equal(col('user_id')[r], null);
            assert.equal(
              col('extra')[r],
              res.surprise === undefined ? null : JSON.stringify({ surprise: res.surprise }),
            );
            r++;
          }
        });
      }),
    );
  });
});
