import type { Anomaly } from '../insights/index';
import { usd } from './format';

/** One anomaly in an incident, named. */
export interface IncidentMember {
  /** `organization`, `project:<id>`, `model:<name>`, … */
  scope: string;
  /** What people read: `project Search`, `model gpt-4.1`, `the organization`. */
  name: string;
  value: number;
  baseline: number;
  /** value − baseline (negative for drops). @unit USD */
  aboveBaseline: number;
}

/** Related anomalies: the same day and direction, ranked by dollars above baseline. */
export interface Incident {
  date: string;
  direction: 'spike' | 'drop';
  /** Largest first by dollars away from baseline. */
  members: IncidentMember[];
  /** The organization's own anomaly, or the largest member. */
  lead: IncidentMember;
  title: string;
}

/** The scope key of an anomaly as alert events name it. */
export function anomalyScope(a: Pick<Anomaly, 'scope' | 'key'>): string {
  return a.scope === 'organization' ? 'organization' : `${a.scope}:${a.key}`;
}

/**
 * Groups spend anomalies into incidents (one per day and direction: a spike of the organization, the project and
 * the model behind it are one story), members ranked by dollars above baseline, named by `nameOf`.
 * @example anomalyIncidents(detectAnomalies(points), (scope) => names.get(scope) ?? scope)
 */
export function anomalyIncidents(anomalies: readonly Anomaly[], nameOf: (scope: string) => string): Incident[] {
  const groups = new Map<string, Anomaly[]>();
  for (const a of anomalies) {
    const key = `${a.date}\u0000${a.value >= a.baseline ? 'spike' : 'drop'}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const out: Incident[] = [];
  for (const [key, list] of groups) {
    const [date = '', direction] = key.split('\u0000');
    const members = list
      .map((a) => {
        const scope = anomalyScope(a);
        return {
          scope,
          name: nameOf(scope),
          value: a.value,
          baseline: a.baseline,
          aboveBaseline: a.value - a.baseline,
        };
      })
      .sort((x, y) => Math.abs(y.aboveBaseline) - Math.abs(x.aboveBaseline) || (x.scope < y.scope ? -1 : 1));
    const lead = members.find((m) => m.scope === 'organization') ?? members[0];
    if (lead === undefined) continue;
    const kind = direction === 'drop' ? 'drop' : 'spike';
    const sign = lead.aboveBaseline >= 0 ? '+' : '−';
    out.push({
      date,
      direction: kind,
      members,
      lead,
      title: `Spend ${kind} on ${date}: ${lead.name} ${sign}${usd(Math.abs(lead.aboveBaseline))} against its usual ${usd(lead.baseline)}`,
    });
  }
  return out.sort((a, b) =>
    a.date < b.date ? 1 : a.date > b.date ? -1 : Math.abs(b.lead.aboveBaseline) - Math.abs(a.lead.aboveBaseline),
  );
}
