import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tslabWriter } from '../../lib/notebook/index';

test('the tslab writer fails loudly when tslab no longer exposes lastWriteDisplayData', () => {
  assert.throws(
    () => tslabWriter(() => ({})).publish({ 'text/plain': 'x' }),
    /tslab display writer unavailable: .*no lastWriteDisplayData.*tslab 1\.0\.22/,
  );
  assert.throws(
    () =>
      tslabWriter(() => {
        throw new Error('Cannot find module');
      }).publish({ 'text/plain': 'x' }),
    /cannot load tslab\/dist\/jupyter/,
  );
});

test('the real tslab module outside a kernel cell is reported as not running in a kernel', () => {
  assert.throws(
    () => tslabWriter().publish({ 'text/plain': 'x' }),
    /lastWriteDisplayData is null \(not running inside a tslab kernel cell\?\)/,
  );
});

test('the tslab writer hands one display_data with every MIME type, metadata and display id to tslab', () => {
  const calls: unknown[][] = [];
  const writer = tslabWriter(() => ({
    lastWriteDisplayData: (...args: unknown[]) => {
      calls.push(args);
    },
  }));
  writer.publish(
    { 'text/plain': 'a', 'text/html': '<b>a</b>' },
    { displayId: 'd1', update: true, metadata: { 'usage-notebooks': { role: 'table' } } },
  );
  assert.deepEqual(calls, [
    [
      {
        data: { 'text/plain': 'a', 'text/html': '<b>a</b>' },
        metadata: { 'usage-notebooks': { role: 'table' } },
        transient: { display_id: 'd1' },
      },
      true,
    ],
  ]);
});

test('without options: no display id, no update, empty metadata; a non-function hook is named by its type', () => {
  const calls: unknown[][] = [];
  tslabWriter(() => ({ lastWriteDisplayData: (...args: unknown[]) => void calls.push(args) })).publish({
    'text/plain': 'x',
  });
  assert.deepEqual(calls, [[{ data: { 'text/plain': 'x' }, metadata: {}, transient: {} }, false]]);
  assert.throws(
    () => tslabWriter(() => ({ lastWriteDisplayData: 3 })).publish({ 'text/plain': 'x' }),
    /^Error: tslab display writer unavailable: tslab\/dist\/jupyter\.lastWriteDisplayData is number/,
  );
  assert.throws(() => tslabWriter(() => null).publish({}), /has no lastWriteDisplayData/);
});

test('the hook is looked up on every publish: one installed after the writer was made is used', () => {
  const mod: { lastWriteDisplayData: ((d: unknown, u: boolean) => void) | null } = { lastWriteDisplayData: null };
  const writer = tslabWriter(() => mod);
  assert.throws(() => writer.publish({ 'text/plain': 'early' }), /is null/);
  const seen: unknown[] = [];
  mod.lastWriteDisplayData = (d) => void seen.push(d);
  writer.publish({ 'text/plain': 'late' });
  assert.equal(seen.length, 1);
});
