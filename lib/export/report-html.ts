import type { Figure } from '../charts/index';
import { checkFigures } from './check-figure';
import { escapeHtml } from '../html/index';
import { figureBlock } from './figure-block';
import { pageShell } from './page-shell';
import { aboutHtml, checkReportAbout, type ReportAbout } from './report-about';
import { type PlotlySource, checkPlotlySource, plotlyScriptTag } from './plotly-source';
import { sharedPlotlyBundle } from './plotly-bundle';

/** A table section of a report: `html` is inserted as is, so it must be built with escaped cells. */
export interface ReportTable {
  title: string;
  html: string;
}

/** Options of {@link reportHtml}. */
export interface ReportHtmlOptions {
  title: string;
  /** Shown under the title; omitted by default so output stays deterministic. */
  generatedAt?: string;
  /** What the report covers (organization, range, generation time, data source), shown under the title. */
  about?: ReportAbout;
  plotly: PlotlySource;
  tables?: readonly ReportTable[];
  bundle?: () => string;
}

/**
 * A report page's title and tables, checked before anything is built or written: a non-blank title, and tables whose
 * HTML holds no `<script`. Returns the tables (none when not given).
 */
export function checkReportPage(title: string, tables: readonly ReportTable[] = []): readonly ReportTable[] {
  if (typeof title !== 'string' || title.trim() === '') throw new Error(`invalid title: ${String(title)}`);
  tables.forEach((t, i) => {
    if (typeof t.html !== 'string' || /<script/i.test(t.html)) throw new Error(`invalid table html: tables[${i}]`);
  });
  return tables;
}

/**
 * One page with every chart (one shared plotly.js copy), a table of contents and optional tables.
 * With `plotly: 'inline'` the page works alone: copied anywhere and opened offline.
 * Table HTML containing `<script` is refused: tables are data, never code.
 * @example writeFileSync('report.html', reportHtml(figures, { title: 'Usage', plotly: 'inline' }))
 */
export function reportHtml(figs: readonly Figure[], opts: ReportHtmlOptions): string {
  checkFigures(figs);
  const plotly = checkPlotlySource(opts.plotly);
  const tables = checkReportPage(opts.title, opts.tables);
  const toc = [
    ...figs.map((f) => `<li><a href="#${f.id}">${escapeHtml(f.title)}</a></li>`),
    ...tables.map((t, i) => `<li><a href="#table-${i + 1}">${escapeHtml(t.title)}</a></li>`),
  ];
  const body = [
    ...figs.map((f) => `<section class="card" id="${f.id}">\n${figureBlock(f)}\n</section>`),
    ...tables.map(
      (t, i) =>
        `<section class="card" id="table-${i + 1}">\n<h2>${escapeHtml(t.title)}</h2>\n<div class="table-wrap">${t.html}</div>\n</section>`,
    ),
  ];
  const generated = opts.generatedAt === undefined ? '' : `<p>Generated ${escapeHtml(opts.generatedAt)}</p>`;
  const about = opts.about === undefined ? '' : aboutHtml(checkReportAbout(opts.about));
  return pageShell(opts.title, plotlyScriptTag(plotly, opts.bundle ?? sharedPlotlyBundle), [
    `<header><h1>${escapeHtml(opts.title)}</h1>${generated}${about}</header>`,
    toc.length > 0 ? `<nav class="toc"><h2>Contents</h2><ol>\n${toc.join('\n')}\n</ol></nav>` : '',
    ...body,
  ]);
}
