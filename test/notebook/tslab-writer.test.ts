import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tslabWriter } from '../../lib/notebook/tslab-writer';

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
