import type {
  WireApiKey,
  WireApiKeyOwner,
  WireProject,
  WireServiceAccount,
  WireSpendAlert,
  WireSpendLimit,
  WireUser,
} from '../catalogue/index';
import { hashId, hashInts } from './hash-random';
import type { SyntheticOrg } from './synthetic-org';
import type { DirectoryOptions } from './types';

export type { DirectoryOptions } from './types';

/**
 * The emulator's directory objects: the wire types (lib/catalogue/directory-wire.ts), with the names and emails it
 * always fills (the SDK types them as optional).
 */
export type DirProject = WireProject & { name: string };
export type DirUser = WireUser & { name: string; email: string };

/** The names side of the synthetic organization. */
export interface OrgDirectory {
  projects: DirProject[];
  users: DirUser[];
  /** Per project id. */
  apiKeys: Map<string, WireApiKey[]>;
  serviceAccounts: Map<string, WireServiceAccount[]>;
  projectSpendLimits: Map<string, WireSpendLimit>;
  spendLimit: WireSpendLimit;
  spendAlerts: WireSpendAlert[];
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
 * deleted since its usage: the directory does not know every ID the usage data shows. With `hostileNames`, a few
 * names are replaced by hostile ones ({@link withHostileNames}).
 */
export function buildOrgDirectory(org: SyntheticOrg, options: DirectoryOptions = {}): OrgDirectory {
  const dir = generateDirectory(org, (i, total) => options.projectNames?.[i] ?? builtInName(i, total));
  return options.hostileNames === true ? withHostileNames(dir) : dir;
}

/** Seconds after {@link EPOCH}, drawn from the seed: creation times of directory objects. */
type DrawTime = (salt: number, i: number, span: number) => number;

/** A project's name by its index and the project count: the option's names first, then the built-in ones. */
type ProjectName = (i: number, count: number) => string;

/** The directory as generated from the organization's seed: projects, users, keys and budgets. */
function generateDirectory(org: SyntheticOrg, projectName: ProjectName): OrgDirectory {
  const at: DrawTime = (salt, i, span) => EPOCH + (hashInts(org.seed, salt, i) % span);
  const projects = generateProjects(org, at, projectName);
  const users = generateUsers(org, at);
  const { apiKeys, serviceAccounts } = generateKeys(org, users, at, projectName);
  return { projects, users, apiKeys, serviceAccounts, ...generateBudgets(org, users) };
}

/**
 * The budgets: a monthly spend limit for the organization and for its first project, and two spend alerts emailed
 * to the owners. @unit cents
 */
function generateBudgets(
  org: SyntheticOrg,
  users: readonly DirUser[],
): Pick<OrgDirectory, 'projectSpendLimits' | 'spendLimit' | 'spendAlerts'> {
  const limit = (object: WireSpendLimit['object'], cents: number): WireSpendLimit => ({
    object,
    threshold_amount: cents,
    currency: 'USD',
    interval: 'month',
    enforcement: { status: 'inactive' },
  });
  const projectSpendLimits = new Map<string, WireSpendLimit>();
  const first = org.projects[0];
  if (first !== undefined) projectSpendLimits.set(first.id, limit('project.spend_limit', 300_000));
  const spendLimit = limit('organization.spend_limit', 500_000);
  const recipients = users.filter((u) => u.role === 'owner').map((u) => u.email);
  const alert = (i: number, cents: number): WireSpendAlert => ({
    object: 'organization.spend_alert',
    id: `spend_alert_${hashId(16, org.seed, 8, i)}`,
    threshold_amount: cents,
    currency: 'USD',
    interval: 'month',
    notification_channel: { type: 'email', recipients, subject_prefix: null },
  });
  return { projectSpendLimits, spendLimit, spendAlerts: [alert(0, 250_000), alert(1, 400_000)] };
}

function generateProjects(org: SyntheticOrg, at: DrawTime, projectName: ProjectName): DirProject[] {
  const count = org.projects.length;
  return org.projects.map((p, i) => {
    const archived = count >= 3 && i === count - 1;
    return {
      object: 'organization.project',
      id: p.id,
      name: projectName(i, count),
      created_at: at(11, i, 300 * 86400),
      archived_at: archived ? at(12, i, 86400) + 400 * 86400 : null,
      status: archived ? 'archived' : 'active',
    };
  });
}

function generateUsers(org: SyntheticOrg, at: DrawTime): DirUser[] {
  const users: DirUser[] = [];
  let n = 0;
  for (const p of org.projects) {
    for (const id of p.userIds) {
      const first = FIRST[n % FIRST.length] ?? 'Ada';
      const last = LAST[Math.floor(n / FIRST.length + n) % LAST.length] ?? 'Lovelace';
      const suffix = n < FIRST.length ? '' : String(n);
      users.push({
        object: 'organization.user',
        id,
        name: `${first} ${last}`,
        email: `${first}.${last}${suffix}@example.com`.toLowerCase(),
        role: n === 0 ? 'owner' : 'reader',
        added_at: at(21, n, 400 * 86400),
      });
      n++;
    }
  }
  return users;
}

/** What every key of one project shares while its keys are generated. */
interface ProjectKeys {
  seed: number;
  /** The project's index among the organization's. */
  index: number;
  /** The project's name, in its keys' and service accounts' names. */
  label: string;
  accounts: WireServiceAccount[];
}

/** A new service account of the project (named `<project> bot <n>`), added to its accounts; the key's owner. */
function serviceAccountOwner(project: ProjectKeys, created: number): WireApiKeyOwner {
  const sa: WireServiceAccount = {
    object: 'organization.project.service_account',
    id: `svc_acct_${hashId(24, project.seed, 5, project.index, project.accounts.length)}`,
    name: `${project.label} bot ${project.accounts.length + 1}`,
    role: 'member',
    created_at: created,
  };
  project.accounts.push(sa);
  return {
    type: 'service_account',
    service_account: { id: sa.id, name: sa.name, role: sa.role, created_at: sa.created_at },
  };
}

/** A user's key: its owner as the key lists it (a placeholder bot when the organization has no user at all). */
function userOwner(project: ProjectKeys, user: DirUser | undefined, created: number): WireApiKeyOwner {
  if (user === undefined) {
    const id = `svc_acct_${hashId(24, project.seed, 6, project.index)}`;
    return { type: 'service_account', service_account: { id, name: 'bot', role: 'member', created_at: created } };
  }
  return {
    type: 'user',
    user: { id: user.id, name: user.name, email: user.email, role: 'owner', created_at: user.added_at },
  };
}

/**
 * Every project's keys, owned by its users or (every fourth key, or all in a project without users) by a service
 * account; the organization's last key is left out (deleted since its usage).
 */
function generateKeys(
  org: SyntheticOrg,
  users: readonly DirUser[],
  at: DrawTime,
  projectName: ProjectName,
): Pick<OrgDirectory, 'apiKeys' | 'serviceAccounts'> {
  const seed = org.seed;
  const count = org.projects.length;
  const userById = new Map(users.map((u) => [u.id, u]));
  const apiKeys = new Map<string, WireApiKey[]>();
  const serviceAccounts = new Map<string, WireServiceAccount[]>();
  const allKeys = org.projects.flatMap((p) => p.apiKeyIds);
  const deletedKey = allKeys.length > count ? allKeys[allKeys.length - 1] : undefined;
  let k = 0;
  org.projects.forEach((p, pi) => {
    const keys: WireApiKey[] = [];
    const project: ProjectKeys = { seed, index: pi, label: projectName(pi, count), accounts: [] };
    p.apiKeyIds.forEach((id, j) => {
      const kIndex = k++;
      if (id === deletedKey) return;
      const created = at(31, kIndex, 500 * 86400);
      const owner =
        j % 4 === 3 || p.userIds.length === 0
          ? serviceAccountOwner(project, created)
          : userOwner(project, userById.get(p.userIds[j % p.userIds.length] ?? '') ?? users[0], created);
      const prefix = owner.type === 'user' ? 'sk-proj-' : 'sk-svcac';
      keys.push({
        object: 'organization.project.api_key',
        id,
        name: `${project.label} key ${j + 1}`,
        redacted_value: `${prefix}${'*'.repeat(40)}${hashId(4, seed, 3, kIndex, 99)}`,
        created_at: created,
        last_used_at: null,
        owner,
        owner_project_access: 'active',
      });
    });
    apiKeys.set(p.id, keys);
    serviceAccounts.set(p.id, project.accounts);
  });
  return { apiKeys, serviceAccounts };
}

/** The hostile email of the hostile user: markup and a right-to-left override. */
const HOSTILE_EMAIL = '<b>x</b>\u202E@example.com';

/**
 * The hostile-name test option: the third project and the second user are named {@link HOSTILE_NAME} (the user with
 * {@link HOSTILE_EMAIL}, also where it owns a key), the first API key {@link HOSTILE_FORMULA}. IDs stay as generated.
 */
function withHostileNames(dir: OrgDirectory): OrgDirectory {
  const target = dir.users[1]?.id;
  const users = dir.users.map((u, n) => (n === 1 ? { ...u, name: HOSTILE_NAME, email: HOSTILE_EMAIL } : u));
  let first = true;
  const hostileKey = (key: WireApiKey): WireApiKey => {
    let out = key;
    if (first) out = { ...out, name: HOSTILE_FORMULA };
    first = false;
    const user = out.owner.user;
    if (user !== undefined && user.id === target)
      out = { ...out, owner: { ...out.owner, user: { ...user, name: HOSTILE_NAME, email: HOSTILE_EMAIL } } };
    return out;
  };
  return {
    ...dir,
    projects: dir.projects.map((p, i) => (i === 2 ? { ...p, name: HOSTILE_NAME } : p)),
    users,
    apiKeys: new Map([...dir.apiKeys].map(([projectId, keys]) => [projectId, keys.map(hostileKey)])),
  };
}
