import {
  costTableRows,
  organizationsOf,
  rowsOfOrganization,
  usageTableRows,
  type CostTable,
  type DictColumn,
  type UsageTable,
} from '../frames/index';
import { organizationFields } from './organization-parts';
import { billingModel, parseLineItem, type LineItem } from './line-item';
import { utcDate } from '../shared/index';

/** The first day the Costs API accepts `group_by=api_key_id` (2025-12-06 00:00 UTC). */
export const API_KEY_COST_CUTOFF = 1_764_979_200;

/** How an allocation row was obtained. */
export type AllocationMethod = 'costs_api' | 'token_share' | 'unattributable';

/** One row of `allocation.csv`. */
export type AllocationRow = {
  /** The organization's ID and name: present for costs read from several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  date: string;
  project_id: string | null;
  api_key_id: string | null;
  user_id: string | null;
  cost_usd: number;
  method: AllocationMethod;
};

/** Options of {@link allocateCosts}. */
export interface AllocationOptions {
  /**
   * Unix seconds from which the costs table was grouped by `api_key_id`: there a null key means the cost belongs to
   * no key (unattributable); before it, keys are estimated from usage. @default {@link API_KEY_COST_CUTOFF}
   */
  keysFrom?: number;
}

const text = (col: DictColumn | undefined, i: number): string | null =>
  col === undefined ? null : (col.values[col.codes[i] ?? -1] ?? null);

/**
 * The usage metrics a line item's cost is shared by, in order of preference (the first with any usage wins; each
 * entry sums its metrics). `apart` names what the same day, project and model bills as line items of their own.
 */
function shareMetrics(item: LineItem, apart: { writes: boolean; audio: boolean }): string[][] {
  if (item.kind === 'input' && item.modality === 'audio') return [['input_audio_tokens']];
  switch (item.kind) {
    case 'input':
      return [[`billed_input${apart.writes ? '_no_writes' : ''}${apart.audio ? '_no_audio' : ''}`]];
    case 'cached input':
      return [['input_cached_tokens']];
    case 'cache writes':
      return [['input_cache_write_tokens']];
    case 'output':
      return item.modality === 'image' ? [['images'], ['output_image_tokens']] : [['output_tokens']];
    case 'images':
      return [['images']];
    case 'characters':
      return [['characters']];
    case 'transcription':
    case 'audio':
      return [['seconds']];
    default:
      return [];
  }
}

interface UsageCell {
  apiKeyId: string | null;
  userId: string | null;
  /** The key and user as small numbers (null and '' alike, as the rows' keys join them). */
  keyNumber: number;
  userNumber: number;
  /** 'batch', 'priority', 'flex' or 'default' (also when the usage was not grouped by batch / service_tier). */
  tier: string;
  /** The tier's bit among a day, project and model's billed tiers. */
  tierBit: number;
  size: string | null;
  /** The usage table's metric columns plus the derived `billed_input…` ones, and the cell's row in them. */
  metrics: Readonly<Record<string, Float64Array | undefined>>;
  row: number;
}

/** What a day, project and model is billed under, as bits: its tiers, and cache writes or audio input apart. */
const TIER_BITS: Readonly<Record<string, number>> = { default: 1, priority: 2, flex: 4, batch: 8 };
const CACHE_WRITES_APART = 16;
const AUDIO_INPUT_APART = 32;
const METHODS: readonly AllocationMethod[] = ['costs_api', 'token_share', 'unattributable'];

/** A usage row's value of a metric (0 for a metric its table does not have). */
const metricOf = (c: UsageCell, m: string): number => c.metrics[m]?.[c.row] ?? 0;

/**
 * A table's metrics plus what "<model>, input" bills, per row: uncached + cache-write tokens (embeddings report
 * input_tokens only), and that without cache writes and/or audio where those are billed apart.
 */
function withBilledInput(table: UsageTable): Record<string, Float64Array | undefined> {
  const m = (name: string): Float64Array | undefined => table.metrics[name];
  const out: Record<string, Float64Array | undefined> = { ...table.metrics };
  const n = table.length;
  const all = new Float64Array(n);
  const noWrites = new Float64Array(n);
  const noAudio = new Float64Array(n);
  const neither = new Float64Array(n);
  const uncached = m('input_uncached_tokens');
  for (let i = 0; i < n; i++) {
    const billed =
      uncached === undefined
        ? (m('input_tokens')?.[i] ?? 0) - (m('input_cached_tokens')?.[i] ?? 0)
        : (uncached[i] ?? 0) + (m('input_cache_write_tokens')?.[i] ?? 0);
    const writes = m('input_cache_write_tokens')?.[i] ?? 0;
    const audio = m('input_audio_tokens')?.[i] ?? 0;
    all[i] = billed;
    noWrites[i] = billed - writes;
    noAudio[i] = billed - audio;
    neither[i] = billed - writes - audio;
  }
  out['billed_input_tokens'] = all;
  out['billed_input'] = all;
  out['billed_input_no_writes'] = noWrites;
  out['billed_input_no_audio'] = noAudio;
  out['billed_input_no_writes_no_audio'] = neither;
  return out;
}

/** Small integer IDs for strings (null and '' alike, as the keys these replace joined them). */
function interner(): { id: (text: string | null) => number; readonly size: number } {
  const ids = new Map<string, number>();
  return {
    id: (text) => {
      const t = text ?? '';
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      return id;
    },
    get size() {
      return ids.size;
    },
  };
}

/**
 * One key per tuple of small numbers (each below its size): the tuple's rank, a number while every rank fits a
 * double's integers (always, but for organizations of millions of users), else text. Map lookups by number are
 * what make a year of rows fast; text keys of the IDs themselves cost seconds.
 */
function tupleKey(sizes: readonly number[]): (parts: readonly number[]) => number | string {
  const exact = sizes.reduce((a, n) => a * Math.max(n, 1), 1) <= Number.MAX_SAFE_INTEGER;
  return exact
    ? (parts) => parts.reduce((a, p, i) => a * Math.max(sizes[i] ?? 1, 1) + p, 0)
    : (parts) => parts.join(':');
}

/**
 * Who spent it: each costs row (grouped by `project_id` and `line_item`, and by `api_key_id` where the API allows)
 * goes to API keys and users. With a key from the Costs API, the key is exact ('costs_api') and its users get the
 * key's share of the matching tokens; before the key grouping exists, keys and users get their share of the
 * project's tokens of that model, tier and kind on that day ('token_share': input by uncached tokens (with cache
 * writes and audio unless billed apart), audio input by audio tokens, cached input by cached tokens, output by output
 * tokens, images by images, …). What cannot be attributed (no model, no usage) is its own row. Rows of a day add up
 * to that day's billed total. Evals and long-context line items are shared like the plain ones (usage rows do not
 * tell evals or request sizes apart). Read from several organizations: each organization's costs are allocated
 * alone, over its own usage (keys, users and projects of the same ID in two organizations stay apart), and rows come
 * organization by organization (by ID), each with `organization_id` and `organization` first.
 * @param usage completions (and embeddings, images, audio) usage in 1d buckets grouped by project_id, api_key_id,
 * user_id and model (and batch).
 * @example allocateCosts(costs, [completions, embeddings]) // [{ date, project_id, api_key_id, user_id, cost_usd, method }, …]
 */
export function allocateCosts(
  costs: CostTable,
  usage: readonly UsageTable[],
  options: AllocationOptions = {},
): AllocationRow[] {
  const organizations = organizationsOf([costs, ...usage]);
  if (organizations.length === 0) return allocateOne(costs, usage, options);
  return organizations
    .sort((a, b) => (a.organization_id < b.organization_id ? -1 : a.organization_id > b.organization_id ? 1 : 0))
    .flatMap((tag) => {
      const id = tag.organization_id;
      const own = allocateOne(
        costTableRows(costs, rowsOfOrganization(costs, id), true),
        usage.map((t) => usageTableRows(t, rowsOfOrganization(t, id), true)),
        options,
      );
      const fields = organizationFields(tag);
      return own.map((r) => ({ ...fields, ...r }));
    });
}

/** allocateCosts of one organization's costs and usage. */
function allocateOne(costs: CostTable, usage: readonly UsageTable[], options: AllocationOptions): AllocationRow[] {
  const keysFrom = options.keysFrom ?? API_KEY_COST_CUTOFF;
  // Every ID, model and day as a small number first (from the dictionaries, not the rows), so keys are numbers.
  const projects = interner();
  const models = interner();
  const keys = interner();
  const users = interner();
  const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
  const itemModels = parsed.map((item) => (item?.model == null ? -1 : models.id(item.model)));
  const costProjects = costs.projectId.values.map((v) => projects.id(v));
  const costKeys = costs.apiKeyId.values.map((v) => keys.id(v));
  const tables = usage.map((table) => {
    const model = table.dimensions['model'];
    const project = table.dimensions['project_id'];
    return {
      table,
      // Per dictionary code, not per row: the billing model, the project, key and user numbers.
      models: model?.values.map((v) => (v === null ? -1 : models.id(billingModel(v)))) ?? [],
      projects: project?.values.map((v) => projects.id(v)) ?? [],
      keys: table.dimensions['api_key_id']?.values.map((v) => keys.id(v)) ?? [],
      users: table.dimensions['user_id']?.values.map((v) => users.id(v)) ?? [],
    };
  });
  const noProject = projects.id(null);
  const noKey = keys.id(null);
  const noUser = users.id(null);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const times of [costs.startTime, ...usage.map((t) => t.startTime)])
    for (const t of times) {
      const day = Math.floor(t / 86_400);
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
    }
  const days = lastDay - firstDay + 1;
  const dayOf = (start: number): number => Math.floor(start / 86_400) - firstDay;
  // Every value is numbered by now: the sizes are final.
  const cellKey = tupleKey([days, projects.size, models.size]);
  const rowKey = tupleKey([days, projects.size, keys.size, users.size, METHODS.length]);
  // Usage per (day, project, billing model), and within it per API key (a keyed cost row needs its key's only).
  const cells = new Map<number | string, { all: UsageCell[]; byKey: Map<string | null, UsageCell[]> }>();
  for (const { table, ...codes } of tables) {
    const metrics = withBilledInput(table);
    const modelCol = table.dimensions['model'];
    const projectCol = table.dimensions['project_id'];
    const keyCol = table.dimensions['api_key_id'];
    const userCol = table.dimensions['user_id'];
    for (let i = 0; i < table.length; i++) {
      const model = modelCol === undefined ? -1 : (codes.models[modelCol.codes[i] ?? -1] ?? -1);
      if (model < 0) continue;
      const project = projectCol === undefined ? noProject : (codes.projects[projectCol.codes[i] ?? -1] ?? noProject);
      const k = cellKey([dayOf(table.startTime[i] ?? 0), project, model]);
      let group = cells.get(k);
      if (group === undefined) {
        group = { all: [], byKey: new Map() };
        cells.set(k, group);
      }
      const serviceTier = text(table.dimensions['service_tier'], i);
      const tier =
        text(table.dimensions['batch'], i) === 'true' || serviceTier === 'batch'
          ? 'batch'
          : serviceTier === 'priority' || serviceTier === 'flex'
            ? serviceTier
            : 'default';
      const cell: UsageCell = {
        apiKeyId: text(keyCol, i),
        userId: text(userCol, i),
        keyNumber: keyCol === undefined ? noKey : (codes.keys[keyCol.codes[i] ?? -1] ?? noKey),
        userNumber: userCol === undefined ? noUser : (codes.users[userCol.codes[i] ?? -1] ?? noUser),
        tier,
        tierBit: TIER_BITS[tier] ?? 0,
        size: text(table.dimensions['size'], i),
        metrics,
        row: i,
      };
      group.all.push(cell);
      const ofKey = group.byKey.get(cell.apiKeyId);
      if (ofKey === undefined) group.byKey.set(cell.apiKeyId, [cell]);
      else ofKey.push(cell);
    }
  }
  // The usage cell of each costs row with a model (undefined: tools, storage).
  const cellKeys = Array.from({ length: costs.length }, (_, i) => {
    const model = itemModels[costs.lineItem.codes[i] ?? -1] ?? -1;
    return model < 0
      ? undefined
      : cellKey([dayOf(costs.startTime[i] ?? 0), costProjects[costs.projectId.codes[i] ?? -1] ?? noProject, model]);
  });
  // Which tiers and kinds a day, project and model is billed under: a "priority | …" line item means the plain one
  // excludes priority usage, a "…, cache writes" one means "…, input" excludes cache writes.
  const billedAs = new Map<number | string, number>();
  for (let i = 0; i < costs.length; i++) {
    const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
    const k = cellKeys[i];
    if (item?.model == null || k === undefined) continue;
    let bits = (billedAs.get(k) ?? 0) | (TIER_BITS[item.tier] ?? 0);
    if (item.kind === 'cache writes') bits |= CACHE_WRITES_APART;
    if (item.kind === 'input' && item.modality === 'audio') bits |= AUDIO_INPUT_APART;
    billedAs.set(k, bits);
  }
  // One row per date, project, key, user and method.
  const out = new Map<number | string, AllocationRow>();
  const add = (
    at: readonly [number, number],
    date: string,
    project: string | null,
    apiKey: string | null,
    keyNumber: number,
    user: string | null,
    userNumber: number,
    cost: number,
    method: AllocationMethod,
  ): void => {
    const k = rowKey([at[0], at[1], keyNumber, userNumber, METHODS.indexOf(method)]);
    const prev = out.get(k);
    if (prev === undefined)
      out.set(k, { date, project_id: project, api_key_id: apiKey, user_id: user, cost_usd: cost, method });
    else prev.cost_usd += cost;
  };
  const byRequests = (c: UsageCell): number => metricOf(c, 'num_model_requests');
  for (let i = 0; i < costs.length; i++) {
    const start = costs.startTime[i] ?? 0;
    const date = utcDate(start);
    const amount = costs.amount[i] ?? 0;
    const project = text(costs.projectId, i);
    const key = text(costs.apiKeyId, i);
    const keyNumber = costKeys[costs.apiKeyId.codes[i] ?? -1] ?? noKey;
    const at = [dayOf(start), costProjects[costs.projectId.codes[i] ?? -1] ?? noProject] as const;
    const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
    const k = cellKeys[i];
    const group = k === undefined ? undefined : cells.get(k);
    const ofKey = group === undefined ? [] : key === null ? group.all : (group.byKey.get(key) ?? []);
    const size = item?.size ?? null;
    const ofModel = size === null ? ofKey : ofKey.filter((c) => c.size === null || c.size === size);
    // The usage of the line item's tier: its own tier, or (plain line items) every tier not billed separately.
    const billed = (k === undefined ? undefined : billedAs.get(k)) ?? 0;
    const ofTier = ofModel.filter((c) =>
      item?.tier === 'default' ? c.tier === 'default' || (billed & c.tierBit) === 0 : c.tier === item?.tier,
    );
    // Usage not grouped by tier cannot be told apart: then the model's usage as a whole.
    const candidates = ofTier.length > 0 ? ofTier : ofModel;
    const alternatives =
      item === null
        ? []
        : shareMetrics(item, {
            writes: (billed & CACHE_WRITES_APART) !== 0,
            audio: (billed & AUDIO_INPUT_APART) !== 0,
          });
    // The first metric with usage among the candidates, else requests (a kind without a matching metric).
    let w = byRequests;
    for (const metrics of alternatives) {
      const weight = (c: UsageCell): number => metrics.reduce((a, m) => a + metricOf(c, m), 0);
      if (candidates.some((c) => weight(c) > 0)) {
        w = weight;
        break;
      }
    }
    const total = candidates.reduce((a, c) => a + w(c), 0);
    if (key !== null) {
      if (total === 0) add(at, date, project, key, keyNumber, null, noUser, amount, 'costs_api');
      else
        for (const c of candidates)
          add(at, date, project, key, keyNumber, c.userId, c.userNumber, (amount * w(c)) / total, 'costs_api');
    } else if (start >= keysFrom || total === 0) {
      add(at, date, project, null, noKey, null, noUser, amount, 'unattributable');
    } else {
      for (const c of candidates)
        add(at, date, project, c.apiKeyId, c.keyNumber, c.userId, c.userNumber, (amount * w(c)) / total, 'token_share');
    }
  }
  const order = (r: AllocationRow): string =>
    [r.date, r.method, r.project_id ?? '', r.api_key_id ?? '', r.user_id ?? ''].join('\u0000');
  // Each row's sort key built once (a year has ~10^5 rows: keys built in the comparator cost seconds).
  return [...out.values()]
    .filter((r) => r.cost_usd !== 0 || r.method === 'unattributable')
    .map((r) => ({ r, k: order(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : 1))
    .map(({ r }) => r);
}
