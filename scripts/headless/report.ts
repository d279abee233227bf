// The combined report of a run: every exported chart on one page, in notebook order.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Figure } from '../../lib/charts/index';
import { combineAbout, type ReportAbout, reportHtml } from '../../lib/export/index';
import type { NotebookFile } from '../../tools/notebook-file';

/** Figure ids in display order, from the executed notebooks' output metadata. */
export function figureIdsInOrder(notebooks: readonly NotebookFile[]): string[] {
  const ids: string[] = [];
  for (const nb of notebooks) {
    for (const cell of nb.cells) {
      for (const output of cell.outputs ?? []) {
        const meta = output.metadata?.['usage-notebooks'];
        if (meta?.role === 'figure' && typeof meta.id === 'string' && !ids.includes(meta.id)) ids.push(meta.id);
      }
    }
  }
  return ids;
}

/**
 * Writes `<out>/report.html`, one self-contained page (plotly.js embedded once), from the figure JSON in
 * `<out>/charts`: charts in notebook order first, then any others by name; its coverage combines the notebooks'
 * `data/*.about.json`. Returns the figure ids in report order.
 */
export function writeCombinedReport(out: string, executed: readonly NotebookFile[], now: Date = new Date()): string[] {
  const charts = path.join(out, 'charts');
  const available = existsSync(charts)
    ? readdirSync(charts)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort()
    : [];
  const order = figureIdsInOrder(executed).filter((id) => available.includes(id));
  const ids = [...order, ...available.filter((id) => !order.includes(id))];
  const figures = ids.map((id) => JSON.parse(readFileSync(path.join(charts, `${id}.json`), 'utf8')) as Figure);
  const data = path.join(out, 'data');
  const aboutFiles = existsSync(data)
    ? readdirSync(data)
        .filter((f) => f.endsWith('.about.json'))
        .sort()
    : [];
  const abouts = aboutFiles.map((f) => JSON.parse(readFileSync(path.join(data, f), 'utf8')) as ReportAbout);
  // report-04_spend_insights.about.json → "04_spend_insights": the header names which notebook covers which span.
  const parts = aboutFiles.map((f) => f.replace(/^report-/, '').replace(/\.about\.json$/, ''));
  const about = combineAbout(abouts, now, parts);
  const html = reportHtml(figures, {
    title: 'OpenAI usage and costs',
    plotly: 'inline',
    ...(about === undefined ? {} : { about }),
  });
  writeFileSync(path.join(out, 'report.html'), html);
  return ids;
}
