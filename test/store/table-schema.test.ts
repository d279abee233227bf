import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS } from '../../lib/catalogue/index';
import {
  resultFromRow,
  resultsFromCells,
  tableSchemaOf,
  type Cell,
  type Column,
  type TableSchema,
} from '../../lib/store/table-schema';

describe('table schema: columns by kind, results rebuilt from them', () => {
  const costs = tableSchemaOf('costs');

  test('a money metric is a value column and a currency column; quantity_unit is an attribute', () => {
    assert.deepEqual(
      costs.values.map((v) => [v.name, v.metric, v.kind, v.currency]),
      [
        ['amount_value', 'amount', 'money', 'amount_currency'],
        ['quantity', 'quantity', 'quantity', undefined],
      ],
    );
    assert.deepEqual(
      costs.attributes.map((a) => [a.name, a.role]),
      [
        ['amount_currency', 'currency'],
        ['quantity_unit', 'attribute'],
      ],
    );
  });

  test('a costs row reads back as the wire result: amount nested, unread dimensions null, the organization kept', () => {
    const narrow = { ...costs, dims: costs.dims.filter((d) => d.name === 'project_id') };
    const row = { amount_value: 1.25, amount_currency: 'usd', quantity: null, quantity_unit: null, project_id: 'p1' };
    const result = resultFromRow(narrow, row, { allDims: costs.dims, organizationId: 'org-a' });
    assert.deepEqual(result, {
      object: 'organization.costs.result',
      amount: { value: 1.25, currency: 'usd' },
      quantity: null,
      quantity_unit: null,
      project_id: 'p1',
      user_id: null,
      line_item: null,
      api_key_id: null,
      api_source: null,
      organization_id: 'org-a',
    });
  });

  test('a currency never sent stays absent, as on the wire; no amount is null', () => {
    const only = (row: Record<string, number | string | null>) =>
      resultFromRow(costs, row, { allDims: costs.dims }).amount;
    assert.deepEqual(only({ amount_value: 2, amount_currency: null }), { value: 2 });
    assert.equal(only({ amount_value: null, amount_currency: 'usd' }), null);
  });

  test('a stored value of the wrong kind is refused, naming the field', () => {
    const completions = tableSchemaOf('completions');
    const row = { input_tokens: 'many', output_tokens: 1, num_model_requests: 1 };
    assert.throws(
      () => resultFromRow(completions, row, { allDims: completions.dims }),
      /invalid stored completions result in usage_completions: field input_tokens/,
    );
    const dims = { input_tokens: 1, output_tokens: 1, num_model_requests: 1, batch: 'yes' };
    assert.throws(() => resultFromRow(completions, dims, { allDims: completions.dims }), /field batch/);
  });
});

/** The rebuild as first written (one result from one row object): the oracle the column-wise rebuild must match. */
function referenceResult(
  schema: TableSchema,
  row: Readonly<Record<string, Cell>>,
  allDims: readonly Column[],
  organization: { id: Cell } | undefined,
): Record<string, unknown> {
  const spec = ENDPOINTS[schema.endpoint];
  const out: Record<string, unknown> = { object: spec.resultObject };
  for (const v of schema.values) {
    const value = row[v.name] ?? null;
    if (v.currency !== undefined) {
      const currency = row[v.currency] ?? null;
      out[v.metric] = value === null ? null : currency === null ? { value } : { value, currency };
    } else if (value !== null || !spec.mayBeAbsent.includes(v.metric)) out[v.metric] = value;
  }
  for (const a of schema.attributes) if (a.role === 'attribute') out[a.name] = row[a.name] ?? null;
  for (const d of schema.dims) out[d.name] = row[d.name] ?? null;
  const extra = row['extra'];
  if (typeof extra === 'string') {
    const kept: unknown = JSON.parse(extra);
    if (typeof kept === 'object' && kept !== null && !Array.isArray(kept)) Object.assign(out, kept);
  }
  for (const d of allDims) if (!(d.name in out)) out[d.name] = null;
  if (organization !== undefined) out['organization_id'] = organization.id;
  return out;
}

describe('results rebuilt a read at a time, from columns', () => {
  const text = fc.oneof(fc.constant(null), fc.constantFrom('p1', "o'brien", 'x"y', 'ü😀', 'a-much-longer-identifier'));
  const count = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1e9 }), fc.double({ noNaN: true }));
  const rowOf = (schema: TableSchema) =>
    fc.record({
      cells: fc.tuple(
        ...schema.values.map(() => count),
        ...schema.attributes.map(() => text),
        ...schema.dims.map((d) => (d.type === 'BOOLEAN' ? fc.oneof(fc.constant(null), fc.boolean()) : text)),
      ),
      extra: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        fc.constantFrom('{"user_id":"u9"}', '{"new_field":1,"organization_id":"inside"}', '[1]', '{}'),
      ),
      organization: text,
    });

  for (const endpoint of ['completions', 'costs', 'images'] as const) {
    test(`${endpoint}: the same results, keys in the same order, as one row at a time (any subset of rows, dims read or not)`, () => {
      const full = tableSchemaOf(endpoint);
      fc.assert(
        fc.property(
          fc.subarray(full.dims.map((d) => d.name)),
          fc.array(rowOf(full), { maxLength: 12 }),
          fc.boolean(),
          fc.boolean(),
          (read, generated, apart, pick) => {
            const schema = { ...full, dims: full.dims.filter((d) => read.includes(d.name)) };
            const names = [
              ...full.values.map((v) => v.name),
              ...full.attributes.map((a) => a.name),
              ...full.dims.map((d) => d.name),
            ];
            // Each row is complete except that the required metrics are numbers (the store never reads back others).
            const rows = generated.map((g) => {
              const row: Record<string, Cell> = { extra: g.extra };
              names.forEach((n, i) => (row[n] = g.cells[i] ?? null));
              for (const m of ENDPOINTS[endpoint].requiredMetrics) row[m] ??= 1;
              return row;
            });
            const picked = pick ? rows.map((_, i) => rows.length - 1 - i).filter((i) => i % 2 === 0) : undefined;
            const organizations = generated.map((g) => g.organization);
            const cells = {
              rowCount: rows.length,
              column: (name: string) =>
                names.includes(name) || name === 'extra' ? rows.map((r) => r[name] ?? null) : undefined,
            };
            const got = resultsFromCells(
              schema,
              cells,
              apart ? { allDims: full.dims, organizationIds: organizations } : { allDims: full.dims },
              picked,
            );
            const want = (picked ?? rows.map((_, i) => i)).map((i) =>
              referenceResult(schema, rows[i] ?? {}, full.dims, apart ? { id: organizations[i] ?? null } : undefined),
            );
            assert.equal(JSON.stringify(got), JSON.stringify(want));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  // Any cell of the picked rows of a wrong kind (or a required metric null) is refused, naming its field; the rows
  // not picked are never judged. Whole columns are checked at once now: each cell must still count.
  const odd = fc.constantFrom<Cell>(null, 1, 2.5, 'txt', true, false);
  for (const endpoint of ['completions', 'costs', 'images'] as const) {
    test(`${endpoint}: a picked row with a cell of the wrong kind is refused, naming the field; rows not picked are not judged`, () => {
      const schema = tableSchemaOf(endpoint);
      const spec = ENDPOINTS[endpoint];
      const names = [
        ...schema.values.map((v) => v.name),
        ...schema.attributes.map((a) => a.name),
        ...schema.dims.map((d) => d.name),
      ];
      /** The fields of a row that are wrong, from the column kinds alone (the oracle). */
      const wrong = (row: Readonly<Record<string, Cell>>, organization: Cell): string[] => {
        const out: string[] = [];
        const currencies = new Set(schema.values.map((v) => v.currency));
        for (const v of schema.values) {
          const x = row[v.name] ?? null;
          if (v.currency !== undefined) {
            if (x !== null && typeof x !== 'number' && typeof x !== 'string') out.push(`${v.metric}.value`);
          } else if (x === null ? spec.requiredMetrics.includes(v.metric) : typeof x !== 'number') out.push(v.metric);
        }
        for (const a of schema.attributes) {
          const x = row[a.name] ?? null;
          if (x === null || typeof x === 'string') continue;
          // A currency with no value is never read; one with a value must be text.
          if (currencies.has(a.name)) {
            const owner = schema.values.find((v) => v.currency === a.name);
            if ((row[owner?.name ?? ''] ?? null) !== null) out.push(`${owner?.metric ?? ''}.currency`);
          } else out.push(a.name);
        }
        for (const d of schema.dims) {
          const x = row[d.name] ?? null;
          if (x !== null && typeof x !== (d.type === 'BOOLEAN' ? 'boolean' : 'string')) out.push(d.name);
        }
        if (organization !== null && typeof organization !== 'string') out.push('organization_id');
        return out;
      };
      // Rows of cells of the right kind, then at most one cell anywhere (or an organization) of any kind.
      const good = [
        ...schema.values.map((v) =>
          spec.requiredMetrics.includes(v.metric) ? fc.integer() : fc.oneof(fc.constant(null), fc.integer()),
        ),
        ...schema.attributes.map(() => fc.constantFrom<Cell>(null, 'usd')),
        ...schema.dims.map((d) =>
          d.type === 'BOOLEAN' ? fc.constantFrom<Cell>(null, true) : fc.constantFrom<Cell>(null, 'p'),
        ),
      ];
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.tuple(...good), fc.constantFrom<Cell>(null, 'org')), { minLength: 1, maxLength: 6 }),
          fc.option(fc.tuple(fc.nat(), fc.nat({ max: names.length }), odd)),
          fc.boolean(),
          (valid, spoil, pick) => {
            const generated = valid.map(([cells, o]): [Cell[], Cell] => [[...cells], o]);
            if (spoil !== null) {
              const [row, column, value] = spoil;
              const target = generated[row % generated.length];
              if (target !== undefined && column === names.length) target[1] = value;
              else if (target !== undefined) target[0][column] = value;
            }
            const rows = generated.map(([cells]) => Object.fromEntries(names.map((n, i) => [n, cells[i] ?? null])));
            const organizations = generated.map(([, o]) => o);
            const picked = pick ? rows.map((_, i) => i).filter((i) => i % 2 === 1) : undefined;
            const cells = {
              rowCount: rows.length,
              column: (name: string) => (names.includes(name) ? rows.map((r) => r[name] ?? null) : undefined),
            };
            const read = () =>
              resultsFromCells(schema, cells, { allDims: schema.dims, organizationIds: organizations }, picked);
            const bad = (picked ?? rows.map((_, i) => i)).map((i) => wrong(rows[i] ?? {}, organizations[i] ?? null));
            const first = bad.find((fields) => fields.length > 0);
            if (first === undefined) assert.doesNotThrow(read);
            else
              assert.throws(
                read,
                (e: unknown) => e instanceof TypeError && first.some((f) => e.message.includes(`field ${f} `)),
              );
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
