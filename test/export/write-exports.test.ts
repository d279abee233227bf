import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeExports } from '../../lib/export/index';
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
  await assert.rejects(writeExports(out, { ...spec, report: { title: 'x', file: '../evil.html' } }), /invalid report file: "..\/evil.html"/);
  assert.deepEqual((await readdir(out)).sort(), ['charts', 'report-02_costs.html']);
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
