// Where a headless notebook run's time goes: the runner's own timings file (scripts/execute_notebooks.py --timings)
// split into npm start's overhead, kernel start, the cells that fetch or read, and the other cells.
import { median } from '../lib/insights/index';

/** One side's run of one notebook. @unit seconds, except requests */
export interface SideTiming {
  /** Wall time of the whole headless run (`npm start -- --notebook NN --source X`). */
  wallS: number;
  /** npm start around the notebook: tsx, setup check, Python start, report and secret scan. */
  runnerS: number;
  /** Kernel start until it answered (nbclient). */
  kernelS: number;
  /** Code cells that fetch or read (connectNotebook, conn.fetch), compile included. */
  fetchCellsS: number;
  /** Every other code cell (imports, frames, charts, display, exports), compile included. */
  otherCellsS: number;
  /** Requests the emulator received during the run. */
  requests: number;
}

interface CellTiming {
  index: number;
  seconds: number;
}

/** One notebook's entry in the runner's timings file. @unit seconds */
export interface NotebookTimings {
  seconds: number;
  kernel_start_s: number | null;
  cells: CellTiming[];
}

/** A cell that fetches or reads data (the rest compute, draw, show or export). */
const FETCHING = /connectNotebook\(|conn\.fetch\(|\.fetchAll\(/;

/**
 * One run's breakdown from its wall time, the runner's timings and the sources by nbclient cell index (markdown
 * cells as '', see sourcesByIndex).
 */
export function sideTiming(
  wallS: number,
  timings: NotebookTimings,
  cells: readonly string[],
  requests: number,
): SideTiming {
  let fetchCellsS = 0;
  let otherCellsS = 0;
  // nbclient's index counts markdown cells too: map it to the code cell's source.
  for (const c of timings.cells) {
    const src = c.index < cells.length ? cells[c.index] : undefined;
    if (src !== undefined && FETCHING.test(src)) fetchCellsS += c.seconds;
    else otherCellsS += c.seconds;
  }
  return {
    wallS,
    runnerS: wallS - timings.seconds,
    kernelS: timings.kernel_start_s ?? 0,
    fetchCellsS,
    otherCellsS,
    requests,
  };
}

/** Each field's median over the runs. */
export function medianTiming(runs: readonly SideTiming[]): SideTiming {
  const m = (k: keyof SideTiming): number => median(runs.map((r) => r[k]));
  return {
    wallS: m('wallS'),
    runnerS: m('runnerS'),
    kernelS: m('kernelS'),
    fetchCellsS: m('fetchCellsS'),
    otherCellsS: m('otherCellsS'),
    requests: m('requests'),
  };
}
