// The .ipynb shape the headless run, the benchmarks and the tests read: cells, their source, the parameters cell.
import { readFileSync } from 'node:fs';

/** The parts of a cell output the run reads and rewrites. */
export interface NotebookOutput {
  data?: Record<string, unknown>;
  metadata?: { 'usage-notebooks'?: { role?: unknown; id?: unknown } } & Record<string, unknown>;
}
export interface NotebookCell {
  cell_type: string;
  source?: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: NotebookOutput[];
}
export interface NotebookFile {
  cells: NotebookCell[];
}

/** Reads an .ipynb file (only the shape the run needs is checked). */
export function readNotebook(file: string): NotebookFile {
  const nb: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof nb !== 'object' || nb === null || !('cells' in nb) || !Array.isArray(nb.cells)) {
    throw new Error(`invalid notebook: ${file} (no cells array)`);
  }
  return nb as NotebookFile;
}

/** A cell's source as one string (.ipynb stores it as a string or a list of lines). */
export function cellSource(cell: NotebookCell): string {
  const source = cell.source ?? '';
  return Array.isArray(source) ? source.join('') : source;
}

/** The code cell tagged `parameters` (papermill's convention), if any. */
export function parametersCell(nb: NotebookFile): NotebookCell | undefined {
  return nb.cells.find((c) => {
    const tags = c.metadata?.['tags'];
    return c.cell_type === 'code' && Array.isArray(tags) && tags.includes('parameters');
  });
}

/** Sources by cell index, markdown cells as '' (nbclient's cell index counts them too). */
export function sourcesByIndex(nb: NotebookFile): string[] {
  return nb.cells.map((c) => (c.cell_type === 'code' ? cellSource(c) : ''));
}

/** The code cells' sources, in order. */
export function codeCellSources(nb: NotebookFile): string[] {
  return nb.cells.filter((c) => c.cell_type === 'code').map(cellSource);
}
