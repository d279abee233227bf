/** Alerts: rules over the store (budget, anomaly, stale, new spender…), events recorded once, sent to channels. */
export {
  parseAlertsFile,
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
  type EventKey,
  type ListItem,
  type SpendLimits,
} from './evaluate';
export { readSnapshot } from './read-snapshot';
export { slackMessage, emailMessage, type SlackMessage, type EmailMessage } from './messages';
export {
  recordAndDeliver,
  sendTestMessage,
  type DeliveryPolicy,
  type DeliveryReport,
  type DeliverOptions,
} from './deliver';
export { readSpendLimits } from './spend-limits';
