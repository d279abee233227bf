import type { Page } from 'playwright-core';

/** A rendered Plotly chart as the page sees it (`gd.data`, `gd.layout`). */
export interface RenderedPlot {
  title: string;
  traces: number;
  traceNames: string[];
  /** Each trace's category axis as strings: `labels` (pies), `y` (horizontal bars) or `x`. */
  categories: string[][];
}

/** One cell of an open notebook: model facts (source, outputs) next to what the DOM shows. */
export interface LabCell {
  index: number;
  type: string;
  source: string;
  trusted: boolean;
  /** The input prompt as shown: `[3]:`, `[*]:` while queued or running, `[ ]:` when never run. */
  prompt: string;
  executionCount: number | null;
  /** Text of stderr outputs in the DOM (tslab reports every error on stderr). */
  stderr: string[];
  /** `usage-notebooks` figure ids of the cell's outputs, and their Plotly JSON trace counts. */
  figures: { id: string; traces: number }[];
  plots: RenderedPlot[];
  /** `.jp-RenderedHTMLCommon table` elements. */
  tables: number;
  /**
   * Plotly outputs showing their saved PNG instead of a live plot: jupyterlab-plotly draws the `image/png` it added
   * to the bundle after a previous render, and builds the interactive plot on mouseenter.
   */
  savedImages: number;
}

/** Snapshot of an open notebook panel. */
export interface LabNotebook {
  path: string;
  kernelStatus: string | null;
  dirty: boolean;
  cells: LabCell[];
}

// Browser-side code is a string: the test tsconfig has no DOM types; results are narrowed on the Node side.
const SNAPSHOT_JS = String.raw`(path) => {
  const app = window.jupyterapp;
  if (!app) return { error: 'window.jupyterapp missing (LabApp.expose_app_in_browser)' };
  const panel = Array.from(app.shell.widgets('main')).find((w) => w.context && w.context.path === path && w.content);
  if (!panel) return { error: 'no open notebook ' + path };
  const cells = panel.content.widgets.map((cell, index) => {
    const m = cell.model;
    const outputs = m.type === 'code' ? m.outputs.toJSON() : [];
    const figures = outputs.flatMap((o) => {
      const meta = o.metadata && o.metadata['usage-notebooks'];
      const fig = o.data && o.data['application/vnd.plotly.v1+json'];
      return meta && meta.role === 'figure' ? [{ id: String(meta.id), traces: fig && Array.isArray(fig.data) ? fig.data.length : -1 }] : [];
    });
    const plots = Array.from(cell.node.querySelectorAll('.js-plotly-plot')).map((gd) => {
      const data = Array.isArray(gd.data) ? gd.data : [];
      const t = gd.layout && gd.layout.title;
      return {
        title: typeof t === 'string' ? t : (t && typeof t.text === 'string' ? t.text : ''),
        traces: data.length,
        traceNames: data.map((d) => String(d.name ?? '')),
        categories: data.map((d) => {
          const axis = d.type === 'pie' ? d.labels : d.orientation === 'h' ? d.y : d.x;
          return Array.isArray(axis) ? axis.map(String) : [];
        }),
      };
    });
    return {
      index, type: m.type, source: m.sharedModel.getSource(), trusted: Boolean(m.trusted),
      prompt: (cell.node.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
      executionCount: m.type === 'code' && typeof m.executionCount === 'number' ? m.executionCount : null,
      stderr: Array.from(cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).map((e) => e.textContent ?? ''),
      figures, plots, tables: cell.node.querySelectorAll('.jp-RenderedHTMLCommon table').length,
      savedImages: Array.from(cell.node.querySelectorAll('.jp-RenderedPlotly:not(.js-plotly-plot) img.plot-img'))
        .filter((img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/png')).length,
    };
  });
  const session = panel.sessionContext;
  return { path, kernelStatus: session && session.session ? session.kernelDisplayStatus : null, dirty: panel.context.model.dirty, cells };
}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new Error(`notebook snapshot: ${what} is not a string`);
  return v;
};
const strs = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string'))
    throw new Error(`notebook snapshot: ${what} is not string[]`);
  return v;
};
const list2 = (v: unknown, what: string): string[][] => {
  if (!Array.isArray(v)) throw new Error(`notebook snapshot: ${what} is not a list`);
  return v.map((x) => strs(x, what));
};
const list = (v: unknown, what: string): Record<string, unknown>[] => {
  if (!Array.isArray(v) || !v.every(isRecord)) throw new Error(`notebook snapshot: ${what} is not a list of objects`);
  return v;
};

function toCell(c: Record<string, unknown>): LabCell {
  return {
    index: Number(c['index']),
    type: str(c['type'], 'cell type'),
    source: str(c['source'], 'source'),
    trusted: c['trusted'] === true,
    prompt: str(c['prompt'], 'prompt'),
    executionCount: typeof c['executionCount'] === 'number' ? c['executionCount'] : null,
    stderr: strs(c['stderr'], 'stderr'),
    figures: list(c['figures'], 'figures').map((f) => ({ id: str(f['id'], 'figure id'), traces: Number(f['traces']) })),
    plots: list(c['plots'], 'plots').map((p) => ({
      title: str(p['title'], 'plot title'),
      traces: Number(p['traces']),
      traceNames: strs(p['traceNames'], 'trace names'),
      categories: list2(p['categories'], 'categories'),
    })),
    tables: Number(c['tables']),
    savedImages: Number(c['savedImages']),
  };
}

/** Reads the open notebook at `path` (Lab path) from JupyterLab's model and DOM. */
export async function notebookSnapshot(page: Page, path: string): Promise<LabNotebook> {
  const raw: unknown = await page.evaluate(`(${SNAPSHOT_JS})(${JSON.stringify(path)})`);
  if (!isRecord(raw)) throw new Error('notebook snapshot: not an object');
  if (typeof raw['error'] === 'string') throw new Error(`notebook snapshot: ${raw['error']}`);
  return {
    path: str(raw['path'], 'path'),
    kernelStatus: typeof raw['kernelStatus'] === 'string' ? raw['kernelStatus'] : null,
    dirty: raw['dirty'] === true,
    cells: list(raw['cells'], 'cells').map(toCell),
  };
}

/** Every rendered plot of the notebook, in document order. */
export function allPlots(nb: LabNotebook): RenderedPlot[] {
  return nb.cells.flatMap((c) => c.plots);
}

/** Every figure output (id + Plotly JSON trace count), in document order. */
export function allFigures(nb: LabNotebook): { id: string; traces: number }[] {
  return nb.cells.flatMap((c) => c.figures);
}

/** A short description of a cell for failure messages: index, prompt and first source line. */
export function describeCell(c: LabCell): string {
  return `cell ${c.index} [${c.executionCount ?? ' '}] ${JSON.stringify(c.source.split('\n')[0] ?? '')}`;
}
