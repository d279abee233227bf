import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkNames, idHover, seriesNames } from '../../lib/charts/series-names';
import { HOSTILE } from './sample-data';

test('checkNames: none or an empty Map means no names; a Map of non-empty names passes as given', () => {
  assert.equal(checkNames(undefined), undefined);
  assert.equal(checkNames(new Map()), undefined);
  const names = new Map([['proj_1', 'Search']]);
  assert.equal(checkNames(names), names);
});

test('checkNames: a plain object, a non-string or an empty name is named', () => {
  assert.throws(() => checkNames({ proj_1: 'Search' }), /^Error: invalid names: \{"proj_1":"Search"\}$/);
  assert.throws(() => checkNames(null), /^Error: invalid names: null$/);
  assert.throws(() => checkNames(new Map([['proj_1', '']])), /^Error: invalid names: /);
  assert.throws(() => checkNames(new Map([['proj_1', 7]])), /^Error: invalid names: /);
  assert.throws(() => checkNames(new Map([[1, 'Search']])), /^Error: invalid names: /);
});

test('seriesNames: without names every key shows as itself, no ID line', () => {
  const out = seriesNames(['proj_1', 'Other'], undefined);
  assert.deepEqual(
    [...out],
    [
      ['proj_1', { label: 'proj_1', id: undefined }],
      ['Other', { label: 'Other', id: undefined }],
    ],
  );
});

test('seriesNames: a named key shows its name and keeps its ID; a key the map lacks shows itself', () => {
  const names = new Map([['proj_hNhhQzyYu7HxySZWs7cA3Ugu', 'Search']]);
  const out = seriesNames(['proj_hNhhQzyYu7HxySZWs7cA3Ugu', 'proj_unknown'], names);
  assert.deepEqual(out.get('proj_hNhhQzyYu7HxySZWs7cA3Ugu'), { label: 'Search', id: 'proj_hNhhQzyYu7HxySZWs7cA3Ugu' });
  assert.deepEqual(out.get('proj_unknown'), { label: 'proj_unknown', id: undefined });
});

test('seriesNames: two projects sharing a name get the tails of their IDs, so they stay two series', () => {
  const names = new Map([
    ['proj_aaaaaaaa11111111', 'Search'],
    ['proj_bbbbbbbb22222222', 'Search'],
    ['proj_cccccccc33333333', 'Chat'],
  ]);
  const out = seriesNames(['proj_aaaaaaaa11111111', 'proj_bbbbbbbb22222222', 'proj_cccccccc33333333'], names);
  assert.deepEqual(
    [...out.values()].map((n) => n.label),
    ['Search (…11111111)', 'Search (…22222222)', 'Chat'],
  );
});

test('seriesNames: a name equal to another key shown as itself: the named one gets its tail, the other stays', () => {
  const names = new Map([['proj_aaaaaaaa11111111', 'proj_unnamed']]);
  const out = seriesNames(['proj_aaaaaaaa11111111', 'proj_unnamed'], names);
  assert.deepEqual(out.get('proj_aaaaaaaa11111111'), {
    label: 'proj_unnamed (…11111111)',
    id: 'proj_aaaaaaaa11111111',
  });
  assert.deepEqual(out.get('proj_unnamed'), { label: 'proj_unnamed', id: undefined });
});

test('property: labels stay unique for IDs of the API form, and every named key keeps its ID', () => {
  const id = fc
    .string({ unit: fc.constantFrom(...'abcXYZ0189'), minLength: 24, maxLength: 24 })
    .map((s) => `proj_${s}`);
  const name = fc.constantFrom('Search', 'Chat', 'Other', '<b>x</b>');
  fc.assert(
    fc.property(fc.uniqueArray(id, { maxLength: 12, selector: (s) => s.slice(-8) }), fc.array(name), (keys, picks) => {
      const names = new Map<string, string>();
      keys.forEach((k, i) => {
        const n = picks[i];
        if (n !== undefined) names.set(k, n);
      });
      const out = seriesNames(keys, names);
      assert.equal(out.size, keys.length);
      const labels = [...out.values()].map((n) => n.label);
      assert.equal(new Set(labels).size, labels.length, labels.join(' | '));
      for (const k of keys) assert.equal(out.get(k)?.id, names.has(k) ? k : undefined);
    }),
    { numRuns: 300 },
  );
});

test('idHover: "<br>ID: …" escaped, only when the label is a name', () => {
  assert.equal(idHover(undefined), '');
  assert.equal(idHover({ label: 'proj_1', id: undefined }), '');
  assert.equal(idHover({ label: 'Search', id: 'proj_1' }), '<br>ID: proj_1');
  assert.equal(
    idHover({ label: 'x', id: HOSTILE }),
    '<br>ID: &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;',
  );
});
