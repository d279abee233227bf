/**
 * The tslab compile cost of one notebook, measured apart from Jupyter: tslab's own converter (the one its kernel
 * uses, same options) converts the notebook's code cells in order, as the kernel does, without running them.
 * `node --import tsx bench/compile-cells.ts NOTEBOOK [--warm]` (run with the notebook's folder as working directory);
 * prints one JSON line: `{"setupS": <createConverter>, "cellsS": [<per code cell>], "errors": n}`; with --warm also
 * `"warmCellsS"` and `"warmCellsCpuS"`: the same cells converted again by the same converter, as a warm kernel
 * recompiles them on Run All (medians of 3 such passes; CPU time of this process, steadier on a shared machine).
 * `--types node` (a comma list) adds `types` to the compiler options tslab hard-codes, as a kernel wrapper would:
 * only those @types packages are then included in the program (docs/performance-interactive.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { median } from '../lib/insights/index';

type CreateConverter = typeof import('tslab/dist/converter').createConverter;

/**
 * tslab's createConverter, its compiler options given `types` when asked. tslab takes no options and TypeScript's
 * exports are getters, so the module tslab requires is swapped in require.cache for a copy whose
 * createWatchCompilerHost adds them; it must happen before tslab's converter is loaded.
 */
function converterFactory(types: readonly string[] | undefined): CreateConverter {
  const fromTslab = createRequire(require.resolve('tslab/dist/converter'));
  if (types !== undefined) {
    const tsPath = fromTslab.resolve('@tslab/typescript-for-tslab');
    const ts: unknown = fromTslab(tsPath);
    const cached = require.cache[tsPath];
    if (typeof ts !== 'object' || ts === null || cached === undefined) throw new Error('tslab: TypeScript not loaded');
    const host: unknown = Reflect.get(ts, 'createWatchCompilerHost');
    if (typeof host !== 'function') throw new Error('tslab: no createWatchCompilerHost');
    const copy = {};
    for (const key of Object.keys(ts))
      Object.defineProperty(copy, key, {
        enumerable: true,
        configurable: true,
        get: (): unknown => Reflect.get(ts, key),
      });
    Object.defineProperty(copy, 'createWatchCompilerHost', {
      enumerable: true,
      value: (roots: unknown, options: object, ...rest: unknown[]): unknown =>
        Reflect.apply(host, ts, [roots, { ...options, types: [...types] }, ...rest]),
    });
    cached.exports = copy;
  }
  const converter: unknown = fromTslab('./converter');
  const create: unknown =
    typeof converter === 'object' && converter !== null ? Reflect.get(converter, 'createConverter') : undefined;
  if (typeof create !== 'function') throw new Error('tslab: no createConverter');
  return (options) => Reflect.apply(create, undefined, [options]) as ReturnType<CreateConverter>;
}

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
  const types = typesList === undefined ? undefined : typesList.split(',').filter((t) => t !== '');
  const createConverter = converterFactory(types);
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
