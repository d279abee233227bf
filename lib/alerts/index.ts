/** Alerts: rules over the store (budget, anomaly, stale, new spender…), events recorded once, sent to channels. */
export {
  parseAlertsFile,
  channelSecrets,
  AlertsConfigError,
  RULE_TYPES,
  DEFAULT_THRESHOLDS,
  MAX_THRESHOLD,
  DEFAULT_COST_DELAY,
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
  evaluateBudget,
  evaluateAnomaly,
  evaluateStale,
  evaluateNewSpender,
  evaluateUnpricedModel,
  evaluateDigest,
  digestPeriod,
  newestCompleteDay,
  anomalyScope,
  type AlertEvent,
  type AlertSnapshot,
  type CostDay,
  type EventKey,
  type ListItem,
  type SpendLimits,
} from './evaluate';
export { readSnapshot } from './read-snapshot';
export {
  SLACK_LIMITS,
  slackEscape,
  slackMessage,
  webhookBody,
  signatureHeader,
  emailMessage,
  type SlackMessage,
  type EmailMessage,
} from './messages';
export {
  recordAndDeliver,
  sendTestMessage,
  sendToChannel,
  DEFAULT_DELIVERY_POLICY,
  DeliveryError,
  type DeliveryPolicy,
  type DeliveryReport,
  type DeliverOptions,
} from './deliver';
export { readSpendLimits } from './spend-limits';
export {
  runAlerts,
  loadAlertsFile,
  needsSpendLimits,
  alertSnapshot,
  EXIT_ALERTS_UNDELIVERED,
  type AlertsRun,
  type RunAlertsOptions,
} from './run-alerts';
export {
  replayAlerts,
  costDaysFromBuckets,
  type AlertReplay,
  type CostBucketLike,
  type ReplayDay,
  type ReplayedEvent,
  type ReplayOptions,
} from './replay';
export { openAlerts, readOpenAlerts, OPEN_ALERT_DAYS, type OpenAlert, type StoredAlertEvent } from './open-alerts';
