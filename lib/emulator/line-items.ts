import { hashString } from './hash-random';

/** Models whose large prompts are billed as their own `, long context` line items. */
const LONG_CONTEXT_MODELS = new Set(['gpt-4.1-2025-04-14', 'gpt-5-2025-08-07']);

/** What decides a completions stream's line items: fixed per stream, so hour and minute cells bill alike. */
export interface TokenStream {
  model: string;
  serviceTier: string | null;
  batch: boolean;
  /** A stable key of the stream's dimensions, for the per-stream choices (evals, long context). */
  key: string;
}

/** The parts of a token line item: `prefix | name[ modality], kind[, long context]`. */
export interface TokenLineItems {
  input: string;
  audioInput: string;
  cachedInput: string;
  cacheWrites: string;
  output: string;
  /** Price factor of the tier: priority costs double, batch half. */
  priceFactor: number;
}

/** The billing name of a model: fine-tunes as `ft-<base>` (the seed's `ft-gpt-4o-2024-08-06, input`). */
export function billingName(model: string): string {
  if (!model.startsWith('ft:')) return model;
  return `ft-${model.split(':')[1] ?? model.slice(3)}`;
}

/**
 * The line items of one completions (or decisions) stream, in the forms live bodies show: the seed's
 * (`ft-…, input`, `evals | …, input`) and today's (`, cached input`, `, cache writes`, `priority | `, `batch | `,
 * `, long context`, a modality word as in `gpt-audio-mini-2025-12-15 audio, input`).
 */
export function tokenLineItems(s: TokenStream): TokenLineItems {
  const h = hashString(`${s.key}|line_items`);
  const evals = !s.batch && s.serviceTier === 'default' && s.model.startsWith('gpt-4o-mini') && h % 6 === 0;
  const prefix = s.batch ? 'batch | ' : s.serviceTier === 'priority' ? 'priority | ' : evals ? 'evals | ' : '';
  const long = LONG_CONTEXT_MODELS.has(s.model) && (h >>> 3) % 3 === 0 ? ', long context' : '';
  const name = `${prefix}${billingName(s.model)}`;
  return {
    input: `${name}, input${long}`,
    audioInput: `${name} audio, input${long}`,
    cachedInput: `${name}, cached input${long}`,
    cacheWrites: `${name}, cache writes${long}`,
    output: `${name}, output${long}`,
    priceFactor: s.batch ? 0.5 : s.serviceTier === 'priority' ? 2 : 1,
  };
}

/** The `quantity_unit` of a line item (null when no supported unit applies, e.g. tool calls). */
export function lineItemUnit(lineItem: string): string | null {
  const item = lineItem.replace(/, long context$/, '');
  // Before the token forms: "<model> image, output" ends like a token item but counts images.
  if (item.endsWith(', images') || / image, output$/.test(item)) return 'images';
  if (/, (input|output|cached input|cache writes)$/.test(item)) return 'tokens';
  if (item.endsWith(', characters')) return 'characters';
  if (item.endsWith(', audio')) return 'duration_seconds';
  if (item === 'Vector storage') return 'gibibyte_hours';
  return null;
}
