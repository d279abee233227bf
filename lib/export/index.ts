export { safeJson } from './safe-json';
export { plotlyBundle, plotlyBundleLoader } from './plotly-bundle';
export { figureHtml } from './figure-html';
export { type ReportTable, reportHtml } from './report-html';
export { type ExportSpec, writeExports } from './write-exports';
export { saveChart } from './save-chart';
export { type ReportAbout, reportAbout, combineAbout } from './report-about';
