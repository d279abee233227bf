import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueFormatter } from '../../lib/charts/value-format';

test('counts by default: thousands separators, no decimals', () => {
  assert.equal(valueFormatter(undefined, undefined)(1_234_567), '1,234,567');
  assert.equal(valueFormatter('count', undefined)(0), '0');
  assert.equal(valueFormatter('count', undefined)(12.6), '13');
});

test('currency: dollars by default, another ISO code after the amount, the code checked', () => {
  assert.equal(valueFormatter('currency', undefined)(1234.5), '$1,234.50');
  assert.equal(valueFormatter('currency', 'USD')(0.001234), '$0.0012');
  assert.equal(valueFormatter('currency', 'eur')(10), '10.00 EUR');
  assert.equal(valueFormatter('currency', 'usd')(-2.5), '-$2.50');
  assert.throws(() => valueFormatter('currency', 'dollars'), /^Error: invalid currency: "dollars"$/);
});

test('an unknown format is named', () => {
  assert.throws(() => valueFormatter('percent' as never, undefined), /^Error: invalid valueFormat: "percent"$/);
  assert.throws(() => valueFormatter(null as never, undefined), /^Error: invalid valueFormat: null$/);
});
