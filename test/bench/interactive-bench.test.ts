import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  editPlan,
  formatInteractive,
  noiseVerdict,
  othersCores,
  seedCells,
  summarizeKernel,
  withDaysAgo,
  withSeedDaysAgo,
} from '../../bench/interactive-bench';

describe('interactive bench', () => {
  const cells = ['import {…}', 'const rawParams = {\n  days_ago: 30,   // required\n  limit: 7,\n};', 'days_ago: 5,'];

  test('an edit changes the parameters cell’s first days_ago only; each edit one day shorter', () => {
    assert.deepEqual(withDaysAgo(cells, 29), [cells[0], cells[1]?.replace('days_ago: 30,', 'days_ago: 29,'), cells[2]]);
    const plan = editPlan(cells, 30, 3);
    assert.equal(plan.length, 4);
    assert.deepEqual(
      plan.map((v) => /days_ago: (\d+),/.exec(v[1] ?? '')?.[1]),
      ['30', '29', '28', '27'],
    );
    assert.throws(() => withDaysAgo(['const x = 1;'], 3, '09_x.ipynb'), /09_x.ipynb: no days_ago/);
  });

  test('the seed’s cells: parts, and days_ago edited in every querying cell', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'bench', 'seed-notebook.py'), 'utf8');
    const { cells: seed, part } = seedCells(text);
    assert.equal(seed.length, part.length);
    assert.deepEqual(part.slice(0, 2), ['both', 'both']);
    const firstCosts = part.indexOf('costs');
    assert.ok(firstCosts > 2 && part.slice(2, firstCosts).every((p) => p === 'usage'));
    assert.ok(part.slice(firstCosts).every((p) => p === 'costs'));
    assert.ok(seed.every((c) => !c.startsWith('# %%') && c.length > 0));
    const edited = withSeedDaysAgo(seed, 17);
    const queries = seed.filter((c) => /^days_ago = 30$/m.test(c)).length;
    assert.equal(queries, 4, 'usage, grouped usage, costs, costs by line item');
    assert.equal(edited.filter((c) => /^days_ago = 17$/m.test(c)).length, queries);
    assert.ok(!edited.some((c) => /^days_ago = 30$/m.test(c)));
  });

  test('noise: load above the cores, or re-runs spread over 1.5×', () => {
    assert.equal(noiseVerdict([0.5, 1.9], [1, 1.2, 1.1], 2), undefined);
    assert.match(noiseVerdict([2.5, 1], [1, 1, 1], 2) ?? '', /load 2.50 > 2 cores/);
    assert.match(noiseVerdict([1, 1], [1, 1.6, 1.1], 2) ?? '', /spread 1.6×/);
  });

  test('noise with the other processes measured: their cores count, the load after the runs (the kernel) does not', () => {
    // The kernel itself took the load to 2.2 on 2 cores; nothing else ran.
    assert.equal(noiseVerdict([0.9, 2.2], [1, 1.1, 1], 2, 0.05), undefined);
    assert.match(noiseVerdict([0.9, 2.2], [1, 1.1, 1], 2, 0.45) ?? '', /other processes kept 0.45 cores busy/);
    assert.match(noiseVerdict([2.4, 1.2], [1, 1, 1], 2, 0) ?? '', /load 2.40 > 2 cores/);
  });

  test('others: the busy time beyond the kernel and its driver, less this process, per second of the runs', () => {
    const result = { kernel_start_s: 1, runs: [], others_cpu_s: 3, span_s: 10 };
    assert.equal(othersCores(result, 1), 0.2); // (3 - 1) / 10
    assert.equal(othersCores(result, 5), 0); // never below nothing
    assert.equal(othersCores({ kernel_start_s: 1, runs: [] }, 0), undefined);
    assert.equal(othersCores({ ...result, span_s: 0 }, 0), undefined);
  });

  test('a kernel run summed per part, medians over the edits, the first run apart', () => {
    const row = summarizeKernel(
      {
        kernel_start_s: 2,
        runs: [
          { cells: [5, 5, 5], cpu: [1, 1, 1], errors: [] },
          { cells: [0.125, 0.5, 0.125], cpu: [0.125, 0.25, 0.125], errors: [] },
          { cells: [0.25, 0.5, 0.25], cpu: [0.125, 0.25, 0.25], errors: [] },
          { cells: [0.25, 0.75, 0.125], cpu: [0.25, 0.25, 0.125], errors: [] },
        ],
      },
      ['import', 'const data = await conn.fetch("costs", q);', 'showFigure(fig)'],
      { notebook: '02', source: 'store', days: 30, load: [0.1, 0.2], cores: 2 },
    );
    assert.equal(row.firstRunS, 15);
    assert.equal(row.rerunS, 1); // the re-runs sum to 0.75, 1 and 1.125
    assert.equal(row.rerunMinS, 0.75);
    assert.equal(row.rerunMaxS, 1.125);
    assert.equal(row.rerunCpuS, 0.625); // 0.5, 0.625, 0.625
    assert.equal(row.dataCellsS, 0.5); // 0.5, 0.5, 0.75
    assert.equal(row.otherCellsS, 0.375); // 0.25, 0.5, 0.375
    assert.deepEqual(
      row.cells.map((c) => c.fetching),
      [false, true, false],
    );
    assert.equal(row.noisy, undefined);
    assert.equal(row.othersCores, undefined);
    // Every column under its own header: the re-run's CPU apart from the data cells.
    const lines = formatInteractive([row], 2).split('\n');
    const header = lines[1] ?? '';
    const values = lines[3] ?? '';
    const at = (name: string): string => values.slice(header.indexOf(name)).trim().split(/\s+/)[0] ?? '';
    assert.equal(at('re-run CPU s'), '0.63');
    assert.equal(at('data cells s'), '0.50');
    assert.equal(at('other cells s'), '0.38');
    assert.equal(at('others, cores'), '-');
  });
});
