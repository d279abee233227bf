import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BACKGROUND_CHARS, exportsWritten, writeExports, writesInProgress } from '../../lib/export/index';
import { runChild } from '../../tools/child-process';

const ROOT = path.resolve(__dirname, '..', '..');
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'background-writes-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A CSV just over the background size, rows numbered so two versions differ all along. */
function bigCsv(version: string): string {
  const line = `${version},${'x'.repeat(70)}\r\n`;
  return `v,x\r\n${line.repeat(Math.ceil(BACKGROUND_CHARS / line.length) + 1)}`;
}

const spec = (frames: Record<string, string>, background: boolean) => ({
  figures: [],
  frames,
  report: { title: 'Costs' },
  plotly: 'sibling' as const,
  background,
});

test('a big frame is finished in the background: the target is the old file or the new one, never a part', async () => {
  const out = join(dir, 'whole');
  await mkdir(join(out, 'data'), { recursive: true });
  const big = join(out, 'data', 'focus.csv');
  const old = bigCsv('old');
  await writeFile(big, old);
  const text = bigCsv('new');
  const paths = await writeExports(out, spec({ small: 'a\r\n1\r\n', focus: text }, true));
  assert.ok(paths.includes(big));
  // The small files are on disk when writeExports returns; the big one is either being written or done.
  assert.equal(await readFile(join(out, 'data', 'small.csv'), 'utf8'), 'a\r\n1\r\n');
  const now = await readFile(big, 'utf8');
  assert.ok(now === old || now === text, `a partial file (${String(now.length)} of ${String(text.length)})`);
  assert.ok(writesInProgress().every((p) => p === big));
  await exportsWritten();
  assert.deepEqual(writesInProgress(), []);
  assert.equal(await readFile(big, 'utf8'), text);
  assert.deepEqual((await readdir(join(out, 'data'))).sort(), ['focus.csv', 'small.csv'], 'no temporary file left');
});

test('without background, and below the size, every file is written before writeExports returns', async () => {
  const out = join(dir, 'awaited');
  const text = bigCsv('awaited');
  await writeExports(out, spec({ focus: text }, false));
  assert.deepEqual(writesInProgress(), []);
  assert.equal(await readFile(join(out, 'data', 'focus.csv'), 'utf8'), text);
  const small = 'y'.repeat(BACKGROUND_CHARS - 1);
  await writeExports(out, spec({ below: small }, true));
  assert.deepEqual(writesInProgress(), []);
  assert.equal((await readFile(join(out, 'data', 'below.csv'), 'utf8')).length, small.length);
});

test('a surrogate pair across a write chunk (1 Mi characters) keeps its UTF-8 bytes', async () => {
  const out = join(dir, 'unicode');
  const text = `${'a'.repeat((1 << 20) - 1)}😀é${'b'.repeat(BACKGROUND_CHARS)}`;
  await writeExports(out, spec({ emoji: text }, true));
  await exportsWritten();
  const bytes = await readFile(join(out, 'data', 'emoji.csv'));
  assert.equal(bytes.length, (1 << 20) - 1 + 4 + 2 + BACKGROUND_CHARS);
  assert.deepEqual([...bytes.subarray((1 << 20) - 1, (1 << 20) + 5)], [0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9]);
});

test('a background write that fails is thrown once, by exportsWritten, naming the file; nothing partial stays', async () => {
  const out = join(dir, 'fails');
  // A directory holding a file where the CSV goes: the rename over it fails.
  await mkdir(join(out, 'data', 'focus.csv'), { recursive: true });
  await writeFile(join(out, 'data', 'focus.csv', 'keep'), 'kept');
  await writeExports(out, spec({ focus: bigCsv('x') }, true));
  await assert.rejects(exportsWritten(), (error: Error) => {
    assert.match(error.message, /1 file\(s\) not written in the background: .*data\/focus\.csv: /);
    return true;
  });
  await exportsWritten();
  assert.deepEqual(await readdir(join(out, 'data')), ['focus.csv']);
  assert.equal(await readFile(join(out, 'data', 'focus.csv', 'keep'), 'utf8'), 'kept');
});

test('the next writeExports reports an earlier background failure before writing anything', async () => {
  const out = join(dir, 'next');
  await mkdir(join(out, 'data', 'focus.csv'), { recursive: true });
  await writeFile(join(out, 'data', 'focus.csv', 'keep'), 'kept');
  await writeExports(out, spec({ focus: bigCsv('x') }, true));
  await assert.rejects(
    writeExports(out, spec({ other: 'b\r\n' }, true)),
    /not written in the background: .*focus\.csv/,
  );
  assert.deepEqual(await readdir(join(out, 'data')), ['focus.csv'], 'other.csv not written');
  // Reported once: the export after it runs.
  await writeExports(out, spec({ other: 'b\r\n' }, true));
  assert.equal(await readFile(join(out, 'data', 'other.csv'), 'utf8'), 'b\r\n');
});

/** Runs a script in a child Node process (the library loaded through tsx), with `out` as its argument. */
async function child(script: string, out: string): Promise<{ code: number | null; stderr: string }> {
  const code = `const { writeExports } = require(${JSON.stringify(join(ROOT, 'lib', 'export', 'index.ts'))});\n${script}`;
  const r = await runChild(process.execPath, ['--import', 'tsx', '-e', code, out], { cwd: ROOT });
  return { code: r.code, stderr: r.stderr };
}

const CHILD_EXPORT = `
const out = process.argv[1];
const line = 'v,' + 'x'.repeat(70) + '\\r\\n';
const text = 'v,x\\r\\n' + line.repeat(${String(Math.ceil(BACKGROUND_CHARS / 72) + 1)});
const spec = { figures: [], frames: { focus: text }, report: { title: 'Costs' }, plotly: 'sibling', background: true };
`;

test('a process that exits right after the export (process.exit) still leaves the whole file', async () => {
  const out = join(dir, 'exit');
  const r = await child(`${CHILD_EXPORT}writeExports(out, spec).then(() => process.exit(0));`, out);
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(join(out, 'data', 'focus.csv'), 'utf8');
  const line = `v,${'x'.repeat(70)}\r\n`;
  assert.equal(text, `v,x\r\n${line.repeat(Math.ceil(BACKGROUND_CHARS / 72) + 1)}`);
  assert.deepEqual(await readdir(join(out, 'data')), ['focus.csv'], 'no temporary file left');
});

test('a process whose background write failed, unreported, exits 1 naming the file on stderr', async () => {
  const out = join(dir, 'exit-fails');
  await mkdir(join(out, 'data', 'focus.csv', 'sub'), { recursive: true });
  const r = await child(`${CHILD_EXPORT}void writeExports(out, spec);`, out);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /export: .*data\/focus\.csv was not written: /);
});
