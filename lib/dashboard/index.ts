/** The live dashboard: a Fastify web app over a {@link DashboardSource}, drawing the library's charts. */
export type { DashboardFilters, DashboardRange, DashboardSource, ProjectEntry } from './source';
export { type BucketSnapshot, type BucketSource } from './bucket-source';
export { apiSource, type ApiSource, type ApiSourceOptions, utcDayStart } from './api-source';
export { type ViewParams, type ViewParamsOptions } from './view-params';
export { type DashboardView } from './dashboard-view';
export { alertsPanel, MAX_ALERT_LINES, type AlertLine, type AlertsPanel } from './alert-lines';
export type { AnomalyLine, DashboardInsights, InsightsInput, InsightsView } from './insights-hook';
export { dashboardInsights } from './dashboard-insights';
export type { SseHub, SseHubOptions } from './sse-hub';
export { every, parseEvery, type Schedule } from './schedule';
export { startDashboard, type DashboardOptions, type RunningDashboard } from './server';
export { storeSource, type StoreSource } from './store-source';
