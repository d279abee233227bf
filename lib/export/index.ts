export { safeJson } from './safe-json';
export { plotlyBundle, plotlyBundleLoader } from './plotly-bundle';
export { figureHtml } from './figure-html';
export { type ReportTable, reportHtml } from './report-html';
export { BACKGROUND_CHARS, type ExportSpec, writeExports } from './write-exports';
export { exportsWritten, writesInProgress } from './background-writes';
export { saveChart } from './save-chart';
export { type ReportAbout, reportAbout, combineAbout } from './report-about';
