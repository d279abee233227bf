// The allocation as first written (string keys per row, a metrics object per usage row): the oracle the faster
// `allocateCosts` must match to the last digit and row (test/insights/allocation.test.ts).
import type { CostTable, DictColumn, UsageTable } from '../../lib/frames/index';
import { API_KEY_COST_CUTOFF, type AllocationOptions, type AllocationRow } from '../../lib/insights/allocation';
import { billingModel, parseLineItem, type LineItem } from '../../lib/insights/line-item';
import { utcDate as utcDay } from '../../lib/shared/index';

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
  /** 'batch', 'priority', 'flex' or 'default' (also when the usage was not grouped by batch / service_tier). */
  tier: string;
  size: string | null;
  metrics: Record<string, number>;
}

export function referenceAllocation(
  costs: CostTable,
  usage: readonly UsageTable[],
  options: AllocationOptions = {},
): AllocationRow[] {
  const keysFrom = options.keysFrom ?? API_KEY_COST_CUTOFF;
  // Usage per (day, project, billing model), and within it per API key (a keyed cost row needs its key's only).
  const cells = new Map<string, { all: UsageCell[]; byKey: Map<string | null, UsageCell[]> }>();
  for (const table of usage) {
    const names = Object.keys(table.metrics);
    for (let i = 0; i < table.length; i++) {
      const model = text(table.dimensions['model'], i);
      if (model === null) continue;
      const k = `${utcDay(table.startTime[i] ?? 0)}\u0000${text(table.dimensions['project_id'], i) ?? ''}\u0000${billingModel(model)}`;
      const metrics: Record<string, number> = {};
      for (const n of names) metrics[n] = table.metrics[n]?.[i] ?? 0;
      // What "<model>, input" bills: uncached + cache-write tokens (embeddings report input_tokens only).
      metrics['billed_input_tokens'] =
        table.metrics['input_uncached_tokens'] === undefined
          ? (metrics['input_tokens'] ?? 0) - (metrics['input_cached_tokens'] ?? 0)
          : (metrics['input_uncached_tokens'] ?? 0) + (metrics['input_cache_write_tokens'] ?? 0);
      const writes = metrics['input_cache_write_tokens'] ?? 0;
      const audio = metrics['input_audio_tokens'] ?? 0;
      const all = metrics['billed_input_tokens'] ?? 0;
      metrics['billed_input'] = all;
      metrics['billed_input_no_writes'] = all - writes;
      metrics['billed_input_no_audio'] = all - audio;
      metrics['billed_input_no_writes_no_audio'] = all - writes - audio;
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
        apiKeyId: text(table.dimensions['api_key_id'], i),
        userId: text(table.dimensions['user_id'], i),
        tier,
        size: text(table.dimensions['size'], i),
        metrics,
      };
      group.all.push(cell);
      const ofKey = group.byKey.get(cell.apiKeyId);
      if (ofKey === undefined) group.byKey.set(cell.apiKeyId, [cell]);
      else ofKey.push(cell);
    }
  }
  const out = new Map<string, AllocationRow>();
  const add = (row: AllocationRow): void => {
    const k = [row.date, row.project_id, row.api_key_id, row.user_id, row.method].join('\u0000');
    const prev = out.get(k);
    if (prev === undefined) out.set(k, { ...row });
    else prev.cost_usd += row.cost_usd;
  };
  const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
  // Which tiers and kinds a day, project and model is billed under: a "priority | …" line item means the plain one
  // excludes priority usage, a "…, cache writes" one means "…, input" excludes cache writes.
  const billedAs = new Map<string, Set<string>>();
  for (let i = 0; i < costs.length; i++) {
    const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
    if (item?.model == null) continue;
    const k = `${utcDay(costs.startTime[i] ?? 0)}\u0000${text(costs.projectId, i) ?? ''}\u0000${item.model}`;
    let as = billedAs.get(k);
    if (as === undefined) billedAs.set(k, (as = new Set()));
    as.add(`tier:${item.tier}`);
    if (item.kind === 'cache writes') as.add('cache writes');
    if (item.kind === 'input' && item.modality === 'audio') as.add('audio input');
  }
  const none = new Set<string>();
  for (let i = 0; i < costs.length; i++) {
    const start = costs.startTime[i] ?? 0;
    const date = utcDay(start);
    const amount = costs.amount[i] ?? 0;
    const project = text(costs.projectId, i);
    const key = text(costs.apiKeyId, i);
    const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
    const cellKey = `${date}\u0000${project ?? ''}\u0000${item?.model ?? ''}`;
    const group = item?.model == null ? undefined : cells.get(cellKey);
    const ofKey = group === undefined ? [] : key === null ? group.all : (group.byKey.get(key) ?? []);
    const size = item?.size ?? null;
    const ofModel = size === null ? ofKey : ofKey.filter((c) => c.size === null || c.size === size);
    // The usage of the line item's tier: its own tier, or (plain line items) every tier not billed separately.
    const billed = billedAs.get(cellKey) ?? none;
    const ofTier = ofModel.filter((c) =>
      item?.tier === 'default' ? c.tier === 'default' || !billed.has(`tier:${c.tier}`) : c.tier === item?.tier,
    );
    // Usage not grouped by tier cannot be told apart: then the model's usage as a whole.
    const candidates = ofTier.length > 0 ? ofTier : ofModel;
    const alternatives =
      item === null
        ? []
        : shareMetrics(item, {
            writes: billed.has('cache writes'),
            audio: billed.has('audio input'),
          });
    // The first metric with usage among the candidates, else requests (a kind without a matching metric).
    let w = (c: UsageCell): number => c.metrics['num_model_requests'] ?? 0;
    for (const metrics of alternatives) {
      const weight = (c: UsageCell): number => metrics.reduce((a, m) => a + (c.metrics[m] ?? 0), 0);
      if (candidates.some((c) => weight(c) > 0)) {
        w = weight;
        break;
      }
    }
    const total = candidates.reduce((a, c) => a + w(c), 0);
    if (key !== null) {
      if (total === 0)
        add({ date, project_id: project, api_key_id: key, user_id: null, cost_usd: amount, method: 'costs_api' });
      else
        for (const c of candidates)
          add({
            date,
            project_id: project,
            api_key_id: key,
            user_id: c.userId,
            cost_usd: (amount * w(c)) / total,
            method: 'costs_api',
          });
    } else if (start >= keysFrom || total === 0) {
      add({ date, project_id: project, api_key_id: null, user_id: null, cost_usd: amount, method: 'unattributable' });
    } else {
      for (const c of candidates)
        add({
          date,
          project_id: project,
          api_key_id: c.apiKeyId,
          user_id: c.userId,
          cost_usd: (amount * w(c)) / total,
          method: 'token_share',
        });
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
