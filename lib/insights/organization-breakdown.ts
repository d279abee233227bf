import type { CostTable } from '../frames/cost-table';
import { nullLabel } from '../frames/dict-column';
import type { UsageTable } from '../frames/usage-table';
import { billingModel, parseLineItem } from './line-item';

/** One organization's data for {@link organizationBreakdown}. */
export interface OrganizationPart {
  /** The organization's configured name (`OPENAI_ADMIN_KEY_<NAME>`). */
  organization: string;
  /** Costs grouped by `project_id` and `line_item`. */
  costs: CostTable;
  /** Completions usage grouped by `project_id` and `model`. */
  usage: UsageTable<'completions'>;
  /** Project ID → name from this organization's own directory (names are per organization). */
  names?: ReadonlyMap<string, string>;
}

/** Cost and tokens of one organization, project and model over the range (a row of `organizations.csv`). */
export type OrganizationModelRow = {
  organization: string;
  project_id: string | null;
  /**
   * What charts label the project with: its name (else its ID); "name (organization)" when another organization
   * has a project of that name too, so their numbers never merge.
   */
  project: string;
  /** The billing model (fine-tunes as `ft-<base>`), or the line item when it names none (tools, storage). */
  model: string;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  requests: number;
};

/** The unassigned project's label (costs and usage outside any project): the frames' own null label. */
const NO_PROJECT = nullLabel('project_id');

/**
 * Labels for projects of several organizations: the name, or "name (organization)" where two organizations have a
 * project of that name (and the organization alone cannot tell them apart otherwise).
 * @example organizationProjectLabels([{ organization: 'eu', project_id: 'p1', name: 'Search' }, …])
 */
export function organizationProjectLabels(
  projects: readonly { organization: string; project_id: string | null; name: string }[],
): Map<string, string> {
  const orgsByName = new Map<string, Set<string>>();
  for (const p of projects) orgsByName.set(p.name, (orgsByName.get(p.name) ?? new Set()).add(p.organization));
  return new Map(
    projects.map((p) => [
      projectKey(p.organization, p.project_id),
      (orgsByName.get(p.name)?.size ?? 0) > 1 ? `${p.name} (${p.organization})` : p.name,
    ]),
  );
}

function projectKey(organization: string, projectId: string | null): string {
  return `${organization}\u0000${projectId ?? ''}`;
}

/**
 * Cost (Costs API line items parsed into models) and tokens and requests (completions usage) per organization,
 * project and model, largest cost first. A model with usage but no cost line item, or cost but no usage (tools,
 * storage), is its own row with zeros where it has nothing.
 * @example showTable(organizationBreakdown(parts), { title: 'Cost and tokens per organization, project and model' })
 */
export function organizationBreakdown(parts: readonly OrganizationPart[]): OrganizationModelRow[] {
  const rows = new Map<string, Omit<OrganizationModelRow, 'project'>>();
  const row = (
    organization: string,
    projectId: string | null,
    model: string,
  ): Omit<OrganizationModelRow, 'project'> => {
    const k = `${projectKey(organization, projectId)}\u0000${model}`;
    let r = rows.get(k);
    if (r === undefined) {
      r = { organization, project_id: projectId, model, cost_usd: 0, input_tokens: 0, output_tokens: 0, requests: 0 };
      rows.set(k, r);
    }
    return r;
  };
  for (const { organization, costs, usage } of parts) {
    const items = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
    for (let i = 0; i < costs.length; i++) {
      const item = items[costs.lineItem.codes[i] ?? -1] ?? null;
      const projectId = costs.projectId.values[costs.projectId.codes[i] ?? -1] ?? null;
      row(organization, projectId, item === null ? nullLabel('line_item') : (item.model ?? item.raw)).cost_usd +=
        costs.amount[i] ?? 0;
    }
    const projects = usage.dimensions.project_id;
    const models = usage.dimensions.model;
    for (let i = 0; i < usage.length; i++) {
      const projectId = projects.values[projects.codes[i] ?? -1] ?? null;
      const model = models.values[models.codes[i] ?? -1] ?? null;
      const r = row(organization, projectId, model === null ? nullLabel('model') : billingModel(model));
      r.input_tokens += usage.metrics.input_tokens[i] ?? 0;
      r.output_tokens += usage.metrics.output_tokens[i] ?? 0;
      r.requests += usage.metrics.num_model_requests[i] ?? 0;
    }
  }
  const names = new Map(parts.map((p) => [p.organization, p.names]));
  const nameOf = (organization: string, projectId: string | null): string =>
    projectId === null ? NO_PROJECT : (names.get(organization)?.get(projectId) ?? projectId);
  const seen = new Map<string, { organization: string; project_id: string | null; name: string }>();
  for (const r of rows.values())
    seen.set(projectKey(r.organization, r.project_id), {
      organization: r.organization,
      project_id: r.project_id,
      name: nameOf(r.organization, r.project_id),
    });
  const labels = organizationProjectLabels([...seen.values()]);
  return [...rows.values()]
    .map(({ organization, project_id, model, ...values }) => ({
      organization,
      project_id,
      project: labels.get(projectKey(organization, project_id)) ?? project_id ?? NO_PROJECT,
      model,
      ...values,
    }))
    .sort(
      (a, b) =>
        b.cost_usd - a.cost_usd ||
        b.input_tokens - a.input_tokens ||
        (a.organization + a.project + a.model < b.organization + b.project + b.model ? -1 : 1),
    );
}
