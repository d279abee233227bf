import assert from 'node:assert/strict';
import { test } from 'node:test';
import { medianTiming, sideTiming, type SideTiming } from '../../bench/notebook-timing';

test("a run's time split into npm start's overhead, kernel start, fetching cells and the rest", () => {
  // nbclient counts markdown cells: index 1 is markdown (''), 2 fetches, 3 draws, 9 is past the notebook's cells.
  const cells = ['import {…}', '', 'const conn = await connectNotebook();', 'showFigure(chart)'];
  const timing = sideTiming(
    10,
    {
      seconds: 8,
      kernel_start_s: 1.5,
      cells: [
        { index: 0, seconds: 0.5 },
        { index: 2, seconds: 3 },
        { index: 3, seconds: 1.25 },
        { index: 9, seconds: 0.25 },
      ],
    },
    cells,
    42,
  );
  assert.deepEqual(timing, { wallS: 10, runnerS: 2, kernelS: 1.5, fetchCellsS: 3, otherCellsS: 2, requests: 42 });
  const noKernel = sideTiming(1, { seconds: 1, kernel_start_s: null, cells: [] }, [], 0);
  assert.equal(noKernel.kernelS, 0);
});

test('medianTiming takes each field’s median over the runs', () => {
  const run = (wallS: number, requests: number): SideTiming => ({
    wallS,
    runnerS: wallS / 2,
    kernelS: 1,
    fetchCellsS: wallS / 4,
    otherCellsS: wallS / 4,
    requests,
  });
  assert.deepEqual(medianTiming([run(4, 10), run(8, 30), run(6, 20)]), {
    wallS: 6,
    runnerS: 3,
    kernelS: 1,
    fetchCellsS: 1.5,
    otherCellsS: 1.5,
    requests: 20,
  });
});
