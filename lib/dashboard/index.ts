/** The live dashboard: a Fastify web app over a {@link DashboardSource}, drawing the library's charts. */
export type { DashboardFilters, DashboardRange, DashboardSource, ProjectEntry } from './source';
export { bucketSource, selectBuckets, type BucketSnapshot, type BucketSource } from './bucket-source';
export { apiSource, type ApiSource, type ApiSourceOptions } from './api-source';
export { parseViewParams, type ViewParams, type ViewParamsOptions } from './view-params';
export { dashboardView, type DashboardView } from './dashboard-view';
export { alertsPanel, MAX_ALERT_LINES, type AlertLine, type AlertsPanel } from './alert-lines';
export type { AnomalyLine, DashboardInsights, InsightsInput, InsightsView } from './insights-hook';
export { anomalyLines, dashboardInsights, forecastLine } from './dashboard-insights';
export { projectLabels } from './project-labels';
export { createSseHub, type SseHub, type SseHubOptions } from './sse-hub';
export { CONTENT_SECURITY_POLICY } from './security-headers';
export { every, parseEvery, type Schedule } from './schedule';
export { startDashboard, type DashboardOptions, type RunningDashboard } from './server';
