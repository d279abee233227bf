import { listRates } from '../prices/index';

/** USD per token for one model. */
export interface TokenRates {
  input: number;
  cachedInput: number;
  output: number;
}

/** USD per unit of the non-token line items. */
export interface UnitPrices {
  /** Per image, by model then size. */
  image(model: string, size: string): number;
  /** Per character of speech. */
  character(model: string): number;
  /** Per second of transcribed audio. */
  audioSecond(model: string): number;
  webSearchCall: number;
  fileSearchCall: number;
  codeInterpreterSession: number;
  /** Vector store storage per GiB-hour ($0.10 per GB-day). */
  gibibyteHour: number;
}

/** Per-million-token rates for models the price package does not know (fine-tunes of newer bases). */
const FALLBACK_MTOK: Readonly<Record<string, readonly [number, number, number]>> = {
  'ft:gpt-4.1-mini': [0.8, 0.2, 3.2],
  'gpt-4o-audio-preview': [2.5, 1.25, 10],
};
const DEFAULT_MTOK: readonly [number, number, number] = [1, 0.5, 4];

/**
 * Token rates of a model from the shared list rates (`lib/prices`), falling back to a small table so the emulator
 * bills every model. Cached input without a published rate is billed at half the input rate.
 */
export function tokenRates(model: string): TokenRates {
  const listed = listRates(model);
  // Input-only models (embeddings) have no output rate and no output tokens.
  if (listed !== null)
    return { input: listed.input, cachedInput: listed.cachedInput ?? listed.input / 2, output: listed.output ?? 0 };
  const fallbackKey = Object.keys(FALLBACK_MTOK).find((prefix) => model.startsWith(prefix));
  const [i, c, o] = (fallbackKey === undefined ? undefined : FALLBACK_MTOK[fallbackKey]) ?? DEFAULT_MTOK;
  return { input: i / 1e6, cachedInput: c / 1e6, output: o / 1e6 };
}

const IMAGE_PRICES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'dall-e-3': { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1792': 0.08 },
  'dall-e-2': { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
  'gpt-image-1': { '1024x1024': 0.042, '1024x1792': 0.063 },
};
const CHARACTER_PRICES: Readonly<Record<string, number>> = {
  'tts-1': 15e-6,
  'tts-1-hd': 30e-6,
  'gpt-4o-mini-tts': 12e-6,
};
const SECOND_PRICES: Readonly<Record<string, number>> = { 'whisper-1': 0.0001, 'gpt-4o-transcribe': 0.0001 };

/** Published list prices for the tool and media line items. */
export const UNIT_PRICES: UnitPrices = {
  image: (model, size) => IMAGE_PRICES[model]?.[size] ?? 0.04,
  character: (model) => CHARACTER_PRICES[model] ?? 15e-6,
  audioSecond: (model) => SECOND_PRICES[model] ?? 0.0001,
  webSearchCall: 10 / 1000,
  fileSearchCall: 2.5 / 1000,
  codeInterpreterSession: 0.03,
  gibibyteHour: 0.1 / 24,
};
