import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  buildIsCurrent,
  fileSha256,
  focusPythonCandidates,
  focusValidatorIsCurrent,
  kernelArgv,
  kernelIsCurrent,
  newestTsMtime,
  requirementsAreCurrent,
  setup,
  setupPaths,
} from '../../scripts/setup';

const root = mkdtempSync(path.join(tmpdir(), 'setup-'));
after(() => rmSync(root, { recursive: true, force: true }));
const p = setupPaths(root);
const at = (file: string, seconds: number, text = 'x'): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, seconds, seconds);
};

test('newestTsMtime looks at .ts files only, in nested folders', () => {
  at(path.join(root, 'lib', 'a.ts'), 1000);
  at(path.join(root, 'lib', 'sub', 'b.ts'), 2000);
  at(path.join(root, 'lib', 'sub', 'notes.md'), 9000);
  assert.equal(newestTsMtime(path.join(root, 'lib')), 2_000_000);
});

test('the build is current only with a stamp newer than every lib/ source and a built index.js', () => {
  assert.equal(buildIsCurrent(p), false, 'nothing built');
  at(p.buildStamp, 3000);
  assert.equal(buildIsCurrent(p), false, 'stamp without dist/lib/index.js');
  at(path.join(root, 'dist', 'lib', 'index.js'), 3000);
  assert.equal(buildIsCurrent(p), true);
  at(path.join(root, 'lib', 'sub', 'b.ts'), 4000);
  assert.equal(buildIsCurrent(p), false, 'a source changed after the build');
});

test("the kernel is current only when kernel.json runs this Node on our kernel entry, with tslab's arguments", () => {
  const argv = kernelArgv(p, '/opt/node/bin/node');
  assert.deepEqual(argv, [
    '/opt/node/bin/node',
    path.join(root, 'dist', 'lib', 'kernel', 'start.js'),
    'kernel',
    '--config-path',
    '{connection_file}',
  ]);
  assert.equal(kernelIsCurrent(p.kernelJson, argv), false, 'missing');
  at(p.kernelJson, 1, JSON.stringify({ argv: [p.tslabBin, 'kernel', '--config-path', '{connection_file}'] }));
  assert.equal(kernelIsCurrent(p.kernelJson, argv), false, "tslab's own binary (before the kernel entry)");
  at(p.kernelJson, 1, JSON.stringify({ argv: kernelArgv(p, '/usr/bin/node') }));
  assert.equal(kernelIsCurrent(p.kernelJson, argv), false, 'another Node');
  at(p.kernelJson, 1, '{not json');
  assert.equal(kernelIsCurrent(p.kernelJson, argv), false, 'unreadable');
  at(p.kernelJson, 1, JSON.stringify({ argv: [...argv, '--extra'] }));
  assert.equal(kernelIsCurrent(p.kernelJson, argv), false, 'more arguments');
  at(p.kernelJson, 1, JSON.stringify({ argv, display_name: 'TypeScript', language: 'typescript' }));
  assert.equal(kernelIsCurrent(p.kernelJson, argv), true);
});

test('requirements are current only when the stamp holds the sha256 of requirements.txt', () => {
  at(path.join(root, 'requirements.txt'), 1, 'jupyterlab==4.0.0\n');
  assert.equal(requirementsAreCurrent(p), false);
  // sha256("jupyterlab==4.0.0\n"), computed independently with `sha256sum`.
  assert.equal(
    fileSha256(path.join(root, 'requirements.txt')),
    'eb401c374dd76fb46acdd2b35a6cc3dcd0204ad47dc0f35b751bd5589916e0ea',
  );
  at(p.requirementsStamp, 1, `${fileSha256(path.join(root, 'requirements.txt'))}\n`);
  assert.equal(requirementsAreCurrent(p), true);
  at(path.join(root, 'requirements.txt'), 1, 'jupyterlab==4.0.1\n');
  assert.equal(requirementsAreCurrent(p), false);
});

test('setup without node_modules/.bin/tslab says to run npm ci first', () => {
  assert.throws(() => setup({ paths: p, log: () => undefined }), /tslab is missing: run `npm ci` first/);
});

test('FOCUS validator Pythons: $FOCUS_PYTHON first, then pyenv 3.12+ oldest first, then PATH names', () => {
  const pyenv = path.join(root, 'pyenv');
  for (const v of ['3.9.18', '3.13.0', '3.11.7', '3.12.1', '3.12.10', 'system', '2.7.18'])
    mkdirSync(path.join(pyenv, 'versions', v), { recursive: true });
  const bin = (v: string): string => path.join(pyenv, 'versions', v, 'bin', 'python');
  assert.deepEqual(focusPythonCandidates({ PYENV_ROOT: pyenv, FOCUS_PYTHON: '/opt/py/bin/python3' }), [
    '/opt/py/bin/python3',
    bin('3.12.1'),
    bin('3.12.10'),
    bin('3.13.0'),
    'python3.12',
    'python3.13',
    'python3',
  ]);
  assert.deepEqual(focusPythonCandidates({ PYENV_ROOT: path.join(root, 'none') }), [
    'python3.12',
    'python3.13',
    'python3',
  ]);
});

test('the FOCUS validator venv is current only when its stamp holds the sha256 of requirements-focus.txt', () => {
  at(path.join(root, 'requirements-focus.txt'), 1, 'focus-validator==2.2.1\n');
  assert.equal(focusValidatorIsCurrent(p), false);
  at(p.focusRequirementsStamp, 1, `${fileSha256(path.join(root, 'requirements-focus.txt'))}\n`);
  assert.equal(focusValidatorIsCurrent(p), true);
  at(path.join(root, 'requirements-focus.txt'), 1, 'focus-validator==2.2.2\n');
  assert.equal(focusValidatorIsCurrent(p), false);
});
