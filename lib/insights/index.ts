/** Insights: pricing, billed vs estimated, savings, forecast, anomalies, allocation, local days (frames + prices only). */
export { parseLineItem, billingModel, type LineItem, type LineItemKind } from './line-item';
export { priceTokens, type CompletionTokens, type BillingMode, type TokenPrice } from './price-tokens';
export { priceUsage, type PricedUsage, type PricedUsageRow, type UnpricedModel } from './price-usage';
export { reconcile, type ReconciliationRow } from './reconcile';
export { savings, type SavingsRow } from './savings';
