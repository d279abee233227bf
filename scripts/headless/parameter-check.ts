// The notebooks' parameters cells, run before any kernel starts.
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
// The parameter functions alone (not the notebook room's index, which loads the display layer and danfojs).
import { insightsParams, notebookEnv, InvalidParams, notebookParams } from '../../lib/notebook/index';
import { cellSource, parametersCell, readNotebook } from '../../tools/notebook-file';

/** The functions a parameters cell calls; anything else it needs is left to the kernel. */
const PARAMETER_SCOPE = { notebookEnv, notebookParams, insightsParams };

/**
 * Runs each notebook's parameters cell (transpiled, with only the parameter functions and `process` in scope) before
 * any kernel starts, so a bad value there (`bucket_width: "5m"`, a misspelt key, a bad USAGE_NOW) is the run's first
 * and only line, naming the notebook. A cell that needs anything else, or does not compile, is left to the kernel,
 * which reports it in its cell.
 */
export function checkParameterCells(files: readonly string[]): void {
  for (const file of files) {
    const cell = parametersCell(readNotebook(file));
    if (cell?.source === undefined) continue;
    const source = cellSource(cell);
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    try {
      vm.runInNewContext(js, { ...PARAMETER_SCOPE, process }, { filename: file, timeout: 5000 });
    } catch (err) {
      const relative = path.relative(process.cwd(), file);
      const where = relative === '' || relative.startsWith('..') ? file : relative;
      if (err instanceof InvalidParams || (err instanceof RangeError && err.message.startsWith('invalid ')))
        throw new Error(`${where}, parameters cell: ${err.message}`, { cause: err });
    }
  }
}
