import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkId, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive } from './date-span';
import { emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import type { Figure, LineTrace } from './figure';
import { formatCurrency } from './format';
import { moneyAxis } from './money-axis';
import { EXTENDED_PALETTE } from './palette';

/** One replayed day (lib/alerts `replayAlerts`): the spend of the day and of the month so far. */
export interface ReplayDayLike {
  date: string;
  spend_usd: number;
  month_to_date_usd: number;
}

/** One replayed event: the day it would have been sent, its rule and what it would have said. */
export interface ReplayEventLike {
  day: string;
  rule: string;
  state: 'firing' | 'resolved';
  summary: string;
  /** The organization it belongs to (a replay of several: its marker sits on that organization's line). */
  organization?: string;
  /** Its ID, which tells organizations of one name apart (else the name does). */
  organization_id?: string;
}

/** One organization's replayed days, in a replay of several. */
export interface ReplayOrganizationLike {
  organization: string;
  /** Its ID, which tells organizations of one name apart (else the name does). */
  organization_id?: string;
  days: readonly ReplayDayLike[];
}

/** Which organization's line: its ID where given, else its name. */
const lineKey = (o: { organization?: string; organization_id?: string }): string =>
  o.organization_id ?? o.organization ?? '';

/** Options of {@link alertReplayChart}. */
export interface AlertReplayChartOptions {
  /** @default "alert-replay" */
  id?: string;
  /** @default "What Would Have Fired" */
  title?: string;
  /** Summaries listed in one marker's hover before "and N more". @default 5 */
  hoverLines?: number;
  /** The spend line the events sit on: each day's spend (anomalies), or the month so far (budgets). @default "daily" */
  line?: 'daily' | 'month_to_date';
}

/**
 * "What would have fired": daily spend and the month-to-date line, each rule's events marked on the daily line on
 * the day they would have been sent (hover: what they would have said). For tuning thresholds before they page
 * anyone. A replay of several organizations draws one line per organization, each event on its own organization's
 * line (their spend is never summed into one line the rules did not see).
 * @example showFigure(alertReplayChart(replayAlerts(rules, costDays), { line: 'month_to_date' }))
 */
export function alertReplayChart(
  replay: {
    days: readonly ReplayDayLike[];
    events: readonly ReplayEventLike[];
    organizations?: readonly ReplayOrganizationLike[];
  },
  opts: AlertReplayChartOptions = {},
): Figure {
  checkArray(replay.days, 'days');
  checkArray(replay.events, 'events');
  if (replay.organizations !== undefined) checkArray(replay.organizations, 'organizations');
  const organizations = (replay.organizations ?? []).length > 1 ? (replay.organizations ?? []) : [];
  const id = checkId(opts.id ?? 'alert-replay');
  const title =
    opts.title === undefined
      ? `What Would Have Fired${opts.line === 'month_to_date' ? ' (Month to Date)' : ''}`
      : checkText(opts.title, 'title');
  const maxLines = opts.hoverLines ?? 5;
  if (!Number.isInteger(maxLines) || maxLines < 0) throw invalid('hoverLines', maxLines);
  const monthToDate = opts.line === 'month_to_date';
  if (opts.line !== undefined && opts.line !== 'daily' && !monthToDate)
    throw new RangeError(`invalid line: ${String(opts.line)} (daily or month_to_date)`);
  const days = [...replay.days].sort((a, b) => (a.date < b.date ? -1 : 1));
  const first = days[0]?.date;
  const last = days[days.length - 1]?.date;
  if (first === undefined || last === undefined) return emptyFigure(id, title, 'No cost days to replay');
  const value = (d: ReplayDayLike): number => (monthToDate ? d.month_to_date_usd : d.spend_usd);
  // Where an event's marker sits: its organization's line when each has one, else the one line.
  const lineOf = new Map<string, Map<string, number>>(
    organizations.map((o) => [lineKey(o), new Map(o.days.map((d) => [d.date, value(d)]))]),
  );
  const spendOn = new Map(days.map((d) => [d.date, value(d)]));
  const markerY = (e: ReplayEventLike): number => lineOf.get(lineKey(e))?.get(e.day) ?? spendOn.get(e.day) ?? 0;
  const money = (v: number): string => formatCurrency(v, 'usd');
  const line = (name: string, x: string[], y: number[], color: string): LineTrace => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x,
    y,
    line: { color, width: 2, dash: 'solid' },
    customdata: y.map((v, i) => [x[i] ?? '', money(v)]),
    hovertemplate: `${name} %{customdata[0]}: %{customdata[1]}<extra></extra>`,
  });
  const what = monthToDate ? 'Month to date' : 'Daily spend';
  const data: LineTrace[] =
    organizations.length === 0
      ? [
          line(
            what,
            days.map((d) => d.date),
            days.map(value),
            '#1565c0',
          ),
        ]
      : organizations.map((o, i) => {
          const own = [...o.days].sort((a, b) => (a.date < b.date ? -1 : 1));
          return line(
            `${what}: ${escapeLabel(o.organization)}`,
            own.map((d) => d.date),
            own.map(value),
            EXTENDED_PALETTE[i % EXTENDED_PALETTE.length] ?? '#1565c0',
          );
        });
  const rules = [...new Set(replay.events.map((e) => e.rule))];
  // Markers after the organizations' lines in the palette, so a rule never shares a line's colour.
  const firstMarkerColor = Math.max(2, organizations.length);
  rules.forEach((rule, i) => {
    const mine = replay.events.filter((e) => e.rule === rule);
    const color = EXTENDED_PALETTE[(i + firstMarkerColor) % EXTENDED_PALETTE.length] ?? '#c62828';
    // Several organizations: a trace per organization under one legend entry per rule. Hover "x" shows one point per
    // trace, so two organizations' markers of one rule and day in one trace would hide one of them.
    const byOrganization = new Map<string, ReplayEventLike[]>(organizations.map((o) => [lineKey(o), []]));
    for (const e of mine) {
      const k = organizations.length === 0 ? '' : lineKey(e);
      byOrganization.set(k, [...(byOrganization.get(k) ?? []), e]);
    }
    const groups = [...byOrganization.values()].filter((es) => es.length > 0);
    groups.forEach((evs, k) => {
      const byDay = new Map<string, ReplayEventLike[]>();
      for (const e of evs) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
      const x = [...byDay.keys()].sort();
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${escapeLabel(rule)} (${mine.length})`,
        x,
        y: x.map((d) => {
          const e = byDay.get(d)?.[0];
          return e === undefined ? 0 : markerY(e);
        }),
        line: { color, width: 0 },
        // Each rule a little higher, so markers of several rules on one day stay apart.
        marker: { color, size: 11 + 3 * (i % 4), symbol: 'circle-open', line: { color, width: 2.5 } },
        customdata: x.map((d) => {
          const es = byDay.get(d) ?? [];
          const lines = es
            .slice(0, maxLines)
            .map((e) => wrapHover(`${e.state === 'resolved' ? 'resolved: ' : ''}${escapeLabel(e.summary)}`));
          if (es.length > maxLines) lines.push(`and ${es.length - maxLines} more`);
          const org = organizations.length === 0 ? undefined : es[0]?.organization;
          const where = org === undefined ? '' : ` · ${escapeLabel(org)}`;
          return [escapeLabel(rule), `${d}${where}`, lines.join('<br>')];
        }),
        hovertemplate: '<b>%{customdata[0]}</b> on %{customdata[1]}<br>%{customdata[2]}<extra></extra>',
        ...(organizations.length === 0 ? {} : { legendgroup: `rule-${i}`, showlegend: k === 0 }),
      });
    });
  });
  const subtitle =
    `${replay.events.length} events over ${days.length} days` +
    (organizations.length === 0 ? '' : ` in ${organizations.length} organizations, each apart`) +
    ', each day evaluated as if it were today ' +
    '(the open day never judged; each event sent once) · UTC days';
  const layout = baseLayout(title, subtitle);
  layout.xaxis = dailyDateAxis(first, daysInclusive(first, last));
  // The same money axis as every cost chart ("$8,000"), its own title.
  const plotted = data.flatMap((t) => t.y);
  layout.yaxis = {
    ...moneyAxis('usd', Math.max(0, ...plotted)),
    title: { text: monthToDate ? 'Spend this month so far (USD)' : 'Spend per day (USD)' },
  };
  layout.legend = { orientation: 'h', y: -0.25 };
  // Every trace of the day at once: the markers sit on the line, whose own hover would hide theirs.
  layout.hovermode = 'x';
  return { id, title, subtitle, data, layout, config: baseConfig() };
}

/**
 * An escaped summary broken at spaces into lines of about `width` characters: a long message (an anomaly naming its
 * projects and models) would otherwise run past the chart's edge in its hover box.
 */
function wrapHover(text: string, width = 90): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('<br>');
}
