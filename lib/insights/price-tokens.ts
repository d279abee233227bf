import { BATCH_DISCOUNT, variantRates, type ListRates } from '../prices/index';

/** Token counts of one completions usage row (fields the API may omit read as 0). */
export interface CompletionTokens {
  requests: number;
  input: number;
  output: number;
  /** Cached input, all modalities. */
  cached: number;
  cacheWrite: number;
  /** Uncached input of all modalities (when 0 and input > 0: input − cached − cacheWrite). */
  uncached: number;
  /** Uncached audio / image input (the emulator and the API split cached audio/image out separately). */
  inputAudio: number;
  cachedAudio: number;
  inputImage: number;
  cachedImage: number;
  outputAudio: number;
  outputImage: number;
}

/** How a row is billed: the Batch API, or a service tier. */
export interface BillingMode {
  batch: boolean;
  /** `default`, `flex`, `priority`, `scale`, `auto` or null (not grouped). */
  serviceTier: string | null;
}

/** A priced usage row. */
export interface TokenPrice {
  /** What the list prices say this row costs (cache rates, batch discount, tier rates where the data has them). */
  estimated: number;
  /** The same usage with cached input at the uncached rate (what caching saved is `noCache − standard`). */
  noCache: number;
  /** The same usage at standard (non-batch) rates, cache rates included. */
  standard: number;
  cachedSavings: number;
  batchSavings: number;
  /** Why the estimate may differ from the bill (a tier the price data lacks, long context assumed, …). */
  notes: string[];
}

const or = (rate: number | null, fallback: number): number => rate ?? fallback;

function priceAt(r: ListRates, t: CompletionTokens, cacheRates: boolean): number {
  const longCtx = r.longContext !== null && t.requests > 0 && t.input / t.requests > r.longContext.threshold;
  const input = longCtx && r.longContext !== null ? r.longContext.input : r.input;
  // Only reached with an output rate or no output tokens (priceUsage lists the rest as unpriced).
  const output = longCtx && r.longContext !== null ? r.longContext.output : (r.output ?? 0);
  const cachedText =
    longCtx && r.longContext?.cachedInput != null ? r.longContext.cachedInput : or(r.cachedInput, input);
  const write = longCtx && r.longContext?.cacheWrite != null ? r.longContext.cacheWrite : or(r.cacheWrite, input);
  const uncached = t.uncached > 0 || t.input === 0 ? t.uncached : Math.max(0, t.input - t.cached - t.cacheWrite);
  const uncachedText = Math.max(0, uncached - t.inputAudio - t.inputImage);
  const cachedTextTokens = Math.max(0, t.cached - t.cachedAudio - t.cachedImage);
  const audioIn = or(r.inputAudio, input);
  const imageIn = or(r.inputImage, input);
  const cachedPart = cacheRates
    ? cachedTextTokens * cachedText +
      t.cachedAudio * or(r.cachedAudio, audioIn) +
      t.cachedImage * or(r.cachedImage, imageIn)
    : cachedTextTokens * input + t.cachedAudio * audioIn + t.cachedImage * imageIn;
  const outputText = Math.max(0, t.output - t.outputAudio - t.outputImage);
  return (
    uncachedText * input +
    t.inputAudio * audioIn +
    t.inputImage * imageIn +
    cachedPart +
    t.cacheWrite * write +
    outputText * output +
    t.outputAudio * or(r.outputAudio, output) +
    t.outputImage * or(r.outputImage, output)
  );
}

/**
 * Prices a completions usage row at list rates: uncached input, cached input at the cache-read rate, cache writes,
 * output, audio and image tokens at their own rates where published (else at the text rate, as genai-prices does),
 * long-context rates when the row's mean input per request is above the threshold, the batch discount, and flex /
 * priority rates where the price data has a variant for them (otherwise standard rates and a note).
 * @param variants the variant rates of a model: `variantRates`, or a memo of it for the many rows of one pricing.
 */
export function priceTokens(
  rates: ListRates,
  tokens: CompletionTokens,
  mode: BillingMode,
  variants: (rates: ListRates, variant: 'batch' | 'flex' | 'priority') => ListRates | null = variantRates,
): TokenPrice {
  const notes: string[] = [];
  if (
    rates.longContext !== null &&
    tokens.requests > 0 &&
    tokens.input / tokens.requests > rates.longContext.threshold
  ) {
    notes.push('long-context rates (mean input per request above the threshold)');
  }
  const standard = priceAt(rates, tokens, true);
  const noCache = priceAt(rates, tokens, false);
  let estimated = standard;
  let batchSavings = 0;
  let factor = 1;
  if (mode.batch || mode.serviceTier === 'batch') {
    const v = variants(rates, 'batch');
    estimated = v === null ? standard * (1 - BATCH_DISCOUNT) : priceAt(v, tokens, true);
    batchSavings = standard - estimated;
    factor = standard > 0 ? estimated / standard : 1 - BATCH_DISCOUNT;
  } else if (mode.serviceTier === 'flex' || mode.serviceTier === 'priority') {
    const v = variants(rates, mode.serviceTier);
    if (v === null)
      notes.push(`${mode.serviceTier} tier: no ${mode.serviceTier} rates in the price data, priced at standard rates`);
    else estimated = priceAt(v, tokens, true);
  }
  return { estimated, noCache, standard, cachedSavings: (noCache - standard) * factor, batchSavings, notes };
}
