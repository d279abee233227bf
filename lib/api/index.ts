export * from './wire';
export * from './endpoints';
export { ARRAY_FILTER_NAMES, BOOLEAN_FILTER_NAMES } from '../catalogue/index';
export {
  UsageApiError,
  ApiStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  InternalServerError,
  ApiConnectionError,
  ApiTimeoutError,
  MalformedResponseError,
  PaginationLimitError,
  InvalidQueryError,
  isUsageApiError,
  type ApiStatusDetails,
} from './errors';
export { validateQuery, daysAgo, type UsageQuery, type WireQuery, type ArrayFilterName } from './query';
export { DEFAULT_RETRY_POLICY, normalizeRetryPolicy, retryDelayMs, shouldRetryStatus, type RetryPolicy, type RetryOptions } from './retry';
export { parsePage } from './parse';
export { planWindows, WIDTH_SECONDS, type TimeWindow } from './plan-windows';
export { UsageClient, type ClientOptions, type FetchOptions, type FetchProgress } from './client';
export { DEFAULT_BASE_URL } from './client-options';
export type { RetryInfo } from './request-page';
export { loadConfig, redactKey, type UsageConfig, type LoadConfigOptions, type ConfigSource } from './config';
