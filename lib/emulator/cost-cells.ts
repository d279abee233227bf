import { ENDPOINTS, type EndpointName } from '../catalogue/index';
import { UNIT_PRICES, type TokenRates } from './price-book';
import type { Cell, Dim } from './stream';

/** Usage cells of one time span, per usage endpoint. */
export type UsageCells = Readonly<Record<Exclude<EndpointName, 'costs'>, readonly Cell[]>>;

const COSTS_DIMS = ENDPOINTS.costs.groupBy;

/** The `quantity_unit` of a line item (null when no supported unit applies, e.g. tool calls). */
export function lineItemUnit(lineItem: string): string | null {
  if (/, (input|output|cached input)$/.test(lineItem)) return 'tokens';
  if (lineItem.endsWith(', images')) return 'images';
  if (lineItem.endsWith(', characters')) return 'characters';
  if (lineItem.endsWith(', transcription')) return 'duration_seconds';
  if (lineItem === 'vector store storage') return 'gibibyte_hours';
  return null;
}

/** Position of every dimension and metric name per endpoint, computed once (cost cells are hot). */
const POSITIONS: ReadonlyMap<string, number> = new Map(
  Object.values(ENDPOINTS).flatMap((spec) => [
    ...spec.groupBy.map((name, i) => [`${spec.name}:d:${name}`, i] as const),
    ...spec.metrics.map((name, i) => [`${spec.name}:m:${name}`, i] as const),
  ]),
);

function dim(endpoint: Exclude<EndpointName, 'costs'>, cell: Cell, name: string): Dim {
  const i = POSITIONS.get(`${endpoint}:d:${name}`);
  return i === undefined ? null : cell.dims[i] ?? null;
}

function metric(endpoint: Exclude<EndpointName, 'costs'>, cell: Cell, name: string): number {
  const i = POSITIONS.get(`${endpoint}:m:${name}`);
  return i === undefined ? 0 : cell.metrics[i] ?? 0;
}

/**
 * Turns usage volumes into cost cells (dims in costs `group_by` order, metrics `[amount, quantity]`), so
 * costs are a function of usage: "<model>, input" = (uncached + cache write tokens) x input rate, etc.
 */
export function costCells(usage: UsageCells, rates: (model: string) => TokenRates): Cell[] {
  const out: Cell[] = [];
  const push = (project: Dim, apiKey: Dim, lineItem: string, quantity: number, price: number, user: Dim = null, source: Dim = null): void => {
    if (quantity <= 0 || price <= 0) return;
    const named: Record<string, Dim> = { project_id: project, user_id: user, line_item: lineItem, api_key_id: apiKey, api_source: source };
    out.push({ dims: COSTS_DIMS.map((n) => named[n] ?? null), metrics: [quantity * price, quantity] });
  };
  for (const c of usage.completions) {
    const model = String(dim('completions', c, 'model'));
    const r = rates(model);
    const [p, k] = [dim('completions', c, 'project_id'), dim('completions', c, 'api_key_id')];
    const input = metric('completions', c, 'input_uncached_tokens') + metric('completions', c, 'input_cache_write_tokens');
    push(p, k, `${model}, input`, input, r.input);
    push(p, k, `${model}, cached input`, metric('completions', c, 'input_cached_tokens'), r.cachedInput);
    push(p, k, `${model}, output`, metric('completions', c, 'output_tokens'), r.output);
  }
  for (const c of usage.embeddings) {
    const model = String(dim('embeddings', c, 'model'));
    push(dim('embeddings', c, 'project_id'), dim('embeddings', c, 'api_key_id'), `${model}, input`, metric('embeddings', c, 'input_tokens'), rates(model).input);
  }
  for (const c of usage.images) {
    const [model, size] = [String(dim('images', c, 'model')), String(dim('images', c, 'size'))];
    push(dim('images', c, 'project_id'), dim('images', c, 'api_key_id'), `${model}, ${size}, images`, metric('images', c, 'images'), UNIT_PRICES.image(model, size));
  }
  for (const c of usage.audio_speeches) {
    const model = String(dim('audio_speeches', c, 'model'));
    push(dim('audio_speeches', c, 'project_id'), dim('audio_speeches', c, 'api_key_id'), `${model}, characters`, metric('audio_speeches', c, 'characters'), UNIT_PRICES.character(model));
  }
  for (const c of usage.audio_transcriptions) {
    const model = String(dim('audio_transcriptions', c, 'model'));
    push(dim('audio_transcriptions', c, 'project_id'), dim('audio_transcriptions', c, 'api_key_id'), `${model}, transcription`, metric('audio_transcriptions', c, 'seconds'), UNIT_PRICES.audioSecond(model));
  }
  for (const c of usage.web_search_calls) {
    push(dim('web_search_calls', c, 'project_id'), dim('web_search_calls', c, 'api_key_id'), 'web search tool calls', metric('web_search_calls', c, 'num_requests'), UNIT_PRICES.webSearchCall);
  }
  for (const c of usage.file_search_calls) {
    push(dim('file_search_calls', c, 'project_id'), dim('file_search_calls', c, 'api_key_id'), 'file search tool calls', metric('file_search_calls', c, 'num_requests'), UNIT_PRICES.fileSearchCall);
  }
  for (const c of usage.code_interpreter_sessions) {
    push(dim('code_interpreter_sessions', c, 'project_id'), null, 'code interpreter sessions', metric('code_interpreter_sessions', c, 'num_sessions'), UNIT_PRICES.codeInterpreterSession);
  }
  for (const c of usage.vector_stores) {
    // usage_bytes is sampled once per hour (spread over its minutes), so summing bytes / GiB gives GiB-hours.
    push(dim('vector_stores', c, 'project_id'), null, 'vector store storage', metric('vector_stores', c, 'usage_bytes') / 2 ** 30, UNIT_PRICES.gibibyteHour);
  }
  return out;
}
