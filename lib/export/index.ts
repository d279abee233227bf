export { safeJson } from './safe-json';
export { plotlyBundle, plotlyBundleLoader } from './plotly-bundle';
export type { PlotlySource } from './plotly-source';
export { type FigureHtmlOptions, figureHtml } from './figure-html';
export { type ReportHtmlOptions, type ReportTable, reportHtml } from './report-html';
export { type ExportSpec, writeExports } from './write-exports';
export { saveChart } from './save-chart';
export { type ReportAbout, type ReportAboutOptions, reportAbout, combineAbout } from './report-about';
