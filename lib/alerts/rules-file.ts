import { parseDocument } from 'yaml';
import { checkTimeZone } from '../insights/index';
import { isJsonObject } from '../shared/index';
import { parseDuration } from '../store/index';

/** A bad rules file: one message naming the path in the file (`invalid rules[0].thresholds[1]: 120 (…)`). */
export class AlertsConfigError extends Error {
  override readonly name = 'AlertsConfigError';
}

/** A Slack incoming webhook; its URL is a secret read from the environment. */
export interface SlackChannel {
  name: string;
  type: 'slack';
  url: string;
}

/** A JSON webhook signed with HMAC-SHA256 (`X-Usage-Signature`). */
export interface WebhookChannel {
  name: string;
  type: 'webhook';
  url: string;
  secret: string;
}

/** Email through an SMTP server (nodemailer). */
export interface EmailChannel {
  name: string;
  type: 'email';
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
}

export type AlertChannel = SlackChannel | WebhookChannel | EmailChannel;

/** What every rule has. */
export interface RuleBase {
  name: string;
  /** Channel names (defined under `channels`). */
  notify: string[];
  /** Only these organizations (ids or names); null = all. */
  organizations: string[] | null;
  /** Only these projects (ids or names); null = all. */
  projects: string[] | null;
}

export interface BudgetRule extends RuleBase {
  type: 'budget';
  /** USD per calendar month; null = the spend limit, else the lowest spend alert (per project: project limits). */
  amount: number | null;
  /** Fractions of the budget, ascending. */
  thresholds: number[];
  /** One budget for the organization, or one per project. */
  per: 'organization' | 'project';
  /** Send "projected to exceed on <date>" while spend is below the budget. */
  forecast: boolean;
}

export interface AnomalyRule extends RuleBase {
  type: 'anomaly';
  /** Robust z-score a day must reach (see detectAnomalies). */
  threshold: number;
  /** And at least this many times its baseline. */
  minRatio: number;
}

export interface StaleRule extends RuleBase {
  type: 'stale';
  /** No successful sync for longer than this. @unit seconds */
  after: number;
  /** The newest stored cost day may be at most this old (the API's usual delay). @unit seconds */
  costDelay: number;
}

export interface NewSpenderRule extends RuleBase {
  type: 'new_spender';
  kinds: Array<'project' | 'api_key' | 'model'>;
}

export interface UnpricedModelRule extends RuleBase {
  type: 'unpriced_model';
}

export interface DigestRule extends RuleBase {
  type: 'digest';
  every: 'day' | 'week';
  /** Local time `HH:MM` in `timeZone`. */
  at: string;
  timeZone: string;
  /** 1 = Monday … 7 = Sunday, for weekly digests. */
  weekday: number;
}

export type AlertRule = BudgetRule | AnomalyRule | StaleRule | NewSpenderRule | UnpricedModelRule | DigestRule;
export type RuleType = AlertRule['type'];

export interface AlertsConfig {
  channels: Map<string, AlertChannel>;
  rules: AlertRule[];
}

/** Environment variables, as `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

export const RULE_TYPES: readonly RuleType[] = [
  'budget',
  'anomaly',
  'stale',
  'new_spender',
  'unpriced_model',
  'digest',
];
export const DEFAULT_THRESHOLDS: readonly number[] = [0.5, 0.8, 1.0];
/** Thresholds are fractions of the budget: above 0, up to 10 (1000%, a runaway month). */
export const MAX_THRESHOLD = 10;
/** Costs of a UTC day usually appear within a day: older than this (from the end of that day) is late. */
export const DEFAULT_COST_DELAY = 36 * 3600;

type Obj = Record<string, unknown>;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NEW_SPENDER_KINDS = ['project', 'api_key', 'model'] as const;

/** How a value is shown in an error: JSON, cut short (never a secret: values come from the file, not the env). */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function fail(path: string, value: unknown, why: string): never {
  throw new AlertsConfigError(`invalid ${path}: ${show(value)} (${why})`);
}

/** Rejects keys outside `allowed`, naming the key only (an unknown key may hold a pasted secret). */
function onlyKeys(path: string, o: Obj, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      throw new AlertsConfigError(`invalid ${path}.${k}: unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

function str(path: string, v: unknown, pattern?: RegExp, why = 'a string'): string {
  if (typeof v !== 'string' || v.trim() === '' || (pattern !== undefined && !pattern.test(v))) fail(path, v, why);
  return v;
}

function num(path: string, v: unknown, min: number, max: number, why: string, exclusiveMin = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > max || (exclusiveMin ? v <= min : v < min))
    fail(path, v, why);
  return v;
}

function bool(path: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(path, v, 'true or false');
  return v;
}

function strList(path: string, v: unknown, pattern?: RegExp, why?: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, v, 'a non-empty list');
  return v.map((x, i) => str(`${path}[${i}]`, x, pattern, why));
}

/** Channels as written, their secrets not read: for replays, which send nothing. */
const UNRESOLVED: unique symbol = Symbol('channel secrets not read');
type EnvOrUnresolved = Env | typeof UNRESOLVED;

/** Reads a secret from the environment variable named at `path`; the error names the variable, never a value. */
function fromEnv(path: string, v: unknown, env: EnvOrUnresolved): string {
  const name = str(path, v, ENV_NAME, 'an environment variable name');
  if (env === UNRESOLVED) return '';
  const value = env[name];
  if (value === undefined || value.trim() === '') fail(path, name, 'environment variable not set');
  return value.trim();
}

function httpUrl(path: string, envName: unknown, url: string): string {
  if (url === '') return url;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // The URL is secret: the error names the variable, not what it holds.
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    fail(path, envName, 'the variable does not hold an http(s) URL');
  return url;
}

function parseChannel(path: string, name: string, v: unknown, env: EnvOrUnresolved): AlertChannel {
  if (!isJsonObject(v)) fail(path, v, 'a mapping with a type');
  const type = v['type'];
  if (type === 'slack') {
    onlyKeys(path, v, ['type', 'url_env']);
    const url = httpUrl(`${path}.url_env`, v['url_env'], fromEnv(`${path}.url_env`, v['url_env'], env));
    return { name, type, url };
  }
  if (type === 'webhook') {
    onlyKeys(path, v, ['type', 'url_env', 'secret_env']);
    const url = httpUrl(`${path}.url_env`, v['url_env'], fromEnv(`${path}.url_env`, v['url_env'], env));
    return { name, type, url, secret: fromEnv(`${path}.secret_env`, v['secret_env'], env) };
  }
  if (type === 'email') {
    onlyKeys(path, v, ['type', 'host', 'port', 'secure', 'user_env', 'password_env', 'from', 'to']);
    const secure = v['secure'] === undefined ? false : bool(`${path}.secure`, v['secure']);
    const port =
      v['port'] === undefined
        ? secure
          ? 465
          : 587
        : num(`${path}.port`, v['port'], 1, 65_535, 'a TCP port, 1 to 65535');
    if (!Number.isInteger(port)) fail(`${path}.port`, port, 'a TCP port, 1 to 65535');
    const user = v['user_env'] === undefined ? null : fromEnv(`${path}.user_env`, v['user_env'], env);
    const password = v['password_env'] === undefined ? null : fromEnv(`${path}.password_env`, v['password_env'], env);
    if ((user === null) !== (password === null))
      fail(path, name, 'user_env and password_env go together (or neither, for a server without login)');
    const address = /^[^\s@<>]+@[^\s@<>]+$/;
    const to = Array.isArray(v['to'])
      ? strList(`${path}.to`, v['to'], address, 'an email address')
      : [str(`${path}.to`, v['to'], address, 'an email address or a list of them')];
    return {
      name,
      type,
      host: str(`${path}.host`, v['host'], /^[A-Za-z0-9.:[\]-]+$/, 'a host name'),
      port,
      secure,
      user,
      password,
      from: str(`${path}.from`, v['from'], address, 'an email address'),
      to,
    };
  }
  fail(`${path}.type`, type, 'slack, webhook or email');
}

const COMMON_KEYS = ['name', 'type', 'notify', 'organizations', 'projects'] as const;

function parseRule(path: string, v: unknown, channels: ReadonlyMap<string, AlertChannel>): AlertRule {
  if (!isJsonObject(v)) fail(path, v, 'a mapping with a name and a type');
  const type = v['type'];
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type))
    fail(`${path}.type`, type, RULE_TYPES.join(', '));
  const notify = strList(`${path}.notify`, v['notify']);
  notify.forEach((c, i) => {
    if (!channels.has(c))
      fail(
        `${path}.notify[${i}]`,
        c,
        `no channel of that name (defined: ${[...channels.keys()].join(', ') || 'none'})`,
      );
  });
  const base: RuleBase = {
    name: str(`${path}.name`, v['name']),
    notify,
    organizations: v['organizations'] === undefined ? null : strList(`${path}.organizations`, v['organizations']),
    projects: v['projects'] === undefined ? null : strList(`${path}.projects`, v['projects']),
  };
  const keys = (...extra: string[]): void => onlyKeys(path, v, [...COMMON_KEYS, ...extra]);
  switch (type as RuleType) {
    case 'budget': {
      keys('amount', 'thresholds', 'per', 'forecast');
      const amount =
        v['amount'] === undefined ? null : num(`${path}.amount`, v['amount'], 0, 1e9, 'a positive amount in USD', true);
      const raw = v['thresholds'] === undefined ? [...DEFAULT_THRESHOLDS] : v['thresholds'];
      if (!Array.isArray(raw) || raw.length === 0) fail(`${path}.thresholds`, raw, 'a non-empty list of fractions');
      const thresholds = raw.map((t, i) =>
        num(`${path}.thresholds[${i}]`, t, 0, MAX_THRESHOLD, `a fraction between 0 and ${MAX_THRESHOLD}`, true),
      );
      if (new Set(thresholds).size !== thresholds.length) fail(`${path}.thresholds`, raw, 'each fraction once');
      const per = v['per'] ?? 'organization';
      if (per !== 'organization' && per !== 'project') fail(`${path}.per`, per, 'organization or project');
      return {
        ...base,
        type: 'budget',
        amount,
        thresholds: thresholds.sort((a, b) => a - b),
        per,
        forecast: v['forecast'] === undefined ? true : bool(`${path}.forecast`, v['forecast']),
      };
    }
    case 'anomaly':
      keys('threshold', 'min_ratio');
      return {
        ...base,
        type: 'anomaly',
        threshold:
          v['threshold'] === undefined
            ? 5
            : num(`${path}.threshold`, v['threshold'], 0, 100, 'a robust z-score above 0, up to 100', true),
        minRatio:
          v['min_ratio'] === undefined
            ? 2
            : num(`${path}.min_ratio`, v['min_ratio'], 1, 1000, 'a ratio from 1 to 1000'),
      };
    case 'stale': {
      keys('after', 'cost_delay');
      const duration = (key: string, fallback: number): number => {
        const raw = v[key];
        if (raw === undefined) return fallback;
        if (typeof raw !== 'string') fail(`${path}.${key}`, raw, 'a duration like 6h');
        try {
          return parseDuration(`${path}.${key}`, raw);
        } catch (e) {
          throw new AlertsConfigError(e instanceof Error ? e.message : String(e));
        }
      };
      if (v['after'] === undefined) fail(`${path}.after`, 'missing', 'a duration like 6h');
      return {
        ...base,
        type: 'stale',
        after: duration('after', 0),
        costDelay: duration('cost_delay', DEFAULT_COST_DELAY),
      };
    }
    case 'new_spender': {
      keys('kinds');
      const kinds =
        v['kinds'] === undefined
          ? [...NEW_SPENDER_KINDS]
          : strList(`${path}.kinds`, v['kinds']).map((k, i) => {
              const kind = NEW_SPENDER_KINDS.find((x) => x === k);
              if (kind === undefined) fail(`${path}.kinds[${i}]`, k, NEW_SPENDER_KINDS.join(', '));
              return kind;
            });
      return { ...base, type: 'new_spender', kinds };
    }
    case 'unpriced_model':
      keys();
      return { ...base, type: 'unpriced_model' };
    case 'digest': {
      keys('every', 'at', 'time_zone', 'weekday');
      const every = v['every'] ?? 'day';
      if (every !== 'day' && every !== 'week') fail(`${path}.every`, every, 'day or week');
      const at =
        v['at'] === undefined ? '09:00' : str(`${path}.at`, v['at'], /^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
      const timeZone = v['time_zone'] === undefined ? 'UTC' : str(`${path}.time_zone`, v['time_zone']);
      try {
        checkTimeZone(timeZone);
      } catch {
        fail(`${path}.time_zone`, timeZone, 'an IANA time zone like Europe/Berlin');
      }
      const weekday =
        v['weekday'] === undefined ? 1 : num(`${path}.weekday`, v['weekday'], 1, 7, '1 (Monday) to 7 (Sunday)');
      if (!Number.isInteger(weekday)) fail(`${path}.weekday`, weekday, '1 (Monday) to 7 (Sunday)');
      return { ...base, type: 'digest', every, at, timeZone, weekday };
    }
  }
}

/**
 * Parses and checks a rules file (YAML) and resolves its channels' URLs and secrets from `env`. Everything is
 * checked before any request: the first problem throws one `AlertsConfigError` naming its path in the file.
 * @example parseAlertsFile(readFileSync('alerts.yaml', 'utf8'), process.env)
 */
export function parseAlertsFile(text: string, env: Env): AlertsConfig {
  return parseFile(text, env);
}

/**
 * The rules of a rules file, checked like `parseAlertsFile` but without reading the channels' secrets (their
 * variables need not be set): for replaying the rules over the history (`replayAlerts`), which sends nothing.
 * @example replayAlerts(parseAlertRules(readFileSync('alerts.yaml', 'utf8')), costs)
 */
export function parseAlertRules(text: string): AlertRule[] {
  return parseFile(text, UNRESOLVED).rules;
}

function parseFile(text: string, env: EnvOrUnresolved): AlertsConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) throw new AlertsConfigError(`invalid alerts file: ${first.message}`);
  const root: unknown = doc.toJS();
  if (!isJsonObject(root)) fail('alerts file', root, 'a mapping with channels and rules');
  onlyKeys('file', root, ['channels', 'rules']);
  const rawChannels = root['channels'];
  if (!isJsonObject(rawChannels) || Object.keys(rawChannels).length === 0)
    fail('channels', rawChannels ?? 'missing', 'a mapping of channel names to channels');
  const channels = new Map<string, AlertChannel>();
  for (const [name, v] of Object.entries(rawChannels)) {
    if (!NAME.test(name)) fail(`channels`, name, 'channel names are letters, digits, - and _');
    channels.set(name, parseChannel(`channels.${name}`, name, v, env));
  }
  const rawRules = root['rules'];
  if (!Array.isArray(rawRules) || rawRules.length === 0)
    fail('rules', rawRules ?? 'missing', 'a non-empty list of rules');
  const rules = rawRules.map((r, i) => parseRule(`rules[${i}]`, r, channels));
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.name)) fail(`rules[${i}].name`, r.name, 'each rule name once: events are keyed by it');
    seen.add(r.name);
  });
  return { channels, rules };
}

/** Every secret the channels hold (URLs, webhook secrets, SMTP passwords), for masking logs and errors. */
export function channelSecrets(config: Pick<AlertsConfig, 'channels'>): string[] {
  const out: string[] = [];
  for (const c of config.channels.values()) {
    if (c.type === 'slack') out.push(c.url);
    else if (c.type === 'webhook') out.push(c.url, c.secret);
    else if (c.password !== null) out.push(c.password);
  }
  return out;
}
