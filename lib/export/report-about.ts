import { escapeHtml } from '../html/index';

/** What a report covers, shown under its title so a reader of a forwarded file knows what they are looking at. */
export interface ReportAbout {
  /** The organization, or "demo" for the built-in emulator's synthetic one. */
  organization: string;
  /** Where the data came from, e.g. "OpenAI Usage and Costs API (https://api.openai.com/v1)". */
  source: string;
  /** First second of the covered range. @unit Unix seconds */
  start: number;
  /** End of the covered range (exclusive). @unit Unix seconds */
  end: number;
  /** When the report was written, ISO 8601. */
  generatedAt: string;
  /**
   * A combined report whose parts cover different spans: each span in days and the parts that cover it, so the
   * header says why it is longer than most charts' "Last 30 Days" (notebook 04 reads more history).
   */
  spans?: { days: number; parts: string[] }[];
}

/** Options of {@link reportAbout}. */
export interface ReportAboutOptions {
  mode: 'live' | 'demo';
  baseURL: string;
  /** @unit Unix seconds */
  start: number;
  /** @unit Unix seconds */
  end: number;
  /** Shown for live data. @default "the organization of the configured admin key" */
  organization?: string;
  /** @default new Date() */
  generatedAt?: Date;
  /** Read from a store: 'store' (read only) or 'sync' (synced from the API first), named by `label`. */
  store?: { source: 'store' | 'sync'; label: string };
}

/**
 * The coverage of a report from a connection's mode and the queried range.
 * @example reportAbout({ mode: 'demo', baseURL: 'http://127.0.0.1:4010/v1', start: 1764547200, end: 1767225600 })
 */
export function reportAbout(o: ReportAboutOptions): ReportAbout {
  const demo = o.mode === 'demo';
  return checkReportAbout({
    organization: demo ? 'demo' : (o.organization ?? 'the organization of the configured admin key'),
    source: storeSource(
      o,
      demo
        ? 'the built-in emulator of the Usage and Costs API (synthetic data, no network)'
        : `OpenAI Usage and Costs API (${o.baseURL})`,
    ),
    start: o.start,
    end: o.end,
    generatedAt: (o.generatedAt ?? new Date()).toISOString(),
  });
}

function storeSource(o: ReportAboutOptions, api: string): string {
  if (o.store === undefined) return api;
  return o.store.source === 'sync'
    ? `${o.store.label}, synced from ${api}`
    : `${o.store.label}, as last synced from ${api}`;
}

/** Checks a {@link ReportAbout}: `invalid about.<field>: <value>`. */
export function checkReportAbout(about: ReportAbout): ReportAbout {
  for (const key of ['organization', 'source', 'generatedAt'] as const) {
    if (typeof about[key] !== 'string' || about[key].trim() === '') {
      throw new Error(`invalid about.${key}: ${JSON.stringify(about[key]) ?? 'undefined'} (a non-empty string)`);
    }
  }
  for (const key of ['start', 'end'] as const) {
    if (!Number.isFinite(about[key])) throw new Error(`invalid about.${key}: ${String(about[key])} (Unix seconds)`);
  }
  if (about.end < about.start) throw new Error(`invalid about.end: ${about.end} (before start ${about.start})`);
  return about;
}

const DAY = 86_400;

/**
 * One coverage for several reports (the headless run's combined report): the union of the ranges, the distinct
 * organizations and sources, and the given generation time; `parts` names each report (e.g. its notebook), and when
 * their spans differ in whole days, `spans` says which covers how many. Undefined for none.
 */
export function combineAbout(
  abouts: readonly ReportAbout[],
  generatedAt: Date,
  parts: readonly string[] = abouts.map((_, i) => `report ${i + 1}`),
): ReportAbout | undefined {
  if (abouts.length === 0) return undefined;
  const distinct = (pick: (a: ReportAbout) => string): string => [...new Set(abouts.map(pick))].join('; ');
  const byDays = new Map<number, string[]>();
  abouts.forEach((a, i) => {
    const days = Math.round((a.end - a.start) / DAY);
    byDays.set(days, [...(byDays.get(days) ?? []), parts[i] ?? `report ${i + 1}`]);
  });
  const spans = [...byDays].sort(([a], [b]) => a - b).map(([days, names]) => ({ days, parts: names }));
  return checkReportAbout({
    organization: distinct((a) => a.organization),
    source: distinct((a) => a.source),
    start: Math.min(...abouts.map((a) => a.start)),
    end: Math.max(...abouts.map((a) => a.end)),
    generatedAt: generatedAt.toISOString(),
    ...(spans.length > 1 ? { spans } : {}),
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function utcMinute(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

function spansText(spans: ReportAbout['spans']): string {
  if (spans === undefined || spans.length < 2) return '';
  return ` (${spans.map((s) => `last ${plural(s.days, 'day')}: ${s.parts.join(', ')}`).join('; ')})`;
}

/** The coverage as an escaped definition list for the report header. */
export function aboutHtml(about: ReportAbout): string {
  const rows: [string, string][] = [
    ['Organization', about.organization],
    ['Range', `${utcMinute(about.start)} to ${utcMinute(about.end)} UTC${spansText(about.spans)}`],
    ['Generated', about.generatedAt],
    ['Data source', about.source],
  ];
  return `<dl class="about">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}
