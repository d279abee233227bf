import { ENDPOINTS, type EndpointName } from '../catalogue/index';
import { tokenLineItems } from './line-items';
import { UNIT_PRICES, type TokenRates } from './price-book';
import type { Cell, Dim } from './stream';

/** Usage cells of one time span, per usage endpoint. */
export type UsageCells = Readonly<Record<Exclude<EndpointName, 'costs'>, readonly Cell[]>>;

const COSTS_DIMS = ENDPOINTS.costs.groupBy;

/** Position of every dimension and metric name per endpoint, computed once (cost cells are hot). */
const POSITIONS: ReadonlyMap<string, number> = new Map(
  Object.values(ENDPOINTS).flatMap((spec) => [
    ...spec.groupBy.map((name, i) => [`${spec.name}:d:${name}`, i] as const),
    ...spec.metrics.map((name, i) => [`${spec.name}:m:${name}`, i] as const),
  ]),
);

function dim(endpoint: Exclude<EndpointName, 'costs'>, cell: Cell, name: string): Dim {
  const i = POSITIONS.get(`${endpoint}:d:${name}`);
  return i === undefined ? null : (cell.dims[i] ?? null);
}

function metric(endpoint: Exclude<EndpointName, 'costs'>, cell: Cell, name: string): number {
  const i = POSITIONS.get(`${endpoint}:m:${name}`);
  return i === undefined ? 0 : (cell.metrics[i] ?? 0);
}

type TokenEndpoint = 'completions' | 'decisions';

/**
 * Turns usage volumes into cost cells (dims in costs `group_by` order, metrics `[amount, quantity]`), so costs are a
 * function of usage: "<model>, input" = uncached text and image tokens x input rate, "<model> audio, input" the audio
 * ones, ", cached input", ", cache writes" and ", output" likewise; tier prefixes scale the price.
 */
export function costCells(usage: UsageCells, rates: (model: string) => TokenRates): Cell[] {
  const out: Cell[] = [];
  const push = (
    project: Dim,
    apiKey: Dim,
    lineItem: string,
    quantity: number,
    price: number,
    user: Dim = null,
    source: Dim = null,
  ): void => {
    // Free items (moderations) still get their row, with amount 0, as billed usage does.
    if (quantity <= 0 || price < 0) return;
    const named: Record<string, Dim> = {
      project_id: project,
      user_id: user,
      line_item: lineItem,
      api_key_id: apiKey,
      api_source: source,
    };
    out.push({ dims: COSTS_DIMS.map((n) => named[n] ?? null), metrics: [quantity * price, quantity] });
  };
  const tokens = (endpoint: TokenEndpoint, c: Cell): void => {
    const model = String(dim(endpoint, c, 'model'));
    const tier = dim(endpoint, c, 'service_tier');
    const items = tokenLineItems({
      model,
      serviceTier: typeof tier === 'string' ? tier : null,
      batch: dim(endpoint, c, 'batch') === true,
      key: c.dims.map(String).join('|'),
    });
    const r = rates(model);
    const f = items.priceFactor;
    const m = (name: string): number => metric(endpoint, c, name);
    const who = [dim(endpoint, c, 'project_id'), dim(endpoint, c, 'api_key_id')] as const;
    const [user, source] = [dim(endpoint, c, 'user_id'), dim(endpoint, c, 'api_source')];
    push(...who, items.input, m('input_text_tokens') + m('input_image_tokens'), r.input * f, user, source);
    push(...who, items.audioInput, m('input_audio_tokens'), r.input * f, user, source);
    push(...who, items.cachedInput, m('input_cached_tokens'), r.cachedInput * f, user, source);
    push(...who, items.cacheWrites, m('input_cache_write_tokens'), r.input * f, user, source);
    push(...who, items.output, m('output_tokens'), r.output * f, user, source);
  };
  for (const c of usage.completions) tokens('completions', c);
  for (const c of usage.decisions) tokens('decisions', c);
  for (const c of usage.embeddings) {
    const model = String(dim('embeddings', c, 'model'));
    push(
      dim('embeddings', c, 'project_id'),
      dim('embeddings', c, 'api_key_id'),
      `${model}, input`,
      metric('embeddings', c, 'input_tokens'),
      rates(model).input,
      dim('embeddings', c, 'user_id'),
    );
  }
  for (const c of usage.moderations) {
    const model = String(dim('moderations', c, 'model'));
    push(
      dim('moderations', c, 'project_id'),
      dim('moderations', c, 'api_key_id'),
      `${model}, input`,
      metric('moderations', c, 'input_tokens'),
      0,
      dim('moderations', c, 'user_id'),
    );
  }
  for (const c of usage.images) {
    const [model, size] = [String(dim('images', c, 'model')), String(dim('images', c, 'size'))];
    // Token-priced image models bill as "<model> image, output"; DALL-E per size.
    const item = model.startsWith('gpt-image') ? `${model} image, output` : `${model}, ${size}, images`;
    push(
      dim('images', c, 'project_id'),
      dim('images', c, 'api_key_id'),
      item,
      metric('images', c, 'images'),
      UNIT_PRICES.image(model, size),
      dim('images', c, 'user_id'),
    );
  }
  for (const c of usage.audio_speeches) {
    const model = String(dim('audio_speeches', c, 'model'));
    push(
      dim('audio_speeches', c, 'project_id'),
      dim('audio_speeches', c, 'api_key_id'),
      `${model}, characters`,
      metric('audio_speeches', c, 'characters'),
      UNIT_PRICES.character(model),
      dim('audio_speeches', c, 'user_id'),
    );
  }
  for (const c of usage.audio_transcriptions) {
    const model = String(dim('audio_transcriptions', c, 'model'));
    push(
      dim('audio_transcriptions', c, 'project_id'),
      dim('audio_transcriptions', c, 'api_key_id'),
      `${model}, audio`,
      metric('audio_transcriptions', c, 'seconds'),
      UNIT_PRICES.audioSecond(model),
      dim('audio_transcriptions', c, 'user_id'),
    );
  }
  for (const c of usage.web_search_calls) {
    push(
      dim('web_search_calls', c, 'project_id'),
      dim('web_search_calls', c, 'api_key_id'),
      'web search tool calls',
      metric('web_search_calls', c, 'num_requests'),
      UNIT_PRICES.webSearchCall,
      dim('web_search_calls', c, 'user_id'),
      dim('web_search_calls', c, 'api_source'),
    );
  }
  for (const c of usage.file_search_calls) {
    push(
      dim('file_search_calls', c, 'project_id'),
      dim('file_search_calls', c, 'api_key_id'),
      'assistants api | file search',
      metric('file_search_calls', c, 'num_requests'),
      UNIT_PRICES.fileSearchCall,
      dim('file_search_calls', c, 'user_id'),
    );
  }
  for (const c of usage.code_interpreter_sessions) {
    push(
      dim('code_interpreter_sessions', c, 'project_id'),
      null,
      'code interpreter sessions',
      metric('code_interpreter_sessions', c, 'num_sessions'),
      UNIT_PRICES.codeInterpreterSession,
    );
  }
  for (const c of usage.vector_stores) {
    // usage_bytes is sampled once per hour (spread over its minutes), so summing bytes / GiB gives GiB-hours.
    push(
      dim('vector_stores', c, 'project_id'),
      null,
      'Vector storage',
      metric('vector_stores', c, 'usage_bytes') / 2 ** 30,
      UNIT_PRICES.gibibyteHour,
    );
  }
  return out;
}
