/** The live dashboard: a Fastify web app over a {@link DashboardSource}, drawing the library's charts. */
export type { DashboardSource } from './source';
export { apiSource, utcDayStart } from './api-source';
export { alertsPanel, MAX_ALERT_LINES } from './alert-lines';
export { dashboardInsights } from './dashboard-insights';
export { every, parseEvery, type Schedule } from './schedule';
export { startDashboard, type RunningDashboard } from './server';
export { storeSource, type StoreSource } from './store-source';
