import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  cleanOut,
  committedForm,
  figureIdsInOrder,
  filesUnder,
  outputsWithSecrets,
  parseRunOptions,
  readNotebook,
  selectNotebooks,
  updateCommitted,
  writeCombinedReport,
  type NotebookFile,
} from '../../scripts/headless-run';

const tmp = mkdtempSync(path.join(tmpdir(), 'headless-run-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const dir = path.join(tmp, String(++n));
  mkdirSync(dir, { recursive: true });
  return dir;
};

function figureOutput(id: string): NonNullable<NotebookFile['cells'][number]['outputs']>[number] {
  return {
    data: { 'application/vnd.plotly.v1+json': { data: [] }, 'text/html': '<div>chart</div>', 'text/plain': id },
    metadata: { 'usage-notebooks': { role: 'figure', id } },
  };
}

describe('parseRunOptions', () => {
  test('defaults: <root>/out, 300 s per cell, 2 jobs; $OUT_DIR and --out override the folder', () => {
    assert.deepEqual(parseRunOptions([], { root: '/repo', env: {} }), {
      out: '/repo/out',
      updateCommitted: false,
      timeout: 300,
      jobs: 2,
    });
    assert.equal(parseRunOptions([], { root: '/repo', env: { OUT_DIR: '/x' } }).out, '/x');
    assert.equal(parseRunOptions(['--out', '/y'], { root: '/repo', env: { OUT_DIR: '/x' } }).out, '/y');
    const o = parseRunOptions(['--notebook', '02', '--update-committed', '--jobs', '3', '--timeout', '60'], {
      root: '/repo',
      env: {},
    });
    assert.deepEqual(o, { notebook: '02', out: '/repo/out', updateCommitted: true, timeout: 60, jobs: 3 });
  });

  test('a timeout or job count that is not a whole number ≥ 1 is refused with the value', () => {
    assert.throws(() => parseRunOptions(['--timeout', '0'], { root: '/r', env: {} }), /^Error: invalid --timeout: 0 /);
    assert.throws(() => parseRunOptions(['--jobs', '1.5'], { root: '/r', env: {} }), /^Error: invalid --jobs: 1\.5 /);
  });
});

describe('selectNotebooks', () => {
  const all = ['02_costs.ipynb', '01_usage.ipynb', 'README.md', '03_more.ipynb'];
  test('all notebooks sorted, or one by name, file name or unique prefix', () => {
    assert.deepEqual(selectNotebooks(all, undefined), ['01_usage.ipynb', '02_costs.ipynb', '03_more.ipynb']);
    assert.deepEqual(selectNotebooks(all, '02'), ['02_costs.ipynb']);
    assert.deepEqual(selectNotebooks(all, '03_more.ipynb'), ['03_more.ipynb']);
  });
  test('an ambiguous or unknown name lists the choices', () => {
    assert.throws(
      () => selectNotebooks(all, '0'),
      /^Error: invalid --notebook: "0" \(one of: 01_usage\.ipynb, 02_costs/,
    );
    assert.throws(() => selectNotebooks(all, '09'), /invalid --notebook: "09"/);
  });
});

test('cleanOut removes only what a run writes', () => {
  const out = freshDir();
  for (const d of ['charts', 'data', 'notebooks']) mkdirSync(path.join(out, d));
  const mine = [
    'charts/a.html',
    'charts/a.json',
    'charts/plotly.min.js',
    'data/t.csv',
    'data/t.json',
    'notebooks/n.ipynb',
    'report.html',
    'report-02.html',
  ];
  const theirs = ['charts/notes.txt', 'data/keep.xlsx', 'report.txt', 'my-report.html'];
  for (const f of [...mine, ...theirs]) writeFileSync(path.join(out, f), 'x');
  cleanOut(out);
  assert.deepEqual(
    filesUnder(out)
      .map((f) => path.relative(out, f))
      .sort(),
    [...theirs].sort(),
  );
  cleanOut(path.join(out, 'missing')); // no folder: nothing to do
});

test('figure ids come in notebook display order, each once', () => {
  const nb = (ids: string[]): NotebookFile => ({
    cells: [
      { cell_type: 'code', outputs: [{ data: {}, metadata: { 'usage-notebooks': { role: 'table' } } }] },
      { cell_type: 'code', outputs: ids.map(figureOutput) },
    ],
  });
  assert.deepEqual(figureIdsInOrder([nb(['b', 'a']), nb(['a', 'c'])]), ['b', 'a', 'c']);
});

test('the combined report has the exported charts, notebook order first, then the rest by name', () => {
  const out = freshDir();
  mkdirSync(path.join(out, 'charts'));
  for (const id of ['zeta', 'alpha', 'mid']) {
    const fig = {
      id,
      title: `Title ${id}`,
      data: [{ type: 'bar', x: [1], y: [2] }],
      layout: { height: 300 },
      config: {},
    };
    writeFileSync(path.join(out, 'charts', `${id}.json`), JSON.stringify(fig));
  }
  mkdirSync(path.join(out, 'data'));
  const about = (start: number, end: number): string =>
    JSON.stringify({ organization: 'demo', source: 'emulator', start, end, generatedAt: 'then' });
  writeFileSync(path.join(out, 'data', 'report-01.about.json'), about(86_400, 3 * 86_400));
  writeFileSync(path.join(out, 'data', 'report-02.about.json'), about(0, 2 * 86_400));
  const now = new Date(Date.UTC(2026, 11, 1, 9, 0, 0));
  const ids = writeCombinedReport(out, [{ cells: [{ cell_type: 'code', outputs: [figureOutput('mid')] }] }], now);
  assert.deepEqual(ids, ['mid', 'alpha', 'zeta']);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const positions = ids.map((id) => html.indexOf(`id="${id}"`));
  assert.ok(
    positions.every((p) => p > 0),
    'every chart has a section',
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    'sections in report order',
  );
});

test('the secret scan finds the key prefix and the configured key (also JSON-escaped), and skips the vendored plotly.js', () => {
  const dir = freshDir();
  const key = 'my-custom-key-123456';
  const escaped = 'my\\key"with-quote-98765';
  const files = {
    'a.csv': 'fine',
    'b.json': `"sk-admin-x"`,
    'c.html': `key=${key}`,
    'd.ipynb': JSON.stringify({ text: `key ${escaped}` }),
    'plotly.min.js': 'sk-admin-',
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  const all = readdirSync(dir).map((f) => path.join(dir, f));
  assert.deepEqual(
    outputsWithSecrets(all, key)
      .map((f) => path.basename(f))
      .sort(),
    ['b.json', 'c.html'],
  );
  assert.deepEqual(
    outputsWithSecrets(all, escaped)
      .map((f) => path.basename(f))
      .sort(),
    ['b.json', 'd.ipynb'],
    'a key with a backslash and a quote is found JSON-escaped in a saved notebook',
  );
  assert.deepEqual(
    outputsWithSecrets(all, undefined).map((f) => path.basename(f)),
    ['b.json'],
  );
  assert.deepEqual(
    outputsWithSecrets(all, 'short').map((f) => path.basename(f)),
    ['b.json'],
    'short keys are no needle',
  );
});

test('the committed form drops the inline plotly.js, timing metadata and the HTML copy of figures', () => {
  const nb: NotebookFile = {
    cells: [
      { cell_type: 'markdown', metadata: { execution: { t: 1 } } },
      {
        cell_type: 'code',
        metadata: { execution: { 'iopub.status.busy': 'x' }, tags: ['keep'] },
        outputs: [
          {
            data: { 'text/html': '<script>/* 4 MB */</script>', 'text/plain': ['Plotly ', 'ready'] },
            metadata: { 'usage-notebooks': { role: 'plotly-init' } },
          },
          figureOutput('f'),
          { data: { 'text/html': '<table></table>' }, metadata: { 'usage-notebooks': { role: 'table' } } },
        ],
      },
    ],
  };
  const c = committedForm(nb);
  assert.deepEqual(c.cells[0]?.metadata, { execution: { t: 1 } }, 'markdown cells are left alone');
  assert.deepEqual(c.cells[1]?.metadata, { tags: ['keep'] });
  const [init, fig, table] = c.cells[1]?.outputs ?? [];
  assert.deepEqual(init?.data, { 'text/plain': 'Plotly ready (bundle stripped from the committed notebook)' });
  assert.deepEqual(Object.keys(fig?.data ?? {}), ['application/vnd.plotly.v1+json', 'text/plain']);
  assert.deepEqual(table?.data, { 'text/html': '<table></table>' });
});

test('updateCommitted writes the committed form and refuses a notebook with the key prefix', () => {
  const dir = freshDir();
  const target = freshDir();
  const good = path.join(dir, '01.ipynb');
  writeFileSync(good, JSON.stringify({ cells: [{ cell_type: 'code', metadata: { execution: {} }, outputs: [] }] }));
  updateCommitted([good], target);
  assert.deepEqual(readNotebook(path.join(target, '01.ipynb')), {
    cells: [{ cell_type: 'code', metadata: {}, outputs: [] }],
  });
  const bad = path.join(dir, '02.ipynb');
  writeFileSync(bad, JSON.stringify({ cells: [{ cell_type: 'code', source: 'sk-admin-abc', outputs: [] }] }));
  assert.throws(() => updateCommitted([bad], target), /'sk-admin-' found in .*02\.ipynb: not copied/);
  assert.deepEqual(readdirSync(target), ['01.ipynb']);
  writeFileSync(path.join(dir, 'x.ipynb'), '{"cells": 3}');
  assert.throws(() => readNotebook(path.join(dir, 'x.ipynb')), /invalid notebook: .*x\.ipynb \(no cells array\)/);
});
