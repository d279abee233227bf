import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBucketTime, formatCount, formatCurrency, formatPercent } from '../../lib/charts/format';

test('formatCurrency: dollars with separators; other codes after the amount; sub-cent amounts keep 4 decimals', () => {
  assert.equal(formatCurrency(1234.5), '$1,234.50');
  assert.equal(formatCurrency(-1234.567), '-$1,234.57');
  assert.equal(formatCurrency(0), '$0.00');
  assert.equal(formatCurrency(0.00123), '$0.0012');
  assert.equal(formatCurrency(-0.005), '-$0.005');
  assert.equal(formatCurrency(1234.5, 'eur'), '1,234.50 EUR');
  assert.equal(formatCurrency(2, 'USD'), '$2.00');
});

test('counts, percentages and bucket times', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(2.6), '3');
  assert.equal(formatPercent(0.1234), '12.3%');
  assert.equal(formatPercent(1), '100.0%');
  const t = Date.UTC(2026, 10, 1, 13, 45) / 1000;
  assert.equal(formatBucketTime(t, '1d'), '2026-11-01');
  assert.equal(formatBucketTime(t, '1h'), '2026-11-01 13:45');
  assert.equal(formatBucketTime(t, '1m'), '2026-11-01 13:45');
});
