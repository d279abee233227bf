// The notebook bench's results (bench/notebook-bench.ts) and how they are printed: one table per range, one ratio
// line per range for bench/run.ts's summary.
import { formatTable } from './format-table';
import type { SideTiming } from './notebook-timing';

export interface NotebookResult {
  notebook: string;
  api: SideTiming;
  store: SideTiming;
  /** store wall / api wall (medians). */
  ratio: number;
  /** tslab compile of the notebook's cells, measured apart (converter setup + every cell). @unit seconds */
  compileS: number;
  /** Figure JSON of both runs equal (floats to 12 digits); else the differing figure ids. */
  chartsDiffer: string[];
}

export interface RangeResult {
  days: number;
  notebooks: NotebookResult[];
}

/** The per-notebook table of one range, and the summary line. */
export function formatNotebookBench(results: readonly RangeResult[], latencyMs: number): string {
  const f = (x: number): string => x.toFixed(2);
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `Notebooks end to end, ${r.days} days (npm start -- --notebook NN; api: emulator with ${latencyMs} ms latency):`,
    );
    const rows = r.notebooks.flatMap((n) => [
      [
        `${n.notebook} api`,
        f(n.api.wallS),
        f(n.api.runnerS),
        f(n.api.kernelS),
        f(n.api.fetchCellsS),
        f(n.api.otherCellsS),
        String(n.api.requests),
        '',
        f(n.compileS),
      ],
      [
        `${n.notebook} store`,
        f(n.store.wallS),
        f(n.store.runnerS),
        f(n.store.kernelS),
        f(n.store.fetchCellsS),
        f(n.store.otherCellsS),
        String(n.store.requests),
        `${(1 / n.ratio).toFixed(2)}x`,
        n.chartsDiffer.length === 0 ? 'charts same' : `differ: ${n.chartsDiffer.join(',')}`,
      ],
    ]);
    lines.push(
      formatTable(
        [
          'notebook',
          'wall s',
          'runner s',
          'kernel s',
          'fetch/read cells s',
          'other cells s',
          'requests',
          'api/store',
          'compile s / charts',
        ],
        rows,
      ),
    );
    lines.push('');
  }
  return lines.join('\n');
}

/** `notebooks store/api (<days>d): 01=<x> 02=<x> …` per range: store wall time over api wall time (< 0.1 meets 10x). */
export function notebookRatioLines(results: readonly RangeResult[]): string[] {
  return results.map(
    (r) =>
      `notebooks store/api (${r.days}d): ${r.notebooks.map((n) => `${n.notebook}=${n.ratio.toFixed(2)}`).join(' ')}`,
  );
}
