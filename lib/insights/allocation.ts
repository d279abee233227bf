import {
  costTableRows,
  organizationsOf,
  rowsOfOrganization,
  usageTableRows,
  type CostTable,
  type UsageTable,
} from '../frames/index';
import { NO_SIZE, TIER_BITS, usageCells, type NumberedUsage, type UsageCells } from './allocation-usage';
import { KEY_NULL, METHOD_COUNT, PROJECT_NULL, RowSums, USER_NULL } from './allocation-rows';
import { tupleKey } from './tuple-key';
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

/** What a day, project and model is billed under besides its tiers' bits: cache writes or audio input apart. */
const CACHE_WRITES_APART = 16;
const AUDIO_INPUT_APART = 32;
/** The methods in their sort order, and each one's index. */
const METHODS: readonly AllocationMethod[] = ['costs_api', 'token_share', 'unattributable'];
const COSTS_API = 0;
const TOKEN_SHARE = 1;
const UNATTRIBUTABLE = 2;

/** Small integer IDs for strings (null and '' alike, as the keys these replace joined them). */
function interner(): { id: (text: string | null) => number; readonly size: number; texts: () => string[] } {
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
    /** Each ID's text ('' for null), by ID. */
    texts: () => [...ids.keys()],
  };
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
  if (costs.length === 0) return [];
  // Every ID, model and day as a small number first (from the dictionaries, not the rows), so keys are numbers.
  const projects = interner();
  const models = interner();
  const keys = interner();
  const users = interner();
  const items = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
  const itemModels = items.map((item) => (item?.model == null ? -1 : models.id(item.model)));
  const costProjects = Int32Array.from(costs.projectId.values, (v) => projects.id(v));
  const costKeys = Int32Array.from(costs.apiKeyId.values, (v) => keys.id(v));
  const tables: NumberedUsage[] = usage.map((table) => ({
    table,
    models: table.dimensions['model']?.values.map((v) => (v === null ? -1 : models.id(billingModel(v)))) ?? [],
    projects: table.dimensions['project_id']?.values.map((v) => projects.id(v)) ?? [],
    keys: table.dimensions['api_key_id']?.values.map((v) => keys.id(v)) ?? [],
    users: table.dimensions['user_id']?.values.map((v) => users.id(v)) ?? [],
  }));
  const none = { project: projects.id(null), key: keys.id(null), user: users.id(null) };
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const times of [costs.startTime, ...usage.map((t) => t.startTime)])
    for (let i = 0; i < times.length; i++) {
      const day = Math.floor((times[i] ?? 0) / 86_400);
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
    }
  const days = lastDay - firstDay + 1;
  // Every value is numbered by now: the sizes are final.
  const cells = usageCells(tables, { days, projects: projects.size, models: models.size }, firstDay, none);
  // What each line item bills, as bits: its tier, and cache writes or audio input apart (its kind, when it is one).
  const itemBits = items.map((item) => {
    if (item === null) return 0;
    let bits = TIER_BITS[item.tier] ?? 0;
    if (item.kind === 'cache writes') bits |= CACHE_WRITES_APART;
    if (item.kind === 'input' && item.modality === 'audio') bits |= AUDIO_INPUT_APART;
    return bits;
  });
  // The usage cell of each costs row with a model (-1: none, as tools and storage, or no usage), and which tiers and
  // kinds a cell is billed under: a "priority | …" line item means the plain one excludes priority usage, a "…, cache
  // writes" one means "…, input" excludes cache writes.
  const costCells = new Int32Array(costs.length);
  const billedAs = new Uint8Array(cells.day.length);
  for (let i = 0; i < costs.length; i++) {
    const code = costs.lineItem.codes[i] ?? -1;
    const model = itemModels[code] ?? -1;
    const project = costProjects[costs.projectId.codes[i] ?? -1] ?? none.project;
    const c = model < 0 ? -1 : cells.cellOf(Math.floor((costs.startTime[i] ?? 0) / 86_400) - firstDay, project, model);
    costCells[i] = c;
    if (c >= 0) billedAs[c] = (billedAs[c] ?? 0) | (itemBits[code] ?? 0);
  }
  const sums = new RowSums(tupleKey([days, projects.size, keys.size, users.size]), cells.keyNumber.length);
  shareCosts({
    costs,
    keysFrom: options.keysFrom ?? API_KEY_COST_CUTOFF,
    firstDay,
    items,
    costCells,
    costProjects,
    costKeys,
    billedAs,
    cells,
    sums,
    none,
  });
  // Each day's date (of the days with rows; '' for the others).
  const dates = Array.from({ length: days }, () => '');
  for (const d of sums.days()) dates[d] = utcDate((firstDay + d) * 86_400);
  const [projectTexts = [], keyTexts = [], userTexts = []] = [projects, keys, users].map((ids) => ids.texts());
  const { day, project, key, user, cost, nulls } = sums.columns();
  const row = (r: number): AllocationRow => {
    const s = Math.floor(r / METHOD_COUNT);
    const bits = nulls[r] ?? 0;
    return {
      date: dates[day[s] ?? 0] ?? '',
      project_id: (bits & PROJECT_NULL) !== 0 ? null : (projectTexts[project[s] ?? 0] ?? null),
      api_key_id: (bits & KEY_NULL) !== 0 ? null : (keyTexts[key[s] ?? 0] ?? null),
      user_id: (bits & USER_NULL) !== 0 ? null : (userTexts[user[s] ?? 0] ?? null),
      cost_usd: cost[r] ?? 0,
      method: METHODS[r % METHOD_COUNT] ?? 'unattributable',
    };
  };
  // In order of date, method, project, key and user (null as ''), as their texts joined by NULs sort: by each one's
  // rank among its values (no text per row). An ID holding a NUL itself: by those texts, from the rows in the order
  // first added, as ever (texts two rows share keep that order's outcome).
  const texts = [projectTexts, keyTexts, userTexts];
  if (texts.some((ids) => ids.some((t) => t.includes('\u0000')))) {
    const order = (r: AllocationRow): string =>
      [r.date, r.method, r.project_id ?? '', r.api_key_id ?? '', r.user_id ?? ''].join('\u0000');
    return sums
      .inAddedOrder(UNATTRIBUTABLE)
      .map((r) => {
        const out = row(r);
        return { r: out, k: order(out) };
      })
      .sort((a, b) => (a.k < b.k ? -1 : 1))
      .map(({ r }) => r);
  }
  const ranks = {
    day: ranksOf(dates),
    project: ranksOf(projectTexts),
    key: ranksOf(keyTexts),
    user: ranksOf(userTexts),
  };
  const sorted = sums.sorted(ranks, UNATTRIBUTABLE);
  const rows: AllocationRow[] = [];
  for (let j = 0; j < sorted.length; j++) rows.push(row(sorted[j] ?? 0));
  return rows;
}

/** What {@link shareCosts} reads: the costs, their line items and usage cells, the usage, and the sums to add to. */
interface Sharing {
  costs: CostTable;
  keysFrom: number;
  /** The day numbers' day 0 (days since 1970). */
  firstDay: number;
  /** Per line item code. */
  items: readonly (LineItem | null)[];
  /** Per costs row. */
  costCells: Int32Array;
  /** Per project and key code. */
  costProjects: Int32Array;
  costKeys: Int32Array;
  /** Per cell. */
  billedAs: Uint8Array;
  cells: UsageCells;
  sums: RowSums;
  none: { project: number; key: number; user: number };
}

/** Adds each costs row's cost to the rows of its keys and users (see {@link allocateCosts}). */
function shareCosts(s: Sharing): void {
  const { costs, keysFrom, firstDay, items, costCells, costProjects, costKeys, billedAs, cells, sums, none } = s;
  const { first, keyNumber: usageKeys, userNumber: usageUsers, nulls: usageNulls, tierBit, size, requests } = cells;
  const defaultTier = TIER_BITS['default'] ?? 0;
  // Per line item code: its tier's bit (0: none), whether it is a plain (default tier) one, its size as the usage rows
  // number sizes; per project and key code, whether it is null.
  const itemTiers = Uint8Array.from(items, (item) => (item === null ? 0 : (TIER_BITS[item.tier] ?? 0)));
  const itemPlain = Uint8Array.from(items, (item) => (item?.tier === 'default' ? 1 : 0));
  const itemSizes = Int32Array.from(items, (item) => cells.sizeNumber(item?.size ?? null));
  const projectNulls = Uint8Array.from(costs.projectId.values, (v) => (v === null ? PROJECT_NULL : 0));
  const keyed = Uint8Array.from(costs.apiKeyId.values, (v) => (v === null ? 0 : 1));
  // The weight column of each share metric list (its metrics summed from 0), and each line item's lists per what its
  // cell bills apart; built when first needed.
  const weightColumns = new Map<string, Float64Array>();
  const weightsOf = ([metric = '', ...more]: readonly string[]): Float64Array => {
    if (more.length === 0) return cells.weight(metric);
    const name = [metric, ...more].join('\u0000');
    let column = weightColumns.get(name);
    if (column === undefined) {
      column = cells.weight(metric).slice();
      for (const m of more) {
        const values = cells.weight(m);
        for (let e = 0; e < column.length; e++) column[e] = (column[e] ?? 0) + (values[e] ?? 0);
      }
      weightColumns.set(name, column);
    }
    return column;
  };
  // Per line item code and what its cell bills apart (4 cases).
  const itemShares: (Float64Array[] | undefined)[] = [];
  const sharesOf = (code: number, item: LineItem, billed: number): Float64Array[] => {
    const writes = (billed & CACHE_WRITES_APART) !== 0;
    const audio = (billed & AUDIO_INPUT_APART) !== 0;
    const at = code * 4 + (writes ? 2 : 0) + (audio ? 1 : 0);
    return (itemShares[at] ??= shareMetrics(item, { writes, audio }).map(weightsOf));
  };
  // Each usage row's slot (its cell's day and project, its key and user), found when first needed.
  const usageSlots = new Int32Array(tierBit.length).fill(-1);
  // A costs row's usage rows, as indices: those of its key and size, and among them those of its tier.
  const ofModel = new Int32Array(cells.largest);
  const ofTier = new Int32Array(cells.largest);
  // The columns in locals: the loop runs 10^5 times, a first call mostly unoptimized.
  const { startTime, amount: amounts } = costs;
  const { codes: projectCodes } = costs.projectId;
  const { codes: keyCodes } = costs.apiKeyId;
  const { codes: itemCodes } = costs.lineItem;
  for (let i = 0; i < costs.length; i++) {
    const start = startTime[i] ?? 0;
    const amount = amounts[i] ?? 0;
    const projectCode = projectCodes[i] ?? -1;
    const projectNull = projectNulls[projectCode] ?? PROJECT_NULL;
    const keyCode = keyCodes[i] ?? -1;
    const isKeyed = keyed[keyCode] === 1;
    const key = costKeys[keyCode] ?? none.key;
    const code = itemCodes[i] ?? -1;
    const item = items[code] ?? null;
    const c = costCells[i] ?? -1;
    const billed = c < 0 ? 0 : (billedAs[c] ?? 0);
    // With a key, its usage only (a null key is not ''); with a size, usage of it or of no size.
    const wantSize = itemSizes[code] ?? NO_SIZE;
    let inModel = 0;
    if (c >= 0)
      for (let e = first[c] ?? 0, end = first[c + 1] ?? 0; e < end; e++) {
        if (isKeyed && (usageKeys[e] !== key || ((usageNulls[e] ?? 0) & KEY_NULL) !== 0)) continue;
        const rowSize = size[e] ?? NO_SIZE;
        if (wantSize !== NO_SIZE && rowSize !== NO_SIZE && rowSize !== wantSize) continue;
        ofModel[inModel++] = e;
      }
    // The usage of the line item's tier: its own tier, or (plain line items) every tier not billed separately.
    const wantTier = itemTiers[code] ?? 0;
    const plain = itemPlain[code] === 1;
    let inTier = 0;
    for (let j = 0; j < inModel; j++) {
      const e = ofModel[j] ?? 0;
      const t = tierBit[e] ?? 0;
      if (plain ? t === defaultTier || (billed & t) === 0 : t === wantTier) ofTier[inTier++] = e;
    }
    // Usage not grouped by tier cannot be told apart: then the model's usage as a whole.
    const candidates = inTier > 0 ? ofTier : ofModel;
    const n = inTier > 0 ? inTier : inModel;
    // The first metric with usage among the candidates, else requests (a kind without a matching metric).
    const w =
      (item === null || n === 0 ? undefined : firstUsed(sharesOf(code, item, billed), candidates, n)) ?? requests;
    let total = 0;
    for (let j = 0; j < n; j++) total += w[candidates[j] ?? 0] ?? 0;
    const day = Math.floor(start / 86_400) - firstDay;
    const project = costProjects[projectCode] ?? none.project;
    if (isKeyed ? total === 0 : start >= keysFrom || total === 0) {
      const nulls = projectNull | USER_NULL | (isKeyed ? 0 : KEY_NULL);
      const slot = sums.slot(day, project, isKeyed ? key : none.key, none.user);
      sums.add(slot, isKeyed ? COSTS_API : UNATTRIBUTABLE, amount, nulls);
      continue;
    }
    // Shares by the candidates' weights; a keyed row's candidates are of its key, so each has the row's key.
    const method = isKeyed ? COSTS_API : TOKEN_SHARE;
    for (let j = 0; j < n; j++) {
      const e = candidates[j] ?? 0;
      let slot = usageSlots[e] ?? -1;
      if (slot < 0) usageSlots[e] = slot = sums.slot(day, project, usageKeys[e] ?? 0, usageUsers[e] ?? 0);
      sums.add(slot, method, (amount * (w[e] ?? 0)) / total, projectNull | (usageNulls[e] ?? 0));
    }
  }
}

/** The first of `columns` with a weight above 0 among the first `n` candidates' (undefined: none). */
function firstUsed(columns: readonly Float64Array[], candidates: Int32Array, n: number): Float64Array | undefined {
  // Indexed, not for…of: called per costs row, and for…of allocates a step result until compiled.
  for (let a = 0; a < columns.length; a++) {
    const column = columns[a];
    if (column !== undefined) for (let j = 0; j < n; j++) if ((column[candidates[j] ?? 0] ?? 0) > 0) return column;
  }
  return undefined;
}

/** Each text's rank among them (compared as strings are, by UTF-16 code units). */
function ranksOf(texts: readonly string[]): Int32Array {
  const order = Array.from(texts, (_, i) => i).sort((a, b) => {
    const x = texts[a] ?? '';
    const y = texts[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const out = new Int32Array(texts.length);
  for (const [rank, i] of order.entries()) out[i] = rank;
  return out;
}
