import { type CostTable, nullLabel, type Names, type UsageTable } from '../frames/index';
import { billingModel, parseLineItem } from './line-item';

/** One organization's data for {@link organizationBreakdown}. */
export interface OrganizationPart {
  /** The organization's configured name (`OPENAI_ADMIN_KEY_<NAME>`). */
  organization: string;
  /** Costs grouped by `project_id` and `line_item`. */
  costs: CostTable;
  /** Completions usage grouped by `project_id` and `model`. */
  usage: UsageTable<'completions'>;
  /** This organization's own directory names (names are per organization): `conn.names()` of its connection. */
  names?: Pick<Names, 'label' | 'nameOf'>;
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

/** A project of one organization: its directory name and its label within the organization. */
export interface OrganizationProject {
  organization: string;
  project_id: string | null;
  /** The directory's name (else the ID): what two organizations may share. */
  name: string;
  /** Its label within its organization (the name, with an ID tail where two of its projects share it). @default name */
  label?: string;
}

/**
 * Labels for projects of several organizations, keyed by organization and project ID: the organization's own label,
 * followed by " (organization)" where another organization has a project of that name, so their numbers never merge.
 * @example organizationProjectLabels([{ organization: 'eu', project_id: 'p1', name: 'Search' }, …])
 */
export function organizationProjectLabels(projects: readonly OrganizationProject[]): Map<string, string> {
  const orgsByName = new Map<string, Set<string>>();
  for (const p of projects) orgsByName.set(p.name, (orgsByName.get(p.name) ?? new Set()).add(p.organization));
  return new Map(
    projects.map((p) => {
      const label = p.label ?? p.name;
      return [
        organizationProjectKey(p.organization, p.project_id),
        (orgsByName.get(p.name)?.size ?? 0) > 1 ? `${label} (${p.organization})` : label,
      ];
    }),
  );
}

/** The key of `organizationProjectLabels`' map: an organization's name and a project ID. */
export function organizationProjectKey(organization: string, projectId: string | null): string {
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
    const k = `${organizationProjectKey(organization, projectId)}\u0000${model}`;
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
  const seen = new Map<string, OrganizationProject>();
  for (const { organization, project_id } of rows.values()) {
    const own = names.get(organization);
    seen.set(organizationProjectKey(organization, project_id), {
      organization,
      project_id,
      name: project_id === null ? NO_PROJECT : (own?.nameOf('project_id', project_id) ?? project_id),
      label: project_id === null ? NO_PROJECT : (own?.label('project_id', project_id) ?? project_id),
    });
  }
  const labels = organizationProjectLabels([...seen.values()]);
  return [...rows.values()]
    .map(({ organization, project_id, model, ...values }) => ({
      organization,
      project_id,
      project: labels.get(organizationProjectKey(organization, project_id)) ?? project_id ?? NO_PROJECT,
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
