import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BarTrace } from '../../lib/charts/figure';
import { organizationCostChart, organizationProjectCostChart } from '../../lib/charts/organization-cost-chart';
import { SEED_PALETTE } from '../../lib/charts/palette';
import { rawMarkup } from './figure-strings';
import { HOSTILE } from './sample-data';

test('same-named projects of two organizations stay two bars, each with its own total; the axis is money', () => {
  const fig = organizationProjectCostChart([
    { project: 'Search (eu)', cost_usd: 3 },
    { project: 'Search (eu)', cost_usd: 1 },
    { project: 'Search (us)', cost_usd: 2 },
    { project: 'Chat', cost_usd: 0.5 },
  ]);
  const [bars] = fig.data as BarTrace[];
  const byLabel = new Map((bars?.y ?? []).map((label, i) => [String(label), bars?.x?.[i]]));
  assert.deepEqual([...byLabel].sort(), [
    ['Chat', 0.5],
    ['Search (eu)', 4],
    ['Search (us)', 2],
  ]);
  assert.equal(fig.layout.xaxis?.tickprefix, '$');
  assert.match(fig.subtitle ?? '', /Total: \$6\.50 · 3 projects/);
});

test('organization project chart: its own id and title, another currency on request, bad rows named', () => {
  const fig = organizationProjectCostChart([{ project: 'Chat', cost_usd: 2 }], { currency: 'eur', title: 'Mine' });
  assert.equal(fig.id, 'cost-by-organization-project');
  assert.equal(fig.title, 'Mine');
  assert.equal(organizationProjectCostChart([]).title, 'Total Cost by Project, All Organizations');
  assert.equal(fig.layout.xaxis?.title?.text, 'Cost (EUR)');
  assert.equal(organizationProjectCostChart([]).layout.annotations?.[0]?.text, 'No cost data for this range');
  assert.throws(() => organizationProjectCostChart(null as never), /^Error: invalid rows: null$/);
});

test('cost per day by organization: one stacked series per organization, sorted, a day without cost is 0', () => {
  const fig = organizationCostChart([
    { organization: 'us', date: '2026-11-02', amount: 2 },
    { organization: 'eu', date: '2026-11-01', amount: 1.5 },
    { organization: 'eu', date: '2026-11-02', amount: 0.25 },
    { organization: 'eu', date: '2026-11-02', amount: 0.25 },
  ]);
  assert.equal(fig.id, 'cost-by-organization');
  assert.equal(fig.title, 'Cost per Day by Organization');
  assert.equal(fig.layout.barmode, 'stack');
  assert.equal(fig.subtitle, 'eu: $2.00 · us: $2.00 · UTC days');
  const [eu, us] = fig.data as BarTrace[];
  assert.deepEqual([eu?.name, eu?.x, eu?.y], ['eu', ['2026-11-01', '2026-11-02'], [1.5, 0.5]]);
  assert.deepEqual([us?.name, us?.x, us?.y], ['us', ['2026-11-01', '2026-11-02'], [0, 2]]);
  assert.deepEqual(eu?.customdata[1], ['eu', '2026-11-02', '$0.50']);
  assert.equal(eu?.marker.color, SEED_PALETTE[0]);
  assert.equal(us?.marker.color, SEED_PALETTE[1]);
  assert.equal(fig.layout.xaxis?.tick0, '2026-11-01');
  assert.equal(fig.layout.yaxis?.tickformat, ',.2f', 'the largest day stacks to $2.50');
  assert.equal(fig.layout.legend?.title?.text, 'Organization');
});

test('cost per day by organization: empty rows are an empty state; names are escaped; a bad title is named', () => {
  const empty = organizationCostChart([], { title: 'Spend' });
  assert.equal(empty.title, 'Spend');
  assert.equal(empty.layout.annotations?.[0]?.text, 'No cost data for this range');
  const fig = organizationCostChart([{ organization: HOSTILE, date: '2026-11-01', amount: 1 }]);
  assert.deepEqual(rawMarkup([fig.data, fig.layout]), []);
  assert.ok(fig.subtitle?.startsWith(`${HOSTILE}: $1.00`), 'the plain subtitle keeps the name as written');
  assert.throws(() => organizationCostChart([], { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => organizationCostChart({} as never), /^Error: invalid rows: \{\}$/);
});

test('cost per day by organization checks each row like the cost per day chart: a UTC date and a finite amount', () => {
  const row = { organization: 'eu', date: '2026-11-01', amount: 1 };
  assert.throws(() => organizationCostChart([{ ...row, date: '<b>x</b>' }]), /^Error: invalid date: "<b>x<\/b>"$/);
  assert.throws(() => organizationCostChart([{ ...row, date: '2026-02-30' }]), /^Error: invalid date: "2026-02-30"$/);
  assert.throws(() => organizationCostChart([{ ...row, amount: Number.NaN }]), /^Error: invalid amount: NaN$/);
  assert.throws(
    () => organizationCostChart([{ ...row, organization: 7 as never }]),
    /^Error: invalid organization: 7$/,
  );
});

test('property: each organization-day is the sum of its rows, and every row is drawn', () => {
  const row = fc.record({
    organization: fc.constantFrom('eu', 'us', 'apac'),
    date: fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-05'),
    amount: fc.integer({ min: 0, max: 10_000 }),
  });
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
      const fig = organizationCostChart(rows);
      const orgs = [...new Set(rows.map((r) => r.organization))].sort();
      assert.deepEqual(
        fig.data.map((t) => t.name),
        orgs,
      );
      for (const t of fig.data as BarTrace[]) {
        t.x.forEach((date, i) => {
          const expected = rows
            .filter((r) => r.organization === t.name && r.date === date)
            .reduce((a, r) => a + r.amount, 0);
          assert.equal(t.y[i], expected, `${t.name} ${String(date)}`);
        });
      }
      const drawn = (fig.data as BarTrace[]).reduce((a, t) => a + t.y.reduce<number>((b, v) => b + Number(v), 0), 0);
      assert.equal(
        drawn,
        rows.reduce((a, r) => a + r.amount, 0),
      );
    }),
    { numRuns: 200 },
  );
});
