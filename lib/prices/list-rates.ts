import { calcPrice, findProvider, type ModelPrice } from '@pydantic/genai-prices';

/** Long-context rates (USD per token) that apply once a request's input exceeds `threshold` tokens. */
export interface LongContextRates {
  threshold: number;
  input: number;
  output: number;
  cachedInput: number | null;
  cacheWrite: number | null;
}

/**
 * A model's published list rates, USD per token, as `@pydantic/genai-prices` has them. `null` means the price data
 * has no separate rate for that kind (the package then prices those tokens at the plain input/output rate).
 */
export interface ListRates {
  /** The price data's model id (e.g. "gpt-4o" for "gpt-4o-2024-08-06"). */
  priceId: string;
  input: number;
  /** Null for input-only models (embeddings): output tokens of such a model cannot be priced. */
  output: number | null;
  cachedInput: number | null;
  cacheWrite: number | null;
  inputAudio: number | null;
  cachedAudio: number | null;
  outputAudio: number | null;
  inputImage: number | null;
  cachedImage: number | null;
  outputImage: number | null;
  longContext: LongContextRates | null;
}

type PriceValue = ModelPrice[string];

function base(value: PriceValue): number | null {
  if (typeof value === 'number') return value / 1e6;
  if (value !== undefined && typeof value === 'object') return value.base / 1e6;
  return null;
}

function firstTier(value: PriceValue): { start: number; price: number } | null {
  if (value === undefined || typeof value === 'number') return null;
  const tier = value.tiers[0];
  return tier === undefined ? null : { start: tier.start, price: tier.price / 1e6 };
}

/**
 * The list rates of an OpenAI model at `at` (prices change over time), or null when the price data does not know
 * the model or has no token rates for it (never a made-up default).
 * @example listRates('gpt-4o-mini-2024-07-18')?.input // 1.5e-7
 */
export function listRates(model: string, at?: Date): ListRates | null {
  const result = calcPrice({ input_tokens: 1 }, model, {
    providerId: 'openai',
    ...(at === undefined ? {} : { timestamp: at }),
  });
  if (result === null) return null;
  const p = result.model_price;
  const input = base(p['input_mtok']);
  const output = base(p['output_mtok']);
  if (input === null) return null;
  const tier = firstTier(p['input_mtok']);
  const outTier = firstTier(p['output_mtok']);
  return {
    priceId: result.model.id,
    input,
    output,
    cachedInput: base(p['cache_read_mtok']),
    cacheWrite: base(p['cache_write_mtok']),
    inputAudio: base(p['input_audio_mtok']),
    cachedAudio: base(p['cache_audio_read_mtok']),
    outputAudio: base(p['output_audio_mtok']),
    inputImage: base(p['input_image_mtok']),
    cachedImage: base(p['cache_image_read_mtok']),
    outputImage: base(p['output_image_mtok']),
    longContext:
      tier === null
        ? null
        : {
            // genai-prices selects a tier when the input count is greater than `start`.
            threshold: tier.start,
            input: tier.price,
            output: outTier?.price ?? output ?? 0,
            cachedInput: firstTier(p['cache_read_mtok'])?.price ?? null,
            cacheWrite: firstTier(p['cache_write_mtok'])?.price ?? null,
          },
  };
}

/**
 * The list rates of a service-tier or batch variant (`<price id>:<variant>`) when the price data has one, else null.
 * The OpenAI provider of genai-prices 0.1.8 has none for flex/priority/batch; other providers use this form.
 */
export function variantRates(rates: ListRates, variant: 'batch' | 'flex' | 'priority'): ListRates | null {
  const provider = findProvider({ providerId: 'openai' });
  const id = `${rates.priceId}:${variant}`;
  if (provider?.models.some((m) => m.id === id) !== true) return null;
  return listRates(id);
}

/**
 * The Batch API discount on list prices: "Save 50% on inputs and outputs" (platform.openai.com/docs/guides/batch).
 * Used when the price data has no batch variant of the model.
 */
export const BATCH_DISCOUNT = 0.5;

/** The built-in tools the price data prices per call (`web_searches_kcount`, `storage_searches_kcount`). */
export type PricedToolCall = 'web search' | 'file search';

const TOOL_FIELDS: Readonly<Record<PricedToolCall, string>> = {
  'web search': 'web_searches_kcount',
  'file search': 'storage_searches_kcount',
};

/**
 * The list price of one call of a built-in tool (USD), from the price data's per-thousand-calls rate (published on
 * the GPT-4o entry), or null when the price data has none.
 * @example toolCallPrice('web search') // 0.01
 */
export function toolCallPrice(tool: PricedToolCall): number | null {
  const p: Readonly<Record<string, unknown>> =
    calcPrice({ input_tokens: 1 }, 'gpt-4o', { providerId: 'openai' })?.model_price ?? {};
  const perThousand = p[TOOL_FIELDS[tool]];
  return typeof perThousand === 'number' ? perThousand / 1000 : null;
}
