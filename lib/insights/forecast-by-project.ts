import { compareOrganizations, organizationFields, organizationParts } from './organization-parts';
import { checkBudgetAmount } from './budget';
import { forecastMonth, type ForecastOptions, type MonthForecast } from './forecast';

/** Spend of one project on one UTC day. */
export interface ProjectDaySpend {
  /** The organization's ID and name: present for costs read from several organizations. */
  organization_id?: string;
  organization?: string;
  date: string;
  project_id: string | null;
  amount: number;
}

/** A project's month-end forecast. */
export interface ProjectForecast extends MonthForecast {
  /** The organization's ID and name: present for spend of several organizations (a project of each apart). */
  organization_id?: string;
  organization?: string;
  project_id: string | null;
}

/**
 * {@link forecastMonth} per project, against each project's spend limit when given. Every project is zero-filled on
 * the days the organization has data, so a project that spent nothing on a day counts that day as $0. Spend of several
 * organizations (tagged rows): each organization's projects apart over the read's days (a day with no row of an
 * organization is $0 for it), as a read of it alone gives them when it has rows every day; `projectLimits` by project ID (IDs are unique across organizations).
 * @example forecastByProject(projectDaySpend(costs), { asOf: p.asOf }, { proj_a: 3000 }) // one MonthForecast per project_id
 */
export function forecastByProject(
  spend: readonly ProjectDaySpend[],
  options: Omit<ForecastOptions, 'budget'>,
  projectLimits: Readonly<Record<string, number>> = {},
): ProjectForecast[] {
  const out: ProjectForecast[] = [];
  // The days of the read, every organization's: one read covers the same days for all, so a day with no row of an
  // organization is a day it spent $0 (an organization added last week is forecast from its few days, never refused).
  const dates = [...new Set(spend.map((d) => d.date))];
  for (const part of organizationParts(spend)) {
    const byProject = new Map<string | null, Map<string, number>>();
    for (const d of part.rows) {
      const m = byProject.get(d.project_id) ?? new Map<string, number>();
      m.set(d.date, (m.get(d.date) ?? 0) + d.amount);
      byProject.set(d.project_id, m);
    }
    for (const [project, m] of byProject) {
      const limit = project === null ? undefined : projectLimits[project];
      const budget =
        limit === undefined
          ? null
          : { amount: checkBudgetAmount(limit, `spend limit of ${project}`), source: 'spend_limit' as const };
      out.push({
        ...organizationFields(part.tag),
        project_id: project,
        ...forecastMonth(
          dates.map((date) => ({ date, amount: m.get(date) ?? 0 })),
          { ...options, budget },
        ),
      });
    }
  }
  return out.sort((a, b) => b.forecast_usd - a.forecast_usd || compareOrganizations(a, b));
}
