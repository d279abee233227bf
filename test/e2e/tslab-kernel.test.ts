import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, VENV_PYTHON, cleanEnv, requireNotebookSetup } from '../helpers/notebook-env-check';
import { runChildSync } from '../../tools/child-process';
import { cellSource, codeCellSources, parametersCell, readNotebook } from '../../tools/notebook-file';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}
interface Cell {
  outputs?: Output[];
}

const LIB = JSON.stringify(path.join(ROOT, 'dist', 'lib', 'index'));
/** Room entries, for what the notebooks' entry does not export (progress display, guard, a query error). */
const NOTEBOOK_LIB = JSON.stringify(path.join(ROOT, 'dist', 'lib', 'notebook', 'index'));
const API_LIB = JSON.stringify(path.join(ROOT, 'dist', 'lib', 'api', 'index'));
const dir = mkdtempSync(path.join(tmpdir(), 'tslab-kernel-'));
const out = path.join(dir, 'out');

/** An output a previous run left in a cell (committed notebooks carry their outputs). */
const STALE: Output = { output_type: 'stream', name: 'stdout', text: 'stale output of an earlier run\n' };

function notebook(name: string, cells: string[], staleFrom = cells.length): void {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i >= staleFrom ? i + 1 : null,
      outputs: i >= staleFrom ? [STALE] : [],
      source,
    })),
  };
  writeFileSync(path.join(dir, name), JSON.stringify(nb));
}

/** A mistake in notebook 01's parameters cell: notebook name, the text replaced, what the user wrote instead. */
const PARAM_MISTAKES: ReadonlyArray<readonly [string, string, string]> = [
  ['param-width', 'bucket_width: "1d" as const,', 'bucket_width: "5m" as const,'],
  ['param-width-string', 'bucket_width: "1d" as const,', 'bucket_width: "5m",'],
  ['param-key', 'bucket_width: "1d" as const,', 'bucket_widht: "1h",'],
  ['param-group-by', '// group_by: ["model"],', 'group_by: ["modle"],'],
];

const result: { status: number | null; stdout: string; stderr: string } = { status: null, stdout: '', stderr: '' };

before(() => {
  requireNotebookSetup();
  notebook('good.ipynb', [
    `import { showFigure, showTable, barByGroup } from ${LIB};
import { progressDisplay } from ${NOTEBOOK_LIB};`,
    `showFigure(barByGroup([{ keys: { model: "m-a" }, value: 7 }], { id: "demo-chart", title: "Demo", labelKey: "model", valueLabel: "Requests" }));`,
    `showTable([{ model: "m", n: 1 }], { title: "T" });
const p = progressDisplay();
p.onProgress({ endpoint: "completions", pages: 1, buckets: 7, results: 7, done: false });
p.onProgress({ endpoint: "completions", pages: 5, buckets: 31, results: 31, done: true });`,
  ]);
  notebook(
    'bad.ipynb',
    [
      `import { guard } from ${NOTEBOOK_LIB};
import { InvalidQueryError } from ${API_LIB};`,
      `await guard(Promise.reject(new InvalidQueryError("limit", "invalid limit: 500 (1d buckets allow 1..31)")));`,
      `console.log("never runs");`,
      `console.log("nor this");`,
    ],
    2,
  );
  notebook('warn.ipynb', ['console.error("something odd");', '1 + 1']);
  notebook('typo.ipynb', [
    `import { sumBy, usageTable } from ${LIB};
const t = usageTable("completions", []);
console.log(sumBy(t, ["model", "api_source"], "input_tokens").length);`,
    'sumBy(t, ["modle"], "input_tokens");',
  ]);
  // Variables whose types are interfaces of the library: tslab names them in the declarations it carries to the
  // next cell, which fails ("cannot be named") for one the rolled-up index.d.ts declares but does not export.
  notebook('named-types.ipynb', [
    `import { insightsParams, bucketStarts } from ${LIB};
const p = insightsParams({ days_ago: 2, budget: null, time_zone: "UTC" }, { now: 259200, fixedNow: true });
const span = bucketStarts([{ object: "bucket", start_time: 86400, end_time: 172800, results: [] }])[0];`,
    'console.log(p.timeZone, p.asOf, span?.end);',
  ]);
  // A frame carried to the next cell: typed by the library's own Frame (its declarations name no danfojs type).
  notebook('frame.ipynb', [
    `import { recordsFrame } from ${LIB};
const df = recordsFrame([{ model: "m-a", n: 1 }, { model: "m-b", n: 2 }]);`,
    'console.log(df.shape.join("x"), df.head(1).columns.join(","), df.column("n").values.join("+"));',
  ]);
  // The registered kernel (lib/kernel) compiles cells against Node's ambient types only: Node's globals type-check,
  // a global that only another @types package in node_modules declares (@types/webgl2) does not. The folder sees the
  // repository's @types as notebooks/ does (TypeScript's default type roots are node_modules/@types up the tree).
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'node_modules', '@types'), path.join(dir, 'node_modules', '@types'));
  notebook('ambient.ipynb', [
    'const version: string = process.version; console.log(version.startsWith("v"));',
    'let gl: WebGL2RenderingContext | undefined = undefined; gl;',
  ]);
  // Notebook 01's own import and parameters cells, each with one mistake a user makes in the parameters cell.
  const nb01 = readNotebook(path.join(ROOT, 'notebooks', '01_completions_usage.ipynb'));
  const importCell = codeCellSources(nb01)[0]?.replace('"../dist/lib/index"', LIB) ?? '';
  const params = parametersCell(nb01);
  const paramsCell = params === undefined ? '' : cellSource(params);
  for (const [name, from, to] of PARAM_MISTAKES) {
    assert.ok(paramsCell.includes(from), `notebook 01's parameters cell has ${from}`);
    notebook(`${name}.ipynb`, [importCell, paramsCell.replace(from, to)]);
  }
  const r = runChildSync(
    VENV_PYTHON,
    [
      path.join(ROOT, 'scripts', 'execute_notebooks.py'),
      '--out-dir',
      out,
      '--jobs',
      '3',
      '--timeout',
      '120',
      ...[
        'good',
        'bad',
        'warn',
        'typo',
        'named-types',
        'frame',
        'ambient',
        ...PARAM_MISTAKES.map(([name]) => name),
      ].map((n) => path.join(dir, `${n}.ipynb`)),
    ],
    { env: cleanEnv({}) },
  );
  Object.assign(result, { status: r.code, stdout: r.stdout, stderr: r.stderr });
});

after(() => rmSync(dir, { recursive: true, force: true }));

function outputs(name: string): Output[][] {
  const nb = JSON.parse(readFileSync(path.join(out, name), 'utf8')) as { cells: Cell[] };
  return nb.cells.map((c) => c.outputs ?? []);
}

test('a figure reaches Jupyter as ONE display_data with Plotly JSON (an object), HTML and text', () => {
  assert.match(result.stdout, /ok good\.ipynb/);
  const [figureOutput, ...rest] = outputs('good.ipynb')[1] ?? [];
  assert.equal(rest.length, 0);
  assert.equal(figureOutput?.output_type, 'display_data');
  const data = figureOutput?.data ?? {};
  assert.deepEqual(Object.keys(data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
  const spec: unknown = data['application/vnd.plotly.v1+json'];
  assert.ok(
    typeof spec === 'object' && spec !== null && 'data' in spec && Array.isArray(spec.data),
    'Plotly JSON is an object, not a string',
  );
  assert.equal(spec.data.length, 1);
  assert.match(JSON.stringify(spec.data[0]), /"m-a"/);
  assert.match(JSON.stringify(spec.data[0]), /\[7\]/);
  assert.deepEqual(figureOutput?.metadata, { 'usage-notebooks': { role: 'figure', id: 'demo-chart' } });
});

test('tables render as HTML and the progress output is replaced in place by its final line', () => {
  const cell = outputs('good.ipynb')[2] ?? [];
  assert.equal(cell.length, 2);
  assert.match(String(cell[0]?.data?.['text/html']), /<table/);
  assert.equal(String(cell[1]?.data?.['text/plain']), 'Done: completions, 5 pages, 31 buckets in 0.0 s');
});

test('an API error stops the run with a short message naming the notebook and cell', () => {
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /FAILED bad\.ipynb[^\n]*\n\s+cell 2 \[await guard[^\n]*\]: \[CellStopped: InvalidQueryError: invalid limit: 500/,
  );
  const cells = outputs('bad.ipynb');
  // The cells after the failing one held an earlier run's outputs: cleared and marked, never left looking current.
  assert.deepEqual(cells.slice(2), [[], []], 'later cells do not run and keep no earlier output');
  const saved = JSON.parse(readFileSync(path.join(out, 'bad.ipynb'), 'utf8')) as {
    cells: { execution_count: number | null; metadata: Record<string, unknown> }[];
  };
  for (const cell of saved.cells.slice(2)) {
    assert.equal(cell.execution_count, null);
    assert.deepEqual(cell.metadata['usage-notebooks'], { not_run: 'an earlier cell failed' });
  }
  assert.equal(saved.cells[1]?.metadata['usage-notebooks'], undefined, 'the failing cell ran');
  assert.ok(!result.stderr.includes('    at '), 'no stack trace for an expected API error');
});

test('any stderr output fails the run even when the cell succeeded', () => {
  assert.match(
    result.stderr,
    /FAILED warn\.ipynb[^\n]*\n\s+cell 1 \[console\.error\("something odd"\);\]: something odd/,
  );
});

test('a misspelt dimension fails to type-check in a notebook cell (the catalogue types reach tslab)', () => {
  assert.equal(outputs('typo.ipynb')[0]?.[0]?.text?.toString().trim(), '0');
  assert.match(result.stderr, /FAILED typo\.ipynb[^\n]*\n\s+cell 2 \[sumBy\(t, \["modle"\][^\n]*\]:[^\n]*"modle"/);
});

test("the kernel compiles cells against Node's ambient types only (every other @types package left out)", () => {
  assert.equal(outputs('ambient.ipynb')[0]?.[0]?.text?.toString(), 'true\n');
  assert.match(result.stderr, /FAILED ambient\.ipynb[^\n]*\n\s+cell 2 [^\n]*Cannot find name 'WebGL2RenderingContext'/);
});

test("a cell's variables typed by the library's interfaces reach the next cell (tslab can name their types)", () => {
  assert.match(result.stdout, /ok named-types\.ipynb/);
  assert.equal(outputs('named-types.ipynb')[1]?.[0]?.text?.toString(), 'UTC 1970-01-04 172800\n');
});

test('a frame in a cell reaches the next cell with its columns, head and column values', () => {
  assert.match(result.stdout, /ok frame\.ipynb/);
  assert.equal(outputs('frame.ipynb')[1]?.[0]?.text?.toString(), '2x2 model,n 1+2\n');
});

test('the declarations tslab reads are one file that exports every interface and class it declares', () => {
  // `npm run build` rolls dist/lib/index.d.ts up (api-extractor.json): tslab rebuilds its program on every cell,
  // at a cost that grows with the files in it (docs/performance-interactive.md).
  const dts = readFileSync(path.join(ROOT, 'dist', 'lib', 'index.d.ts'), 'utf8');
  assert.deepEqual(
    dts.match(/from '\.{1,2}\/[^']*'|import\("\.{1,2}\/[^"]*"\)/g),
    null,
    'no import of another file of ours',
  );
  // Nor of a package: danfojs's DataFrame alone brought 42 declaration files (plotly.js's 1.2 MB schema among them)
  // into every cell's program; the library's frames are typed by its own Frame.
  assert.deepEqual(dts.match(/^import .*$/gm), null, 'no import of a package');
  assert.deepEqual(dts.match(/^declare (abstract class|class|interface|enum|const enum) \w+/gm), null);
});

test("a mistake in notebook 01's parameters cell prints one line naming the parameter and what is allowed", () => {
  const printed = (name: string): string =>
    (outputs(`${name}.ipynb`)[1] ?? []).map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''))).join('');
  const width = '[InvalidParams: invalid bucket_width: "5m" (completions accepts only 1m, 1h, 1d)]\n';
  assert.equal(printed('param-width'), width);
  assert.equal(printed('param-width-string'), width);
  assert.match(
    printed('param-key'),
    /^\[InvalidParams: invalid parameter: "bucket_widht" \(known: days_ago, start_time, end_time, bucket_width, [^\n]*\)\]\n$/,
  );
  assert.equal(
    printed('param-group-by'),
    '[InvalidParams: invalid group_by: "modle" (completions accepts project_id, user_id, api_key_id, model, batch, ' +
      'service_tier, api_source)]\n',
  );
  for (const [name] of PARAM_MISTAKES) assert.match(result.stderr, new RegExp(`FAILED ${name}\\.ipynb`));
});

test('a project key in .env or the environment stops the connect cell with one line, before any request', () => {
  notebook('project-key.ipynb', [`import { connectNotebook } from ${LIB};`, 'const conn = await connectNotebook();']);
  const r = runChildSync(
    VENV_PYTHON,
    [
      path.join(ROOT, 'scripts', 'execute_notebooks.py'),
      '--out-dir',
      out,
      '--timeout',
      '120',
      path.join(dir, 'project-key.ipynb'),
    ],
    { env: cleanEnv({ OPENAI_ADMIN_KEY: `sk-proj-${'q'.repeat(40)}` }) },
  );
  assert.equal(r.code, 1);
  const line =
    'InvalidConfigError: invalid OPENAI_ADMIN_KEY: sk-proj-… is a project key; the Usage API needs an organization ' +
    'admin key: https://platform.openai.com/settings/organization/admin-keys';
  const [shown, stopped, ...rest] = outputs('project-key.ipynb')[1] ?? [];
  assert.equal(rest.length, 0);
  assert.equal(String(shown?.data?.['text/plain']), line);
  const stoppedText = stopped?.text;
  assert.equal(Array.isArray(stoppedText) ? stoppedText.join('') : stoppedText, `[CellStopped: ${line}]\n`);
  assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  assert.ok(!r.stderr.includes('sk-admin-'), 'nothing the headless run would flag as a leaked admin key');
});
