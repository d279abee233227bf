import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costTable, costTableFromColumns, type DictColumn, type ResultColumns } from '../../lib/frames/index';
import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';

const decode = (c: DictColumn | undefined): (string | null)[] =>
  c ? Array.from(c.codes, (k) => c.values[k] ?? null) : [];

/** Costs rows as plain columns: `amount` value and currency, other fields by name. */
function columns(
  buckets: readonly { start: number; end: number; results: number }[],
  amount: { value: readonly unknown[]; currency: readonly unknown[] },
  fields: Readonly<Record<string, readonly unknown[]>>,
  organizations?: ResultColumns['organizations'],
): ResultColumns {
  return {
    buckets,
    length: buckets.reduce((n, b) => n + b.results, 0),
    field: (name) => fields[name],
    money: (metric) => {
      assert.equal(metric, 'amount');
      return amount;
    },
    ...(organizations === undefined ? {} : { organizations }),
  };
}

test('amounts: numbers and numeric strings; a null value is 0 in usd; a null currency is usd', () => {
  const t = costTableFromColumns([
    columns(
      [
        { start: 0, end: 86_400, results: 3 },
        { start: 86_400, end: 172_800, results: 1 },
      ],
      { value: [1.5, '2.25', null, 4], currency: ['eur', 'usd', 'eur', null] },
      {
        line_item: ['a', 'b', 'a', null],
        project_id: ['p1', 'p1', 'p2', 'p2'],
        quantity: [10, null, '7', null],
        quantity_unit: ['tokens', null, 'images', null],
      },
    ),
  ]);
  assert.equal(t.length, 4);
  assert.deepEqual([...t.startTime], [0, 0, 0, 86_400]);
  assert.deepEqual([...t.endTime], [86_400, 86_400, 86_400, 172_800]);
  assert.deepEqual([...t.amount], [1.5, 2.25, 0, 4]);
  assert.deepEqual(decode(t.currency), ['eur', 'usd', 'usd', 'usd']);
  assert.deepEqual(t.currency.values, ['eur', 'usd']);
  assert.deepEqual(
    Array.from(t.quantity, (q) => (Number.isNaN(q) ? null : q)),
    [10, null, 7, null],
  );
  assert.deepEqual(decode(t.quantityUnit), ['tokens', null, 'images', null]);
  assert.deepEqual(decode(t.lineItem), ['a', 'b', 'a', null]);
  assert.deepEqual(decode(t.projectId), ['p1', 'p1', 'p2', 'p2']);
  assert.deepEqual(decode(t.apiKeyId), [null, null, null, null]);
  assert.equal(t.dimensions.line_item, t.lineItem);
  assert.equal(t.organizations, undefined);
});

test('the same table as costTable over the same results as buckets, parts one after the other, organizations too', () => {
  const result = (r: Partial<WireCostsResult>): WireCostsResult => ({
    object: 'organization.costs.result',
    amount: null,
    line_item: null,
    project_id: null,
    ...r,
  });
  const tag = (
    r: WireCostsResult,
    id: string,
    name: string,
  ): WireCostsResult & { organization_id: string; organization: string } => ({
    ...r,
    organization_id: id,
    organization: name,
  });
  const buckets: WireBucket<WireCostsResult>[] = [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 60,
      results: [
        tag(result({ amount: { value: 3, currency: 'usd' }, line_item: 'x', project_id: 'p9' }), 'org-2', 'globex'),
        tag(result({ amount: { value: 1 }, line_item: 'y' }), 'org-1', 'acme'),
      ],
    },
    {
      object: 'bucket',
      start_time: 60,
      end_time: 90,
      results: [tag(result({ amount: null, line_item: 'x', quantity: 5, quantity_unit: 'u' }), 'org-1', 'acme')],
    },
  ];
  const names = new Map([
    ['org-1', 'acme'],
    ['org-2', 'globex'],
  ]);
  const t = costTableFromColumns([
    columns(
      [{ start: 0, end: 60, results: 2 }],
      { value: [3, 1], currency: ['usd', null] },
      { line_item: ['x', 'y'], project_id: ['p9', null] },
      { ids: ['org-2', 'org-1'], names },
    ),
    columns(
      [{ start: 60, end: 90, results: 1 }],
      { value: [null], currency: [null] },
      { line_item: ['x'], quantity: [5], quantity_unit: ['u'] },
      { ids: ['org-1'], names },
    ),
  ]);
  assert.deepEqual(t, costTable(buckets));
  assert.deepEqual(decode(t.organizations?.name), ['globex', 'acme', 'acme']);
});

test('a non-numeric amount or quantity fails with its value in the message', () => {
  const one = [{ start: 0, end: 1, results: 1 }];
  assert.throws(
    () => costTableFromColumns([columns(one, { value: ['n/a'], currency: ['usd'] }, {})]),
    /invalid amount.value: "n\/a"/,
  );
  assert.throws(
    () => costTableFromColumns([columns(one, { value: [1], currency: ['usd'] }, { quantity: ['lots'] })]),
    /invalid amount.value: "lots"/,
  );
});
