import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeExports } from '../../lib/export/index';

test('writeExports writes data/<name>.json beside the CSVs and refuses bad names before writing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'json-export-'));
  try {
    const value = { month: '2026-01', forecast_usd: 12.5, crosses_budget_on: null };
    const written = await writeExports(dir, {
      figures: [],
      json: { forecast: value },
      frames: { a: [{ x: 1 }] },
      report: { title: 't' },
      plotly: 'sibling',
    });
    assert.ok(written.includes(join(dir, 'data', 'forecast.json')));
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'data', 'forecast.json'), 'utf8')), value);
    await assert.rejects(
      writeExports(dir, { figures: [], json: { '../x': 1 }, report: { title: 't' }, plotly: 'sibling' }),
      /invalid json name: "\.\.\/x"/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
