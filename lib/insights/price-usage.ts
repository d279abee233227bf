import { organizationOfRow, valueAt, type UsageTable } from '../frames/index';
import { listRates, variantRates, type ListRates } from '../prices/index';
import { billingModel } from './line-item';
import { compareOrganizations, organizationFields, organizationKey } from './organization-parts';
import { priceTokens, type CompletionTokens, type TokenPrice } from './price-tokens';
import { utcDate } from '../shared/index';

/** One usage row with its list-price estimate (null when the price data has no rates for its model). */
export interface PricedUsageRow {
  /** The organization's ID and name: present for rows read from several organizations. */
  organization_id?: string;
  organization?: string;
  date: string;
  start: number;
  model: string;
  /** {@link billingModel} of `model`: the key line items use. */
  billingModel: string;
  projectId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  batch: boolean;
  serviceTier: string | null;
  tokens: CompletionTokens;
  price: TokenPrice | null;
}

/** A model with usage but no price in the price data: listed, never priced at $0. (A type, so it is a table record.) */
export type UnpricedModel = {
  /** The organization's ID and name: present for usage read from several organizations (never summed across them). */
  organization_id?: string;
  organization?: string;
  model: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
};

/** Usage rows priced at list rates, plus the models that could not be priced. */
export interface PricedUsage {
  rows: PricedUsageRow[];
  unpriced: UnpricedModel[];
}

const ZERO = new Float64Array(0);

/**
 * A count read from a Float64Array as a small integer where it is one (the same number): V8 then stores the token
 * fields untagged instead of boxing a double per field and row (~10^5 rows a year). -0 stays -0.
 */
function count(x: number): number {
  const n = x | 0;
  return n === x && (n !== 0 || !Object.is(x, -0)) ? n : x;
}

/** `variantRates` once per model and variant within one pricing: each call searches the whole price data. */
function variantsOnce(): (rates: ListRates, variant: 'batch' | 'flex' | 'priority') => ListRates | null {
  const memo = new Map<ListRates, Map<string, ListRates | null>>();
  return (rates, variant) => {
    let ofRates = memo.get(rates);
    if (ofRates === undefined) memo.set(rates, (ofRates = new Map<string, ListRates | null>()));
    let v = ofRates.get(variant);
    if (v === undefined) ofRates.set(variant, (v = variantRates(rates, variant)));
    return v;
  };
}

/**
 * Prices every row of completions (or embeddings) usage tables grouped by `model` (and ideally `batch`,
 * `service_tier`, `project_id`, `api_key_id`, `user_id`, 1d buckets). Rows without a model cannot be priced and fail:
 * group by model. Tables read from several organizations: each row keeps its organization, and the unpriced models
 * are listed per organization (`organization_id` and `organization` first).
 * @param rates injectable for tests; default the shared list rates.
 * @example const priced = priceUsage([completions, embeddings]); // priced.rows (each with its list price), priced.unpriced
 */
export function priceUsage(
  tables: readonly UsageTable[],
  rates: (model: string) => ListRates | null = listRates,
): PricedUsage {
  const pricing: Pricing = {
    rows: [],
    unpriced: new Map<string, UnpricedModel>(),
    cache: new Map<string, { rates: ListRates | null; billing: string }>(),
    variants: variantsOnce(),
    rates,
  };
  for (const table of tables) priceTable(table, pricing);
  const { rows, unpriced } = pricing;
  return {
    rows,
    unpriced: [...unpriced.values()].sort(
      (a, b) => b.requests - a.requests || compareOrganizations(a, b) || (a.model < b.model ? -1 : 1),
    ),
  };
}

/** What pricing several tables shares: the rows so far, the unpriced models, and rates looked up once per model. */
interface Pricing {
  rows: PricedUsageRow[];
  unpriced: Map<string, UnpricedModel>;
  /** Rates and billing model once per model, not per row. */
  cache: Map<string, { rates: ListRates | null; billing: string }>;
  variants: (rates: ListRates, variant: 'batch' | 'flex' | 'priority') => ListRates | null;
  rates: (model: string) => ListRates | null;
}

/** The rows of one table priced into `pricing` (a function of its own: its row loop is compiled once, for every table). */
function priceTable(table: UsageTable, pricing: Pricing): void {
  const { rows, unpriced, cache, variants, rates } = pricing;
  const m = (name: string): Float64Array => table.metrics[name] ?? ZERO;
  const [inp, out, req, cached, write, uncached] = [
    'input_tokens',
    'output_tokens',
    'num_model_requests',
    'input_cached_tokens',
    'input_cache_write_tokens',
    'input_uncached_tokens',
  ].map(m) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [aIn, aCached, aOut, iIn, iCached, iOut] = [
    'input_audio_tokens',
    'input_cached_audio_tokens',
    'output_audio_tokens',
    'input_image_tokens',
    'input_cached_image_tokens',
    'output_image_tokens',
  ].map(m) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const d = table.dimensions;
  // Columns looked up once per table, the model's rates once per dictionary code (not a map lookup per row).
  const [modelCol, batchCol, tierCol, projectCol, keyCol, userCol] = [
    d['model'],
    d['batch'],
    d['service_tier'],
    d['project_id'],
    d['api_key_id'],
    d['user_id'],
  ];
  const knownByCode: ({ rates: ListRates | null; billing: string } | undefined)[] = [];
  const batchByCode = batchCol?.values.map((v) => v === 'true') ?? [];
  const organizationOf = organizationOfRow(table.organizations);
  let start = NaN;
  let date = '';
  for (let i = 0; i < table.length; i++) {
    const tag = organizationOf(i);
    const modelCode = modelCol === undefined ? -1 : (modelCol.codes[i] ?? -1);
    const model = modelCol?.values[modelCode] ?? null;
    if (model === null)
      throw new RangeError(
        `invalid usage table: ${table.endpoint} rows without a model (group_by must include "model")`,
      );
    const tokens: CompletionTokens = {
      requests: count(req[i] ?? 0),
      input: count(inp[i] ?? 0),
      output: count(out[i] ?? 0),
      cached: count(cached[i] ?? 0),
      cacheWrite: count(write[i] ?? 0),
      uncached: count(uncached[i] ?? 0),
      inputAudio: count(aIn[i] ?? 0),
      cachedAudio: count(aCached[i] ?? 0),
      outputAudio: count(aOut[i] ?? 0),
      inputImage: count(iIn[i] ?? 0),
      cachedImage: count(iCached[i] ?? 0),
      outputImage: count(iOut[i] ?? 0),
    };
    let known = knownByCode[modelCode];
    if (known === undefined) {
      known = cache.get(model);
      if (known === undefined) {
        known = { rates: rates(model), billing: billingModel(model) };
        cache.set(model, known);
      }
      knownByCode[modelCode] = known;
    }
    const r = known.rates;
    const batch = batchCol === undefined ? false : (batchByCode[batchCol.codes[i] ?? -1] ?? false);
    const serviceTier = valueAt(tierCol, i);
    // Rows come bucket by bucket: the date is formatted again only where the start changes.
    const t = table.startTime[i] ?? 0;
    if (t !== start) date = utcDate((start = t));
    const price =
      r === null || (r.output === null && tokens.output > 0)
        ? null
        : priceTokens(r, tokens, { batch, serviceTier }, variants);
    if (price === null) {
      const k = `${organizationKey(tag)}${model}`;
      const u = unpriced.get(k) ?? {
        ...organizationFields(tag),
        model,
        requests: 0,
        input_tokens: 0,
        output_tokens: 0,
      };
      u.requests += tokens.requests;
      u.input_tokens += tokens.input;
      u.output_tokens += tokens.output;
      unpriced.set(k, u);
    }
    const projectId = valueAt(projectCol, i);
    const apiKeyId = valueAt(keyCol, i);
    const userId = valueAt(userCol, i);
    // Literals rather than a spread of organizationFields(tag): the same fields in the same order, without an
    // object copied per row (~10^5 rows a year).
    rows.push(
      tag === undefined
        ? {
            date,
            start: t,
            model,
            billingModel: known.billing,
            projectId,
            apiKeyId,
            userId,
            batch,
            serviceTier,
            tokens,
            price,
          }
        : {
            organization_id: tag.organization_id,
            organization: tag.organization,
            date,
            start: t,
            model,
            billingModel: known.billing,
            projectId,
            apiKeyId,
            userId,
            batch,
            serviceTier,
            tokens,
            price,
          },
    );
  }
}
