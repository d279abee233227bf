import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_TICK_CHARS, truncateLabel } from '../../lib/charts/tick-labels';

test('a long label is shortened in its middle; the suffix that tells same-named projects apart stays whole', () => {
  assert.equal(truncateLabel('Support Assistant (acme)'), 'Support Assistant (acme)');
  assert.equal(truncateLabel('Support Assistant (globex, …gXYFd)'), 'Support Assist… (globex, …gXYFd)');
  assert.equal(truncateLabel('evals | gpt-4o-mini-2024-07-18, input'), 'evals | gpt-4o-m…24-07-18, input');
  // A suffix too long to leave the name room: the middle goes, as for any label.
  const long = `Search (${'x'.repeat(30)})`;
  assert.equal(truncateLabel(long), `${long.slice(0, 16)}…${long.slice(-15)}`);
});

test('property: a shortened label is at most max characters, keeps its start, and its suffix when that fits', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 60 }),
      fc.option(fc.stringMatching(/^[a-z_]{1,12}(, …[A-Za-z0-9]{5,8})?$/), { nil: undefined }),
      fc.integer({ min: 20, max: 60 }),
      (name, suffix, max) => {
        const text = suffix === undefined ? name : `${name} (${suffix})`;
        const short = truncateLabel(text, max);
        assert.ok(short.length <= max, short);
        if (text.length <= max) return assert.equal(short, text);
        assert.ok(short.includes('…'));
        if (suffix !== undefined && suffix.length + 3 <= max - 12) assert.ok(short.endsWith(` (${suffix})`), short);
        assert.ok(text.startsWith(short.slice(0, short.indexOf('…'))));
      },
    ),
  );
  assert.equal(truncateLabel('x'.repeat(MAX_TICK_CHARS)), 'x'.repeat(MAX_TICK_CHARS));
});
