import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { costPerDayChart } from '../../lib/charts/index';
import { saveChart } from '../../lib/export/save-chart';
import { tempDir } from '../../tools/temp-dir';
import * as s from '../charts/sample-data';

const tmp = tempDir('save-chart-');
const dir = tmp.dir;
after(() => tmp.remove());

test('saveChart writes one self-contained page where asked, creating folders; ~/ is the home folder', async () => {
  const fig = costPerDayChart(s.dailyCosts);
  const file = await saveChart(fig, path.join(dir, 'nested', 'deeper', 'costs.html'));
  assert.equal(file, path.join(dir, 'nested', 'deeper', 'costs.html'));
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<script[^>]*\ssrc=/.test(html), 'no script file to ship beside it');
  assert.equal(html.match(/plotly\.js v\d/g)?.length, 1, 'plotly.js embedded once');
  assert.ok(html.includes('Plotly.newPlot("plot-cost-per-day"'));
  const home = process.env['HOME'];
  process.env['HOME'] = dir;
  try {
    assert.equal(await saveChart(fig, '~/home-copy.html'), path.join(dir, 'home-copy.html'));
  } finally {
    process.env['HOME'] = home;
  }
  await assert.rejects(
    saveChart(fig, path.join(dir, 'costs.png')),
    /invalid file: ".*costs\.png" \(a path ending in \.html\)/,
  );
});

test('.htm and any case of the extension are pages too; a relative path is made absolute', async () => {
  const fig = costPerDayChart(s.dailyCosts);
  assert.equal(await saveChart(fig, path.join(dir, 'UPPER.HTML')), path.join(dir, 'UPPER.HTML'));
  assert.equal(await saveChart(fig, path.join(dir, 'short.htm')), path.join(dir, 'short.htm'));
  const relative = path.relative(process.cwd(), path.join(dir, 'rel', 'r.html'));
  assert.equal(await saveChart(fig, relative), path.join(dir, 'rel', 'r.html'));
  assert.ok(readFileSync(path.join(dir, 'rel', 'r.html'), 'utf8').startsWith('<!doctype html>'));
});

test('a file name that is not a page, or not text, is refused by name; a bad figure writes nothing', async () => {
  const fig = costPerDayChart(s.dailyCosts);
  for (const bad of ['chart.html.txt', 'chart', '', 'html']) {
    await assert.rejects(saveChart(fig, path.join(dir, bad)), /^Error: invalid file: .* \(a path ending in \.html\)$/);
  }
  // A notebook cell is not type-checked against the library's types at run time.
  const notText: unknown = 5;
  await assert.rejects(saveChart(fig, notText as string), /invalid file: 5 \(a path ending in \.html\)/);
  await assert.rejects(saveChart({ ...fig, id: 'Bad id' }, path.join(dir, 'never', 'x.html')), /invalid figure id/);
  assert.throws(() => readFileSync(path.join(dir, 'never', 'x.html')), /ENOENT/);
});
