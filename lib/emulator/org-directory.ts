import { hashId, hashInts } from './hash-random';
import type { SyntheticOrg } from './synthetic-org';
import type { DirectoryOptions } from './types';

export type { DirectoryOptions } from './types';

/** Wire objects of the admin directory, as the official SDK (openai-node 7.59.0) types them. */
export interface DirProject {
  object: 'organization.project';
  id: string;
  name: string;
  created_at: number;
  archived_at: number | null;
  status: 'active' | 'archived';
}

export interface DirUser {
  object: 'organization.user';
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'reader';
  added_at: number;
}

export interface DirServiceAccount {
  object: 'organization.project.service_account';
  id: string;
  name: string;
  role: 'owner' | 'member' | 'none';
  created_at: number;
}

export type DirKeyOwner =
  | { type: 'user'; user: { id: string; name: string; email: string; role: string; created_at: number } }
  | { type: 'service_account'; service_account: { id: string; name: string; role: string; created_at: number } };

export interface DirApiKey {
  object: 'organization.project.api_key';
  id: string;
  name: string;
  redacted_value: string;
  created_at: number;
  last_used_at: number | null;
  owner: DirKeyOwner;
  owner_project_access: 'active' | 'inactive';
}

export interface DirSpendLimit {
  object: 'organization.spend_limit' | 'project.spend_limit';
  /** In cents (the SDK's doc comment), USD. */
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  enforcement: { status: 'inactive' | 'enforcing' };
}

export interface DirSpendAlert {
  object: 'organization.spend_alert';
  id: string;
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  notification_channel: { type: 'email'; recipients: string[]; subject_prefix: string | null };
}

/** The names side of the synthetic organization. */
export interface OrgDirectory {
  projects: DirProject[];
  users: DirUser[];
  /** Per project id. */
  apiKeys: Map<string, DirApiKey[]>;
  serviceAccounts: Map<string, DirServiceAccount[]>;
  projectSpendLimits: Map<string, DirSpendLimit>;
  spendLimit: DirSpendLimit;
  spendAlerts: DirSpendAlert[];
}

/** The hostile name used by `hostileNames` for a project and a user (exported for tests). */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>\u202E__proto__ & "x"';
/** The hostile key name: a spreadsheet formula, for CSV exports. */
export const HOSTILE_FORMULA = '=HYPERLINK("http://x.invalid","<b>key</b>")';

const PROJECT_NAMES = [
  'Production',
  'Support Assistant',
  'Data Pipeline',
  'Research',
  'Internal Tools',
  'Marketing Site',
  'Evaluations',
  'Legacy Chatbot',
];
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Margaret',
  'Dennis',
  'Radia',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
];
/** 2023-01-02T00:00Z: organization objects are created after it. */
const EPOCH = 1672617600;

function builtInName(i: number, count: number): string {
  // The second-to-last project repeats the second one's name: two series must still stay apart.
  if (count >= 4 && i === count - 2) return PROJECT_NAMES[1] ?? 'Support Assistant';
  return PROJECT_NAMES[i] ?? `Project ${i + 1}`;
}

/**
 * Builds the directory from the organization: every project (the last one archived, its past usage kept), users
 * with emails, keys owned by users or (every fourth) by a service account. The last API key is left out, as a key
 * deleted since its usage: the directory does not know every ID the usage data shows.
 */
export function buildOrgDirectory(org: SyntheticOrg, options: DirectoryOptions = {}): OrgDirectory {
  const seed = org.seed;
  const count = org.projects.length;
  const hostile = options.hostileNames === true;
  const projectName = (i: number, total: number): string => options.projectNames?.[i] ?? builtInName(i, total);
  const at = (salt: number, i: number, span: number): number => EPOCH + (hashInts(seed, salt, i) % span);
  const projects: DirProject[] = org.projects.map((p, i) => {
    const archived = count >= 3 && i === count - 1;
    return {
      object: 'organization.project',
      id: p.id,
      name: hostile && i === 2 ? HOSTILE_NAME : projectName(i, count),
      created_at: at(11, i, 300 * 86400),
      archived_at: archived ? at(12, i, 86400) + 400 * 86400 : null,
      status: archived ? 'archived' : 'active',
    };
  });
  const users: DirUser[] = [];
  const userById = new Map<string, DirUser>();
  let n = 0;
  for (const p of org.projects) {
    for (const id of p.userIds) {
      const first = FIRST[n % FIRST.length] ?? 'Ada';
      const last = LAST[Math.floor(n / FIRST.length + n) % LAST.length] ?? 'Lovelace';
      const suffix = n < FIRST.length ? '' : String(n);
      const user: DirUser = {
        object: 'organization.user',
        id,
        name: hostile && n === 1 ? HOSTILE_NAME : `${first} ${last}`,
        email:
          hostile && n === 1 ? `<b>x</b>\u202E@example.com` : `${first}.${last}${suffix}@example.com`.toLowerCase(),
        role: n === 0 ? 'owner' : 'reader',
        added_at: at(21, n, 400 * 86400),
      };
      users.push(user);
      userById.set(id, user);
      n++;
    }
  }
  const apiKeys = new Map<string, DirApiKey[]>();
  const serviceAccounts = new Map<string, DirServiceAccount[]>();
  const allKeys = org.projects.flatMap((p) => p.apiKeyIds);
  const deletedKey = allKeys.length > count ? allKeys[allKeys.length - 1] : undefined;
  let k = 0;
  org.projects.forEach((p, pi) => {
    const keys: DirApiKey[] = [];
    const accounts: DirServiceAccount[] = [];
    const projectLabel = projectName(pi, count);
    p.apiKeyIds.forEach((id, j) => {
      const kIndex = k++;
      if (id === deletedKey) return;
      const created = at(31, kIndex, 500 * 86400);
      let owner: DirKeyOwner;
      if (j % 4 === 3 || p.userIds.length === 0) {
        const sa: DirServiceAccount = {
          object: 'organization.project.service_account',
          id: `svc_acct_${hashId(24, seed, 5, pi, accounts.length)}`,
          name: `${projectLabel} bot ${accounts.length + 1}`,
          role: 'member',
          created_at: created,
        };
        accounts.push(sa);
        owner = {
          type: 'service_account',
          service_account: { id: sa.id, name: sa.name, role: sa.role, created_at: sa.created_at },
        };
      } else {
        const user = userById.get(p.userIds[j % p.userIds.length] ?? '') ?? users[0];
        owner =
          user === undefined
            ? {
                type: 'service_account',
                service_account: {
                  id: `svc_acct_${hashId(24, seed, 6, pi)}`,
                  name: 'bot',
                  role: 'member',
                  created_at: created,
                },
              }
            : {
                type: 'user',
                user: { id: user.id, name: user.name, email: user.email, role: 'owner', created_at: user.added_at },
              };
      }
      const prefix = owner.type === 'user' ? 'sk-proj-' : 'sk-svcac';
      keys.push({
        object: 'organization.project.api_key',
        id,
        name: hostile && kIndex === 0 ? HOSTILE_FORMULA : `${projectLabel} key ${j + 1}`,
        redacted_value: `${prefix}${'*'.repeat(40)}${hashId(4, seed, 3, kIndex, 99)}`,
        created_at: created,
        last_used_at: null,
        owner,
        owner_project_access: 'active',
      });
    });
    apiKeys.set(p.id, keys);
    serviceAccounts.set(p.id, accounts);
  });
  const limit = (object: DirSpendLimit['object'], cents: number): DirSpendLimit => ({
    object,
    threshold_amount: cents,
    currency: 'USD',
    interval: 'month',
    enforcement: { status: 'inactive' },
  });
  const projectSpendLimits = new Map<string, DirSpendLimit>();
  const first = org.projects[0];
  if (first !== undefined) projectSpendLimits.set(first.id, limit('project.spend_limit', 300_000));
  const spendLimit = limit('organization.spend_limit', 500_000);
  const recipients = users.filter((u) => u.role === 'owner').map((u) => u.email);
  const alert = (i: number, cents: number): DirSpendAlert => ({
    object: 'organization.spend_alert',
    id: `spend_alert_${hashId(16, seed, 8, i)}`,
    threshold_amount: cents,
    currency: 'USD',
    interval: 'month',
    notification_channel: { type: 'email', recipients, subject_prefix: null },
  });
  return {
    projects,
    users,
    apiKeys,
    serviceAccounts,
    projectSpendLimits,
    spendLimit,
    spendAlerts: [alert(0, 250_000), alert(1, 400_000)],
  };
}
