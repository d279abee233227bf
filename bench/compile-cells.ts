/**
 * The tslab compile cost of one notebook, measured apart from Jupyter: tslab's own converter (the one its kernel
 * uses, same options) converts the notebook's code cells in order, as the kernel does, without running them.
 * `node --import tsx bench/compile-cells.ts NOTEBOOK [--warm]` (run with the notebook's folder as working directory);
 * prints one JSON line: `{"setupS": <createConverter>, "cellsS": [<per code cell>], "errors": n}`; with --warm also
 * `"warmCellsS"` and `"warmCellsCpuS"`: the same cells converted again by the same converter, as a warm kernel
 * recompiles them on Run All (medians of 3 such passes; CPU time of this process, steadier on a shared machine).
 * The converter is the notebooks' kernel's (lib/kernel: `types` added to the compiler options tslab hard-codes, so
 * only those @types packages are in each cell's program); `--types a,b` sets other ones, `--types all` is tslab as
 * it comes (every @types package).
 */
import { readFileSync } from 'node:fs';
import { median } from '../lib/insights/index';
import { NOTEBOOK_AMBIENT_TYPES, narrowAmbientTypes, tslabConverter } from '../lib/kernel/index';

interface Cell {
  cell_type: string;
  source: string | string[];
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: compile-cells.ts NOTEBOOK');
  const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] };
  const typesAt = process.argv.indexOf('--types');
  const typesList = typesAt > 0 ? process.argv[typesAt + 1] : undefined;
  if (typesAt > 0 && (typesList === undefined || typesList.startsWith('-')))
    throw new RangeError(`invalid --types: ${String(typesList)} (a comma-separated list of @types names, e.g. node)`);
  // The kernel's own types unless told otherwise; "all" is tslab as it comes (every @types package).
  const types = typesList === undefined ? NOTEBOOK_AMBIENT_TYPES : typesList.split(',').filter((t) => t !== '');
  const createConverter = typesList === 'all' ? tslabConverter() : narrowAmbientTypes(types);
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
