import { listRates, toolCallPrice, variantRates, type ListRates } from '../prices/index';
import { parseLineItem, type LineItem } from './line-item';

/** The list price of one unit of a costs line item, or why the price data has none. */
export type LineItemListPrice =
  | { unitPrice: number; missing: null }
  | { unitPrice: null; /** Why no list price is published, e.g. "no priority rate for gpt-5.1". */ missing: string };

const found = (unitPrice: number): LineItemListPrice => ({ unitPrice, missing: null });
const none = (missing: string): LineItemListPrice => ({ unitPrice: null, missing });

/** The rate of a token kind and modality; a kind the price data has no separate rate for is priced at the plain one. */
function tokenRate(rates: ListRates, item: LineItem): number | null {
  const long = item.longContext ? rates.longContext : null;
  const input = long?.input ?? rates.input;
  const audio = item.modality === 'audio';
  const image = item.modality === 'image';
  switch (item.kind) {
    case 'input':
      return (audio ? rates.inputAudio : image ? rates.inputImage : null) ?? input;
    case 'cached input':
      return (
        (audio ? rates.cachedAudio : image ? rates.cachedImage : null) ??
        long?.cachedInput ??
        rates.cachedInput ??
        input
      );
    case 'cache writes':
      return long?.cacheWrite ?? rates.cacheWrite ?? input;
    case 'output':
      return (audio ? rates.outputAudio : image ? rates.outputImage : null) ?? long?.output ?? rates.output;
    default:
      return null;
  }
}

/**
 * The undiscounted list price of one unit of a Costs API line item, from the price data (`lib/prices`) and the
 * line-item parser: tokens at the model's rate for their kind (cached input, cache writes, audio, image, long
 * context; a kind without a separate rate at the plain one, as the price data itself prices it), fine-tunes at the
 * `ft:<base>` rate, batch and flex at the standard rate (their discount is what was billed below it), priority at
 * the priority rate where published; web and file search per call. Anything else says why it has none.
 * @example lineItemListPrice('batch | gpt-4o-mini-2024-07-18, input') // { unitPrice: 1.5e-7, missing: null }
 */
export function lineItemListPrice(lineItem: string): LineItemListPrice {
  const item = parseLineItem(lineItem);
  if (item.model === null) {
    const tool = /^(web search|file search) tool calls$/.exec(lineItem.toLowerCase())?.[1];
    const price = tool === 'web search' || tool === 'file search' ? toolCallPrice(tool) : null;
    return price === null ? none(`no published price for ${JSON.stringify(lineItem)}`) : found(price);
  }
  if (item.kind !== 'input' && item.kind !== 'cached input' && item.kind !== 'cache writes' && item.kind !== 'output')
    return none(`no published per-unit price for ${item.kind} of ${item.model}`);
  const priceModel = item.fineTuned ? `ft:${item.baseModel ?? ''}` : item.model;
  const standard = listRates(priceModel);
  if (standard === null) return none(`the price data does not know ${item.model}`);
  let rates: ListRates = standard;
  if (item.tier === 'priority') {
    const priority = variantRates(standard, 'priority');
    if (priority === null) return none(`no priority rate for ${item.model}`);
    rates = priority;
  }
  if (item.longContext && rates.longContext === null) return none(`no long-context rate for ${item.model}`);
  const rate = tokenRate(rates, item);
  return rate === null ? none(`no ${item.kind} rate for ${item.model}`) : found(rate);
}
