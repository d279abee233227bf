/**
 * Wire shapes of the admin directory and budgets, as the official SDK types them (openai-node 7.59.0,
 * `resources/admin/organization/{projects,users,spend-limit,spend-alerts}`). Optional there means optional here.
 * Declared once, below both sides: the client parses these and the emulator serves them.
 */

/** One page of an admin list: next page with `after=<last_id>` while `has_more`. */
export interface WireListPage<T> {
  object: 'list';
  data: T[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

export interface WireProject {
  object: 'organization.project';
  id: string;
  created_at: number;
  archived_at?: number | null;
  name?: string | null;
  /** `active` or `archived` */
  status?: string | null;
}

export interface WireUser {
  object: 'organization.user';
  id: string;
  added_at: number;
  email?: string | null;
  name?: string | null;
  role?: string | null;
}

export interface WireServiceAccount {
  object: 'organization.project.service_account';
  id: string;
  created_at: number;
  name: string;
  role: 'owner' | 'member' | 'none';
}

export interface WireApiKeyOwner {
  type?: 'user' | 'service_account';
  user?: { id: string; created_at: number; email: string; name: string; role: string };
  service_account?: { id: string; created_at: number; name: string; role: string };
}

export interface WireApiKey {
  object: 'organization.project.api_key';
  id: string;
  created_at: number;
  last_used_at: number | null;
  name: string;
  owner: WireApiKeyOwner;
  /** Required in the SDK's type; absent in older recorded responses. */
  owner_project_access?: 'active' | 'inactive';
  redacted_value: string;
  expires_at?: number | null;
}

/** `GET /organization/spend_limit` and `/organization/projects/{id}/spend_limit`. */
export interface WireSpendLimit {
  object: 'organization.spend_limit' | 'project.spend_limit';
  /** The hard limit, in cents (SDK doc comment). */
  threshold_amount: number;
  currency: string;
  interval: string;
  enforcement: { status: string };
}

export interface WireSpendAlert {
  object: 'organization.spend_alert';
  id: string;
  /** In cents (SDK doc comment). */
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  notification_channel: { recipients: string[]; type: 'email'; subject_prefix?: string | null };
}
