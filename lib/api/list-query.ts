/** Query parameters of the admin list endpoints (projects, users, api_keys, service_accounts, spend_alerts). */
export interface ListQuery {
  /** Objects per page, 1–100. @default 20 (the API's) */
  limit?: number;
  /** The `last_id` of the previous page. */
  after?: string;
  /** Projects only: archived projects too. */
  include_archived?: boolean;
  /** Users only: these emails only (sent as `emails[]`). */
  emails?: readonly string[];
  /** Spend alerts only. */
  order?: 'asc' | 'desc';
}
