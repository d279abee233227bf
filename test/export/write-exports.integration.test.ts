import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { plotlyBundle, writeExports } from '../../lib/export/index';
import { sharedPlotlyBundle } from '../../lib/export/plotly-bundle';
import * as s from '../charts/sample-data';
import { figures } from './sample-figures';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charts-export-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('writeExports names the report page as asked and refuses a path instead of a file name', async () => {
  const out = join(dir, 'named-report');
  const spec = { figures: figures().slice(0, 2), plotly: 'sibling' as const };
  const paths = await writeExports(out, { ...spec, report: { title: 'Costs', file: 'report-02_costs.html' } });
  assert.ok(paths.includes(join(out, 'report-02_costs.html')));
  assert.ok(!paths.includes(join(out, 'report.html')));
  await assert.rejects(
    writeExports(out, { ...spec, report: { title: 'x', file: '../evil.html' } }),
    /invalid report file: "..\/evil.html"/,
  );
  assert.deepEqual((await readdir(out)).sort(), ['charts', 'report-02_costs.html']);
});

test('a blank report title or a table with a script is refused before any file is written', async () => {
  // Ready CSV texts are written first: the report's own checks must come before them.
  const out = join(dir, 'refused-report');
  const spec = {
    figures: figures().slice(0, 1),
    frames: { costs: 'a,b\r\n1,2\r\n' },
    json: { summary: { total: 1 } },
    plotly: 'sibling' as const,
  };
  await assert.rejects(writeExports(out, { ...spec, report: { title: ' ' } }), /invalid title/);
  const tables = [{ title: 'T', html: '<table></table><script>alert(1)</script>' }];
  await assert.rejects(writeExports(out, { ...spec, report: { title: 'Costs', tables } }), /invalid table html/);
  await assert.rejects(readdir(out), /ENOENT/);
});

test('writeExports writes every chart page, figure JSON, the report and the CSVs, deterministically', async () => {
  const spec = {
    figures: figures(),
    frames: { costs: 'date,amount\n2025-01-11,1\n', users: [{ user_id: s.HOSTILE, n: 1 }] },
    report: { title: 'OpenAI usage' },
    plotly: 'sibling' as const,
  };
  const out = join(dir, 'sibling');
  const paths = await writeExports(out, spec);
  assert.equal(paths.length, 1 + spec.figures.length * 2 + 1 + 2);
  assert.deepEqual((await readdir(join(out, 'data'))).sort(), ['costs.csv', 'users.csv']);
  const json: unknown = JSON.parse(await readFile(join(out, 'charts', 'cost-per-day.json'), 'utf8'));
  assert.deepEqual(json, JSON.parse(JSON.stringify(spec.figures[4])));
  const first = await readFile(join(out, 'report.html'), 'utf8');
  await writeExports(out, spec);
  assert.equal(await readFile(join(out, 'report.html'), 'utf8'), first);
  assert.ok(!first.includes('<img') && !/<script>alert/i.test(first));
  await assert.rejects(writeExports(out, { ...spec, frames: { '../x': 'a' } }), /invalid frame name: "..\/x"/);
});

test('the report page embeds plotly.js once (one file to send); with about, its coverage is written beside it', async () => {
  const out = join(dir, 'shareable');
  const about = {
    organization: 'demo',
    source: 'emulator',
    start: 0,
    end: 86_400,
    generatedAt: '2026-12-01T00:00:00.000Z',
  };
  const paths = await writeExports(out, {
    figures: figures().slice(0, 2),
    json: { overview: [{ endpoint: 'images', total: 3 }] },
    report: { title: 'Costs', file: 'report-02_costs.html', about },
    plotly: 'sibling',
  });
  const report = await readFile(join(out, 'report-02_costs.html'), 'utf8');
  assert.ok(!/<script[^>]*\ssrc=/.test(report), 'no script file referenced');
  assert.equal(report.match(/plotly\.js v\d/g)?.length, 1);
  assert.ok(report.includes('<dt>Organization</dt><dd>demo</dd>'));
  const page = await readFile(join(out, 'charts', `${figures()[0]?.id ?? ''}.html`), 'utf8');
  assert.match(page, /<script src="plotly\.min\.js"/, 'per-chart pages keep the shared bundle');
  assert.deepEqual(JSON.parse(await readFile(join(out, 'data', 'report-02_costs.about.json'), 'utf8')), about);
  assert.equal(
    await readFile(join(out, 'data', 'overview.json'), 'utf8'),
    '[\n  {\n    "endpoint": "images",\n    "total": 3\n  }\n]\n',
  );
  assert.ok(paths.includes(join(out, 'data', 'overview.json')));
  await assert.rejects(
    writeExports(out, { figures: [], json: { 'a/b': 1 }, report: { title: 'x' }, plotly: 'sibling' }),
    /invalid json name: "a\/b"/,
  );
  await assert.rejects(
    writeExports(out, { figures: [], json: { f: () => 1 }, report: { title: 'x' }, plotly: 'sibling' }),
    /invalid json value: f \(not JSON-serialisable\)/,
  );
});

test('a re-run writes only what changed; a file changed or removed since is written again', async () => {
  const out = join(dir, 'rerun');
  const [first, second] = figures();
  if (first === undefined || second === undefined) throw new Error('sample figures missing');
  const spec = {
    figures: [first, second],
    frames: { costs: 'date,amount\n2025-01-11,1\n' },
    report: { title: 'Re-run' },
    plotly: 'sibling' as const,
  };
  const mtimes = async (): Promise<Map<string, number>> => {
    const files = (await readdir(out, { recursive: true })).map((f) => join(out, f));
    const entries = await Promise.all(files.map(async (f) => [f, (await stat(f)).mtimeMs] as const));
    return new Map(entries.filter(([f]) => /\.(html|json|csv|js)$/.test(f)));
  };
  const paths = await writeExports(out, spec);
  const before1 = await mtimes();
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(await writeExports(out, spec), paths, 'the same paths are reported');
  assert.deepEqual(await mtimes(), before1, 'nothing rewritten when nothing changed');

  // A changed figure: its page, its JSON and the report are rewritten; the other chart and the CSV are not.
  const changed = { ...spec, figures: [{ ...first, title: `${first.title} (edited)` }, second] };
  await new Promise((r) => setTimeout(r, 30));
  await writeExports(out, changed);
  const after2 = await mtimes();
  const rewritten = [...after2].filter(([f, t]) => before1.get(f) !== t).map(([f]) => f.slice(out.length + 1));
  assert.deepEqual(rewritten.sort(), [`charts/${first.id}.html`, `charts/${first.id}.json`, 'report.html'].sort());
  assert.match(await readFile(join(out, 'report.html'), 'utf8'), /\(edited\)/);

  // Someone else edited the CSV and removed a chart page: both come back as the spec says.
  await writeFile(join(out, 'data', 'costs.csv'), 'tampered\n');
  await rm(join(out, 'charts', `${second.id}.html`));
  await writeExports(out, changed);
  assert.equal(await readFile(join(out, 'data', 'costs.csv'), 'utf8'), 'date,amount\n2025-01-11,1\n');
  assert.ok((await stat(join(out, 'charts', `${second.id}.html`))).size > 0);
});

test('tables re-exported: unchanged ones are left alone; a changed row, a changed title and a deleted file are written', async () => {
  const out = join(dir, 'rerun-tables');
  const [first] = figures();
  if (first === undefined) throw new Error('sample figures missing');
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    day: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
    cost: i / 8,
  }));
  const spec = (costs: typeof rows, title = 'Tables') => ({
    figures: [first],
    frames: { costs, copy: rows },
    report: { title },
    plotly: 'sibling' as const,
  });
  const csv = (name: string): string => join(out, 'data', `${name}.csv`);
  const mtime = async (path: string): Promise<number> => (await stat(path)).mtimeMs;
  await writeExports(out, spec(rows));
  const [costs1, copy1, report1] = await Promise.all([
    mtime(csv('costs')),
    mtime(csv('copy')),
    mtime(join(out, 'report.html')),
  ]);
  await new Promise((r) => setTimeout(r, 30));
  // The same cells in new objects (as a re-run builds them): nothing written.
  await writeExports(out, spec(rows.map((r) => ({ ...r }))));
  assert.equal(await mtime(csv('costs')), costs1);
  assert.equal(await mtime(join(out, 'report.html')), report1);

  // One row changed: that CSV is written, with the change; the other is not.
  const edited = rows.map((r, i) => (i === 1234 ? { ...r, cost: 99.5 } : r));
  await writeExports(out, spec(edited));
  assert.notEqual(await mtime(csv('costs')), costs1);
  assert.equal(await mtime(csv('copy')), copy1);
  const line = (await readFile(csv('costs'), 'utf8')).split('\r\n')[1235];
  assert.equal(line, `${rows[1234]?.day ?? ''},99.5`);

  // A changed parameter (the title) rewrites the report; the CSV back as it was is written again.
  await writeExports(out, spec(rows, 'Tables (edited)'));
  assert.match(await readFile(join(out, 'report.html'), 'utf8'), /Tables \(edited\)/);
  assert.equal((await readFile(csv('costs'), 'utf8')).split('\r\n')[1235], `${rows[1234]?.day ?? ''},${1234 / 8}`);

  // Deleted by the user: written again, the same text.
  const copyText = await readFile(csv('copy'), 'utf8');
  await rm(csv('copy'));
  await writeExports(out, spec(rows, 'Tables (edited)'));
  assert.equal(await readFile(csv('copy'), 'utf8'), copyText);
});

test('a file that cannot be written fails the call (the cell shows the error), after the other writes ended', async () => {
  const out = join(dir, 'unwritable');
  const [first] = figures();
  if (first === undefined) throw new Error('sample figures missing');
  // A folder where the CSV goes: writing it fails with EISDIR.
  await mkdir(join(out, 'data', 'costs.csv'), { recursive: true });
  const spec = {
    figures: [first],
    frames: { costs: 'a\r\n1\r\n', after: 'b\r\n2\r\n' },
    report: { title: 'Unwritable' },
    plotly: 'sibling' as const,
  };
  await assert.rejects(writeExports(out, spec), /EISDIR/);
  assert.equal(await readFile(join(out, 'data', 'after.csv'), 'utf8'), 'b\r\n2\r\n');
  assert.ok((await stat(join(out, 'report.html'))).size > 0);
});

test('the per-process plotly.js copy is the installed bundle', () => {
  const shared = sharedPlotlyBundle();
  assert.ok(shared.length > 1_000_000);
  assert.equal(shared, plotlyBundle());
  assert.equal(sharedPlotlyBundle(), shared);
});
