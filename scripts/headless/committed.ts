// The committed form of an executed notebook (`npm start -- --update-committed`).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_KEY_MARKER } from '../../lib/api/index';
import { readNotebook, type NotebookFile } from '../../tools/notebook-file';

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.join('');
  return typeof value === 'string' ? value : '';
}

/**
 * An executed notebook made fit for git: no inline plotly.js bundle, no timing metadata, and figures as Plotly JSON
 * plus text only (JupyterLab renders the JSON; the HTML copy would double the size and needs a trusted notebook).
 * Changes `nb` in place and returns it.
 */
export function committedForm(nb: NotebookFile): NotebookFile {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    if (cell.metadata) delete cell.metadata['execution'];
    for (const output of cell.outputs ?? []) {
      const role = output.metadata?.['usage-notebooks']?.role;
      if (role === 'plotly-init' && output.data) {
        const text = textOf(output.data['text/plain']);
        output.data = { 'text/plain': `${text} (bundle stripped from the committed notebook)` };
      }
      if (role === 'figure' && output.data) delete output.data['text/html'];
    }
  }
  return nb;
}

/** Copies the executed notebooks, in committed form, into `notebooksDir`; refuses one containing the key prefix. */
export function updateCommitted(executed: readonly string[], notebooksDir: string): void {
  for (const file of executed) {
    const text = `${JSON.stringify(committedForm(readNotebook(file)), null, 1)}\n`;
    if (text.includes(ADMIN_KEY_MARKER))
      throw new Error(`'${ADMIN_KEY_MARKER}' found in ${file}: not copied into notebooks/`);
    writeFileSync(path.join(notebooksDir, path.basename(file)), text);
  }
}
