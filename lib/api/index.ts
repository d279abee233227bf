/** The client of the Usage and Costs API (the endpoints and wire types are the catalogue's: lib/catalogue). */
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
  InvalidConfigError,
  isUsageApiError,
} from './errors';
export { validateQuery, daysAgo, type UsageQuery, type WireQuery } from './query';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryOptions } from './retry';
export { UsageClient, type ClientOptions, type FetchOptions, type FetchProgress } from './client';
export { DEFAULT_BASE_URL } from './client-options';
export type { RetryInfo } from './request-page';
export { checkAccess } from './check-access';
export { organizationIdVariable } from './organization-id';
export { loadConfig, redactKey, type UsageConfig, type LoadConfigOptions } from './config';
export { maskSecrets, containsSecret } from './secret';
export { filesWithSecrets, ADMIN_KEY_MARKER } from './secret-scan';
export {
  loadOrganizations,
  selectOrganizations,
  compareOrganizationNames,
  type OrganizationConfig,
} from './organizations';
export {
  resolveOrganization,
  standInOrganizationId,
  oneEntryPerOrganization,
  duplicateOrganizationWarning,
  type OrganizationIdentity,
} from './organization-identity';
export { loadDirectory, directoryNotice, escapedId, type Directory, type DirectorySource } from './directory';
export { pathSegment } from './path-segment';
export { enrichmentFailure } from './enrichment-failure';
export type { ListQuery } from './list-query';
export type { JsonResult } from './request-json';
export {
  monthlyBudgets,
  organizationSpendLimit,
  projectSpendLimit,
  spendAlerts,
  type ApiBudgets,
  type SpendLimit,
  type SpendAlert,
} from './spend-limits';
