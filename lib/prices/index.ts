/** Prices: published list rates from `@pydantic/genai-prices`, shared by the emulator and the insights. */
export {
  listRates,
  variantRates,
  toolCallPrice,
  BATCH_DISCOUNT,
  type ListRates,
  type LongContextRates,
} from './list-rates';
