import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkCurrency, moneyAxis } from '../../lib/charts/money-axis';

test('checkCurrency: three letters in any case, lowercased; none means "usd"', () => {
  assert.equal(checkCurrency(undefined), 'usd');
  assert.equal(checkCurrency('usd'), 'usd');
  assert.equal(checkCurrency('EUR'), 'eur');
  assert.equal(checkCurrency('Jpy'), 'jpy');
});

test('checkCurrency: anything but a three-letter code is named', () => {
  for (const bad of ['dollars', 'us', '', 'u$d', ' usd', 'usd\n', 'ü12'])
    assert.throws(
      () => checkCurrency(bad),
      new RegExp(`^Error: invalid currency: ${JSON.stringify(bad).replace(/[$\\]/g, '\\$&')}$`),
    );
  assert.throws(() => checkCurrency(null), /^Error: invalid currency: null$/);
  assert.throws(() => checkCurrency(840), /^Error: invalid currency: 840$/);
});

test('property: checkCurrency accepts exactly the strings of three ASCII letters', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', 'q', '1', '$', ' ', 'é'), maxLength: 5 }), (s) => {
      if (s.length === 3 && [...s].every((c) => /[a-zA-Z]/.test(c))) assert.equal(checkCurrency(s), s.toLowerCase());
      else assert.throws(() => checkCurrency(s), /invalid currency/);
    }),
    { numRuns: 300 },
  );
});

test('moneyAxis: "$" ticks for USD, the code in the title, from zero', () => {
  assert.deepEqual(moneyAxis('usd', 1234), {
    title: { text: 'Total Cost (USD)' },
    rangemode: 'tozero',
    automargin: true,
    tickformat: ',.0f',
    tickprefix: '$',
  });
  const eur = moneyAxis('eur', 1234);
  assert.equal(eur.title?.text, 'Total Cost (EUR)');
  assert.equal(eur.tickprefix, undefined, 'no "$" on euros');
});

test('moneyAxis: two decimals while the largest value is under 10, whole units from 10', () => {
  assert.equal(moneyAxis('usd', 9.99).tickformat, ',.2f');
  assert.equal(moneyAxis('usd', 0).tickformat, ',.2f');
  assert.equal(moneyAxis('usd', 10).tickformat, ',.0f');
  assert.equal(moneyAxis('usd', 1e9).tickformat, ',.0f');
});
