/**
 * The tslab compile cost of one notebook, measured apart from Jupyter: tslab's own converter (the one its kernel
 * uses, same options) converts the notebook's code cells in order, as the kernel does, without running them.
 * `node --import tsx bench/compile-cells.ts NOTEBOOK [--warm]` (run with the notebook's folder as working directory);
 * prints one JSON line: `{"setupS": <createConverter>, "cellsS": [<per code cell>], "errors": n}`; with --warm also
 * `"warmCellsS"` and `"warmCellsCpuS"`: the same cells converted again by the same converter, as a warm kernel
 * recompiles them on Run All (medians of 3 such passes; CPU time of this process, steadier on a shared machine).
 */
import { readFileSync } from 'node:fs';
import { createConverter } from 'tslab/dist/converter';
import { median } from '../lib/insights/index';

interface Cell {
  cell_type: string;
  source: string | string[];
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: compile-cells.ts NOTEBOOK');
  const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] };
  const t0 = performance.now();
  const converter = createConverter();
  const setupS = (performance.now() - t0) / 1000;
  const cellsS: number[] = [];
  const warmPasses: { wall: number[]; cpu: number[] }[] = [];
  let errors = 0;
  let prevDecl = '';
  const sources = nb.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
  const cpuS = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const pass = (times: number[], cpuTimes: number[] = []): void => {
    for (const src of sources) {
      const started = performance.now();
      const cpuStarted = cpuS();
      const out = converter.convert(prevDecl, src);
      times.push((performance.now() - started) / 1000);
      cpuTimes.push(cpuS() - cpuStarted);
      if (out.diagnostics.length > 0) errors++;
      else prevDecl = out.declOutput ?? '';
    }
  };
  try {
    pass(cellsS);
    if (process.argv.includes('--warm')) {
      for (let i = 0; i < 3; i++) {
        const warm: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
        pass(warm.wall, warm.cpu);
        warmPasses.push(warm);
      }
    }
  } finally {
    // Its file watchers would keep the process alive.
    converter.close();
  }
  const medians = (pick: (p: { wall: number[]; cpu: number[] }) => number[]): number[] =>
    sources.map((_, i) => median(warmPasses.map((p) => pick(p)[i] ?? NaN)));
  const warm =
    warmPasses.length > 0 ? { warmCellsS: medians((p) => p.wall), warmCellsCpuS: medians((p) => p.cpu) } : {};
  console.log(JSON.stringify({ setupS, cellsS, errors, ...warm }));
}

main();
