import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LEGEND_CHARS, MAX_TICK_CHARS, categoryTicks, truncateLabel } from '../../lib/charts/tick-labels';
import { HOSTILE } from './sample-data';

/** A UTF-16 surrogate without its partner: what cutting a character in two leaves. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('truncateLabel: up to the limit unchanged; beyond, the start and the end with "…" between, the limit long', () => {
  assert.equal(MAX_TICK_CHARS, 32);
  assert.equal(LEGEND_CHARS, 40);
  assert.equal(truncateLabel('a'.repeat(32)), 'a'.repeat(32));
  assert.equal(truncateLabel('abcdefghij', 5), 'ab…ij');
  assert.equal(truncateLabel('abcdefghij', 6), 'abc…ij');
  assert.equal(truncateLabel('abcdefghij', 10), 'abcdefghij');
  assert.equal(truncateLabel('abcdefghij', 1), '…');
  const name = 'evals | gpt-4o-mini-2024-07-18, input, batch, flex tier';
  const short = truncateLabel(name);
  assert.equal(short, 'evals | gpt-4o-m…atch, flex tier');
  assert.equal(short.length, 32);
  assert.equal(truncateLabel(''), '');
});

test('truncateLabel counts characters, not UTF-16 units, and never cuts one in half', () => {
  const rockets = '🚀'.repeat(40);
  assert.equal(truncateLabel(rockets, 5), '🚀🚀…🚀🚀');
  assert.equal(truncateLabel('🚀'.repeat(32)), '🚀'.repeat(32), '32 characters fit although they are 64 units');
  assert.ok(!LONE_SURROGATE.test(truncateLabel(`x${rockets}`, 8)));
});

test('property: a truncated label is exactly the limit long, keeps the start and the end, and stays well-formed', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 2, max: 50 }), (text, max) => {
      const chars = [...text];
      const out = truncateLabel(text, max);
      assert.ok(!LONE_SURROGATE.test(out), JSON.stringify(out));
      if (chars.length <= max) {
        assert.equal(out, text);
        return;
      }
      const shown = [...out];
      assert.equal(shown.length, max);
      // A trailing " (…)" that fits is kept whole (tested below); here the plain middle cut.
      if (/ \([^()]*\)$/.test(text)) return;
      const head = Math.ceil((max - 1) / 2);
      assert.equal(shown[head], '…');
      assert.deepEqual(shown.slice(0, head), chars.slice(0, head));
      assert.deepEqual(shown.slice(head + 1), chars.slice(chars.length - (max - 1 - head)));
    }),
    { numRuns: 400 },
  );
});

test('categoryTicks: the full escaped names are the categories, in the given order; the tick texts are shortened', () => {
  const long = 'ft:gpt-4o-2024-08-06:distillation-test:wordle2:AbCdEf12';
  const axis = categoryTicks(['b', long, 'a & b']);
  assert.deepEqual(axis, {
    type: 'category',
    categoryorder: 'array',
    categoryarray: ['b', long, 'a &amp; b'],
    tickmode: 'array',
    tickvals: ['b', long, 'a &amp; b'],
    ticktext: ['b', truncateLabel(long), 'a &amp; b'],
    automargin: true,
  });
  assert.equal(axis.ticktext?.[1], 'ft:gpt-4o-2024-0…ordle2:AbCdEf12');
});

test('categoryTicks shortens before escaping, so a tick never ends in half an entity', () => {
  const raw = `${'x'.repeat(14)}<&>${'y'.repeat(30)}${HOSTILE}`;
  const axis = categoryTicks([raw]);
  const tick = axis.ticktext?.[0] ?? '';
  assert.ok(!tick.includes('<') && !tick.includes('>'));
  assert.ok(!tick.replace(/&(amp|lt|gt);/g, '').includes('&'), tick);
  // Head: 14 x, then "<&"; tail: the last 15 characters of HOSTILE, "amp;<b>bold</b>".
  assert.equal(tick, `${'x'.repeat(14)}&lt;&amp;…amp;&lt;b&gt;bold&lt;/b&gt;`);
});

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
