import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChild, runChildSync } from '../../tools/child-process';

// Writes "out1" to stdout, then "err" to stderr, then "out2" to stdout (with pauses, as the pipes are read apart),
// and exits 3.
const SCRIPT = [
  'const pause = () => new Promise((r) => setTimeout(r, 200));',
  'const write = (s, t) => new Promise((r) => s.write(t, r));',
  "(async () => { await write(process.stdout, 'out1\\n'); await pause(); await write(process.stderr, 'err\\n');",
  "await pause(); await write(process.stdout, 'out2\\n'); process.exit(3); })();",
].join(' ');

test('runChild: exit code, stdout, stderr and both in the order they came; stdin is closed', async () => {
  const r = await runChild(process.execPath, ['-e', SCRIPT]);
  assert.equal(r.code, 3);
  assert.equal(r.signal, null);
  assert.equal(r.stdout, 'out1\nout2\n');
  assert.equal(r.stderr, 'err\n');
  assert.equal(r.output, 'out1\nerr\nout2\n');
  assert.ok(r.seconds > 0);
  const stdin = await runChild(process.execPath, [
    '-e',
    "process.stdin.on('data', () => {}).on('end', () => console.log('eof'))",
  ]);
  assert.equal(stdin.stdout, 'eof\n');
});

test('runChild: cwd and env reach the child; a command that cannot start rejects', async () => {
  const r = await runChild(process.execPath, ['-e', 'console.log(process.cwd(), process.env.CHILD_PROBE)'], {
    cwd: '/tmp',
    env: { CHILD_PROBE: 'x42' },
  });
  assert.equal(r.stdout, '/tmp x42\n');
  await assert.rejects(runChild('/nonexistent/command', []), /ENOENT/);
});

test('runChildSync: the same result synchronously (stdout, then stderr); cannot start throws', () => {
  const r = runChildSync(process.execPath, ['-e', SCRIPT]);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'out1\nout2\n');
  assert.equal(r.stderr, 'err\n');
  assert.equal(r.output, 'out1\nout2\nerr\n');
  assert.throws(() => runChildSync('/nonexistent/command', []), /cannot start \/nonexistent\/command: .*ENOENT/);
});

test('timeoutMs ends a child that runs too long, in both forms; the signal says so', async () => {
  const forever = ['-e', 'setTimeout(() => {}, 60_000)'];
  const sync = runChildSync(process.execPath, forever, { timeoutMs: 200 });
  assert.equal(sync.code, null);
  assert.equal(sync.signal, 'SIGTERM');
  const r = await runChild(process.execPath, forever, { timeoutMs: 200 });
  assert.equal(r.code, null);
  assert.equal(r.signal, 'SIGTERM');
  assert.ok(r.seconds < 30, `ended by the timeout, not the script (${r.seconds} s)`);
});
