import { organizationOfRow, type CostTable } from '../frames/index';
import { organizationFields } from './organization-parts';
import type { DaySpend } from './forecast';
import type { ProjectDaySpend } from './forecast-by-project';
import { utcDate } from '../shared/index';

/**
 * Each row of a costs table as its UTC day, project and amount, as `forecastMonth` and `forecastByProject` take them;
 * read from several organizations, each row with its organization first (`forecastMonth` sums them all,
 * `forecastByProject` keeps them apart).
 * @example forecastMonth(projectDaySpend(costTable(buckets)), { asOf: p.asOf, budget })
 */
export function projectDaySpend(table: CostTable): ProjectDaySpend[] {
  const organizationOf = organizationOfRow(table.organizations);
  return Array.from({ length: table.length }, (_, i) => ({
    ...organizationFields(organizationOf(i)),
    date: utcDate(table.startTime[i] ?? 0),
    project_id: table.projectId.values[table.projectId.codes[i] ?? -1] ?? null,
    amount: table.amount[i] ?? 0,
  }));
}

/**
 * Each UTC day of a costs table and its amount, the day's rows summed (one organization's part for
 * `mergeOrganizations`): one row per day whatever the table is grouped by, so the API's ungrouped costs and a store's
 * grouped ones give the same rows.
 * @example mergeOrganizations([{ organization: 'Demo', rows: daySpend(costTable(buckets)) }])
 */
export function daySpend(table: CostTable): DaySpend[] {
  const byDay = new Map<string, number>();
  // Rows come bucket by bucket: the date is formatted once per run of equal starts, not once per row.
  let lastStart = NaN;
  let date = '';
  for (let i = 0; i < table.length; i++) {
    const start = table.startTime[i] ?? 0;
    if (start !== lastStart) {
      lastStart = start;
      date = utcDate(start);
    }
    byDay.set(date, (byDay.get(date) ?? 0) + (table.amount[i] ?? 0));
  }
  return [...byDay].map(([date, amount]) => ({ date, amount }));
}

/**
 * The projects that spent in these rows (the unassigned null left out), in first-seen order: whose spend limits to read.
 * @example await conn.budgets(spendingProjects(projectDaySpend(costs)))
 */
export function spendingProjects(rows: readonly ProjectDaySpend[]): string[] {
  return [...new Set(rows.map((d) => d.project_id).filter((id): id is string => id !== null))];
}
