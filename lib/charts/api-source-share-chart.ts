import type { Figure } from './figure';
import type { GroupSum } from './inputs';
import { checkArray, checkText, invalid } from './check-options';
import { escapeLabel } from './escape-label';
import { formatPercent } from './format';
import { sharePie } from './share-pie';
import type { ValueFormat } from './value-format';

/** Options of {@link apiSourceShareChart}. */
export interface ApiSourceShareOptions {
  /** Default "Spend by API Source" for currency, "Model Requests by API Source" for counts. */
  title?: string;
  /** Default 'currency' (spend); 'count' for requests. */
  valueFormat?: ValueFormat;
  /** ISO code for 'currency'; default 'usd'. */
  currency?: string;
}

/** What the API's `api_source` values mean to a reader. */
const LABELS: Readonly<Record<string, string>> = { agents_api: 'Agents API', unlabeled: 'Other APIs (unlabeled)' };
/** Null: spend the API reports without a source (storage, tool sessions, endpoints that have no api_source). */
const NO_SOURCE = 'No API source (storage, tools, other endpoints)';

/**
 * Pie of spend (or requests) grouped by `api_source`, the subtitle leading with the Agents API's share.
 * `groups` come from `costBy(table, 'api_source')` or `sumBy(table, ['api_source'], …)`.
 * @example showFigure(apiSourceShareChart(costBy(costs, 'api_source'), { title: 'Spend by API Source' }))
 */
export function apiSourceShareChart(groups: readonly GroupSum[], opts: ApiSourceShareOptions = {}): Figure {
  checkArray(groups, 'groups');
  const format = opts.valueFormat ?? 'currency';
  const fallback = format === 'currency' ? 'Spend by API Source' : 'Model Requests by API Source';
  const title = opts.title === undefined ? fallback : checkText(opts.title, 'title');
  const relabelled = groups.map((g) => {
    if (!('api_source' in g.keys)) throw invalid('groups', 'not grouped by api_source');
    const source = g.keys['api_source'] ?? null;
    return { keys: { api_source: source === null ? NO_SOURCE : (LABELS[source] ?? source) }, value: g.value };
  });
  const figure = sharePie(relabelled, {
    id: 'api-source-share',
    title,
    labelKey: 'api_source',
    valueFormat: format,
    ...(opts.currency === undefined ? {} : { currency: opts.currency }),
    otherThreshold: 0,
  });
  const total = groups.reduce((a, g) => a + Math.max(0, g.value), 0);
  if (total <= 0) return figure;
  const agents = groups.filter((g) => g.keys['api_source'] === 'agents_api').reduce((a, g) => a + g.value, 0);
  const share = `Agents API: ${formatPercent(agents / total)}`;
  const subtitle = figure.subtitle === undefined ? share : `${share} · ${figure.subtitle}`;
  const layout = { ...figure.layout, title: { ...figure.layout.title, subtitle: { text: escapeLabel(subtitle) } } };
  return { ...figure, subtitle, layout };
}
