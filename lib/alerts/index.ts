/** Alerts: rules over the store (budget, anomaly, stale, new spender…), events recorded once, sent to channels. */
export {
  parseAlertsFile,
  parseAlertRules,
  channelSecrets,
  AlertsConfigError,
  type AlertsConfig,
  type AlertChannel,
  type AlertRule,
  type AnomalyRule,
  type BudgetRule,
  type DigestRule,
  type EmailChannel,
  type Env,
  type NewSpenderRule,
  type RuleBase,
  type RuleType,
  type SlackChannel,
  type StaleRule,
  type UnpricedModelRule,
  type WebhookChannel,
} from './rules-file';
export {
  evaluateRules,
  type AlertEvent,
  type AlertSnapshot,
  type CostDay,
  type ListItem,
  type SpendLimits,
} from './evaluate';
export { readSnapshot, type AlertOrganization } from './read-snapshot';
export {
  SLACK_LIMITS,
  slackEscape,
  slackMessage,
  webhookBody,
  signatureHeader,
  emailMessage,
  type SlackMessage,
  type EmailMessage,
  type EventColumns,
} from './messages';
export {
  recordAndDeliver,
  sendTestMessage,
  type DeliveryPolicy,
  type DeliveryReport,
  type DeliverOptions,
} from './deliver';
export { readSpendLimits, readStoredSpendLimits } from './spend-limits';
export {
  runAlerts,
  loadAlertsFile,
  loadAlertRules,
  needsSpendLimits,
  alertSnapshot,
  alertOrganizations,
  evaluateStore,
  unmatchedOrganizationFilters,
  type LimitsClient,
  EXIT_ALERTS_UNDELIVERED,
  type AlertsRun,
  type RunAlertsOptions,
} from './run-alerts';
export {
  replayAlerts,
  replayOrganizations,
  costsByOrganization,
  replayByRule,
  type RuleReplaySummary,
  costDaysFromBuckets,
  type AlertReplay,
  type CostBucketLike,
  type CostNames,
  type ReplayDay,
  type ReplayedEvent,
  type ReplayOptions,
  type ReplayOrganization,
  type OrganizationReplayDays,
} from './replay';
export { openAlerts, readOpenAlerts, OPEN_ALERT_DAYS, type OpenAlert } from './open-alerts';
