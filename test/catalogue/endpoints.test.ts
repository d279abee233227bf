import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUCKET_WIDTHS } from '../../lib/catalogue/bucket-widths';
import type { EndpointDecl } from '../../lib/catalogue/declare';
import { CATALOGUE } from '../../lib/catalogue/endpoints';

// The catalogue is declared data: these are the rules every entry must keep for the client, the emulator and the
// store to read it alike.
const ENTRIES: ReadonlyArray<[string, EndpointDecl]> = Object.entries(CATALOGUE);

test('paths and result objects follow the API: usage endpoints under /organization/usage/<name>', () => {
  for (const [name, d] of ENTRIES) {
    if (name === 'costs') {
      assert.equal(d.path, '/organization/costs');
      assert.equal(d.resultObject, 'organization.costs.result');
    } else {
      assert.equal(d.path, `/organization/usage/${name}`);
      assert.match(d.resultObject, /^organization\.usage\.[a-z_]+\.result$/, name);
    }
  }
});

test('every filter restricts a dimension of its own endpoint, with a value list only where the API has one', () => {
  for (const [name, d] of ENTRIES) {
    for (const [filter, f] of Object.entries(d.filters)) {
      assert.ok(f.dimension in d.dimensions, `${name}.${filter} -> ${f.dimension}`);
      if (f.type === 'array' && f.values !== undefined) assert.ok(f.values.length > 0, `${name}.${filter}`);
    }
  }
});

test('limits: one rule per bucket width the endpoint takes, default within 1..max', () => {
  for (const [name, d] of ENTRIES) {
    assert.ok(d.bucketWidths.length > 0);
    for (const w of d.bucketWidths) assert.ok((BUCKET_WIDTHS as readonly string[]).includes(w), `${name} ${w}`);
    assert.deepEqual(Object.keys(d.limits).sort(), [...d.bucketWidths].sort(), name);
    for (const rule of Object.values(d.limits)) {
      assert.ok(rule !== undefined && rule.default >= 1 && rule.default <= rule.max, name);
    }
  }
});

test('names do not collide: no field is both a metric and a dimension or attribute', () => {
  for (const [name, d] of ENTRIES) {
    const fields = [...Object.keys(d.metrics), ...Object.keys(d.dimensions), ...Object.keys(d.attributes ?? {})];
    assert.equal(new Set(fields).size, fields.length, name);
    for (const [metric, m] of Object.entries(d.metrics))
      assert.ok(!(m.required === true && m.mayBeAbsent === true), `${name}.${metric}`);
  }
});

test("the grouping cut-off names the endpoint's own dimensions", () => {
  for (const [name, d] of ENTRIES) {
    const cut = d.groupingCutoff;
    if (cut === undefined) continue;
    assert.ok(cut.needsLaterStart in d.dimensions, name);
    for (const pair of cut.pairsBefore) for (const dim of pair) assert.ok(dim in d.dimensions, `${name} ${dim}`);
  }
});
