import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Figure } from '../charts/index';
import { checkFigures } from './check-figure';
import { figureHtml } from './figure-html';
import { plotlyBundlePath, sharedPlotlyBundle } from './plotly-bundle';
import type { PlotlySource } from './plotly-source';
import { checkReportAbout, type ReportAbout } from './report-about';
import { checkReportPage, type ReportTable, reportHtml } from './report-html';
import { type TableLike, toCsv } from '../frames/index';
import { writeText } from './write-text';

/** What {@link writeExports} writes. */
export interface ExportSpec {
  figures: readonly Figure[];
  /** Frame name ([A-Za-z0-9_-]) → CSV text, or a DataFrame / Pivot / records (CSV via frames' `toCsv`). */
  frames?: Readonly<Record<string, string | TableLike>>;
  /** Name ([A-Za-z0-9_-]) → a JSON-serializable value, written as data/<name>.json (pretty, newline-terminated). */
  json?: Readonly<Record<string, unknown>>;
  /** The report page: `file` (default "report.html") lets each notebook keep its own report beside the others. */
  report: { title: string; file?: string; generatedAt?: string; tables?: readonly ReportTable[]; about?: ReportAbout };
  /**
   * Per-chart pages: 'inline' embeds plotly.js in each; 'sibling' writes charts/plotly.min.js once and references it.
   * The report page always embeds it once, so it can be sent or copied as one file and opened offline.
   */
  plotly: 'inline' | 'sibling';
}

/**
 * What this process last wrote to each path, and the file's size and mtime right after: a re-run that produces the
 * same text for a file still as we left it skips the write (Run All rewrites a notebook's exports every time, the
 * report page alone is ~5 MB). A file changed or removed since is written again.
 */
const lastWritten = new Map<string, { text: string; size: number; mtimeMs: number }>();

async function unchanged(path: string, text: string): Promise<boolean> {
  const last = lastWritten.get(path);
  if (last === undefined || last.text !== text) return false;
  const st = await stat(path).catch(() => undefined);
  return st !== undefined && st.size === last.size && st.mtimeMs === last.mtimeMs;
}

async function writeIfChanged(path: string, text: string): Promise<void> {
  if (await unchanged(path, text)) return;
  await writeText(path, text);
  const st = await stat(path);
  lastWritten.set(path, { text, size: st.size, mtimeMs: st.mtimeMs });
}

/** Copies the plotly.js bundle unless the target already is a copy of it (same size, not older). */
async function copyBundle(target: string): Promise<void> {
  const [source, existing] = await Promise.all([stat(plotlyBundlePath()), stat(target).catch(() => undefined)]);
  if (existing !== undefined && existing.size === source.size && existing.mtimeMs >= source.mtimeMs) return;
  await copyFile(plotlyBundlePath(), target);
}

const FRAME_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const REPORT_FILE = /^[A-Za-z0-9][A-Za-z0-9_-]*\.html$/;

/**
 * Writes charts/<id>.html + charts/<id>.json per figure, charts/plotly.min.js ('sibling'), the report page (one
 * self-contained file), data/<report>.about.json (with `report.about`), data/<frame>.csv and data/<name>.json under
 * `outDir`; returns their paths, always in that order (ready CSV texts are written first, the rest as built). Files
 * whose text is what this process last wrote there (and that are as it left them) are not written again, nor the
 * plotly.js copy when current. Output is deterministic: no timestamps unless `report.generatedAt` or `report.about`
 * is given. Everything is validated before the first write.
 * @example
 * const report = { title: 'Costs', about: conn.about(params) };
 * await writeExports(env.outDir, { figures: [fig], frames: { costs: costFrame(costs) }, report, plotly: 'sibling' });
 */
export async function writeExports(outDir: string, spec: ExportSpec): Promise<string[]> {
  if (typeof outDir !== 'string' || outDir === '') throw new Error(`invalid outDir: ${String(outDir)}`);
  checkFigures(spec.figures);
  if (spec.plotly !== 'inline' && spec.plotly !== 'sibling') throw new Error(`invalid plotly: ${String(spec.plotly)}`);
  const frames = Object.entries(spec.frames ?? {});
  for (const [name] of frames)
    if (!FRAME_NAME.test(name)) throw new Error(`invalid frame name: ${JSON.stringify(name)}`);
  const jsons = Object.entries(spec.json ?? {}).map(([name, value]): [string, string] => {
    if (!FRAME_NAME.test(name)) throw new Error(`invalid json name: ${JSON.stringify(name)}`);
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text === undefined) throw new Error(`invalid json value: ${name} (not JSON-serialisable)`);
    return [name, `${text}\n`];
  });
  const reportFile = spec.report.file ?? 'report.html';
  if (!REPORT_FILE.test(reportFile)) throw new Error(`invalid report file: ${JSON.stringify(reportFile)}`);
  const about = spec.report.about === undefined ? undefined : checkReportAbout(spec.report.about);
  checkReportPage(spec.report.title, spec.report.tables);
  const bundle = sharedPlotlyBundle;
  const charts = join(outDir, 'charts');
  const data = join(outDir, 'data');
  await mkdir(charts, { recursive: true });
  // Paths in a fixed order (the return value); files are written as their texts are ready.
  const written: string[] = [];
  const at = (path: string): void => void written.push(path);
  // Every write is awaited before returning, and the first failure is thrown.
  const pending: Promise<void>[] = [];
  const begin = (writing: Promise<void>): void => {
    // Handled here too: a write failing while the next text is built is not an unhandled rejection.
    writing.catch(() => undefined);
    pending.push(writing);
  };
  const write = (path: string, text: string): void => begin(writeIfChanged(path, text));
  // A text is built while the files before it are written: the event loop gets a turn between texts, so a write
  // already begun (a year's FOCUS CSV is 67 MB, about 50 ms to write) goes on beside the building of the next one.
  const turn = (): Promise<void> => new Promise((resume) => setImmediate(resume));
  try {
    // Texts handed in ready (CSV strings) first: their writes run while the charts and the report are built.
    if (frames.length > 0 || jsons.length > 0) await mkdir(data, { recursive: true });
    for (const [name, frame] of frames) if (typeof frame === 'string') write(join(data, `${name}.csv`), frame);
    for (const [name, text] of jsons) write(join(data, `${name}.json`), text);
    if (spec.plotly === 'sibling') {
      const target = join(charts, 'plotly.min.js');
      begin(copyBundle(target));
      at(target);
    }
    const pagePlotly: PlotlySource = spec.plotly === 'inline' ? 'inline' : { src: 'plotly.min.js' };
    for (const fig of spec.figures) {
      await turn();
      const page = join(charts, `${fig.id}.html`);
      const json = join(charts, `${fig.id}.json`);
      write(page, figureHtml(fig, { plotly: pagePlotly, bundle }));
      write(json, `${JSON.stringify(fig, null, 2)}\n`);
      at(page);
      at(json);
    }
    await turn();
    const reportPath = join(outDir, reportFile);
    write(
      reportPath,
      reportHtml(spec.figures, {
        title: spec.report.title,
        plotly: 'inline',
        bundle,
        ...(spec.report.generatedAt === undefined ? {} : { generatedAt: spec.report.generatedAt }),
        ...(spec.report.tables === undefined ? {} : { tables: spec.report.tables }),
        ...(about === undefined ? {} : { about }),
      }),
    );
    at(reportPath);
    // Machine-readable coverage beside the page, for the headless run's combined report.
    if (about !== undefined) {
      await mkdir(data, { recursive: true });
      const aboutPath = join(data, `${reportFile.slice(0, -5)}.about.json`);
      write(aboutPath, `${JSON.stringify(about, null, 2)}\n`);
      at(aboutPath);
    }
    for (const [name, frame] of frames) {
      const path = join(data, `${name}.csv`);
      if (typeof frame !== 'string') {
        await turn();
        write(path, toCsv(frame));
      }
      at(path);
    }
    for (const [name] of jsons) at(join(data, `${name}.json`));
  } finally {
    // Nothing left running if building a text failed.
    await Promise.allSettled(pending);
  }
  await Promise.all(pending);
  return written;
}
