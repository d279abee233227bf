import { type CostTable, idTails, nullLabel, type Names, type UsageTable } from '../frames/index';
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
  names?: Pick<Names, 'nameOf'>;
}

/** Cost and tokens of one organization, project and model over the range (a row of `organizations.csv`). */
export type OrganizationModelRow = {
  organization: string;
  project_id: string | null;
  /**
   * What charts label the project with: its name (else its ID), with one suffix where other projects share the name
   * (see {@link organizationProjectLabels}), so their numbers never merge.
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

/** A project of one organization and its directory name. */
export interface OrganizationProject {
  /** The organization's configured name ('' when only one organization is read). */
  organization: string;
  project_id: string | null;
  /** The directory's name (else the ID): what several projects may share. */
  name: string;
}

/**
 * Labels for projects of one or several organizations, keyed by organization and project ID, unique across all of
 * them: the name where no other project has it, else the name and one suffix that tells them apart, the shortest
 * that does: "(organization)" where the organizations differ, "(…ID tail)" where the organization is the same
 * ("(organization, …ID tail)" when several organizations are read). Never two suffixes: charts shorten a long label
 * once, when drawing it.
 * @example organizationProjectLabels([{ organization: 'eu', project_id: 'p1', name: 'Search' }, …])
 */
export function organizationProjectLabels(projects: readonly OrganizationProject[]): Map<string, string> {
  const byName = new Map<string, OrganizationProject[]>();
  for (const p of projects) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const several = new Set(projects.map((p) => p.organization)).size > 1;
  const labels = new Map<string, { project: OrganizationProject; label: string }>();
  const set = (p: OrganizationProject, label: string): void => {
    labels.set(organizationProjectKey(p.organization, p.project_id), { project: p, label });
  };
  for (const [name, group] of byName) {
    if (group.length === 1) {
      for (const p of group) set(p, name);
      continue;
    }
    const byOrganization = new Map<string, OrganizationProject[]>();
    for (const p of group) byOrganization.set(p.organization, [...(byOrganization.get(p.organization) ?? []), p]);
    for (const [organization, mine] of byOrganization) {
      if (mine.length === 1 && byOrganization.size > 1) {
        for (const p of mine) set(p, `${name} (${organization})`);
        continue;
      }
      const tails = idTails(mine.map((p) => p.project_id ?? ''));
      mine.forEach((p, i) => set(p, `${name} (${several ? `${organization}, ` : ''}${tails[i] ?? ''})`));
    }
  }
  // A label can equal another project's own name (one named "Search (eu)"): suffixed labels that do say the whole ID,
  // then any label still alike (names and IDs made to collide), then a number tells what is left apart.
  const whole = (p: OrganizationProject, extra = ''): string =>
    `${p.name} (${several ? `${p.organization}, ` : ''}${p.project_id ?? ''}${extra})`;
  const relabel = (
    which: (p: OrganizationProject, label: string) => boolean,
    to: (p: OrganizationProject, n: number) => string,
  ): void => {
    const count = new Map<string, number>();
    for (const { label } of labels.values()) count.set(label, (count.get(label) ?? 0) + 1);
    let n = 0;
    for (const [key, { project, label }] of labels)
      if ((count.get(label) ?? 0) > 1 && which(project, label)) labels.set(key, { project, label: to(project, ++n) });
  };
  relabel(
    (p, label) => label !== p.name,
    (p) => whole(p),
  );
  relabel(
    () => true,
    (p) => whole(p),
  );
  relabel(
    () => true,
    (p, n) => whole(p, ` #${n}`),
  );
  return new Map([...labels].map(([key, { label }]) => [key, label]));
}

/** The key of `organizationProjectLabels`' map: an organization's name and a project ID. */
export function organizationProjectKey(organization: string, projectId: string | null): string {
  return `${organization}\u0000${projectId ?? ''}`;
}

/** A row per pair of dictionary codes (project, model), looked up by `find` once per pair and remembered. */
function rowsByCodes<R>(
  projects: readonly (string | null)[],
  models: readonly string[],
  missing: string,
  find: (projectId: string | null, model: string) => R,
): (project: number, model: number) => R {
  const found = new Map<number, R>();
  const width = models.length + 1;
  return (project, model) => {
    const k = (project + 1) * width + (model + 1);
    let r = found.get(k);
    if (r === undefined) {
      r = find(projects[project] ?? null, models[model] ?? missing);
      found.set(k, r);
    }
    return r;
  };
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
    // Each (project, line item) or (project, model) pair of dictionary codes finds its row once: a year holds tens of
    // thousands of rows over a few hundred pairs, and a text key per row was most of the time.
    const costModels = costs.lineItem.values.map((v) => {
      const item = v === null ? null : parseLineItem(v);
      return item === null ? nullLabel('line_item') : (item.model ?? item.raw);
    });
    const costRows = rowsByCodes(costs.projectId.values, costModels, nullLabel('line_item'), (projectId, model) =>
      row(organization, projectId, model),
    );
    for (let i = 0; i < costs.length; i++)
      costRows(costs.projectId.codes[i] ?? -1, costs.lineItem.codes[i] ?? -1).cost_usd += costs.amount[i] ?? 0;
    const projects = usage.dimensions.project_id;
    const models = usage.dimensions.model;
    const usageRows = rowsByCodes(
      projects.values,
      models.values.map((m) => (m === null ? nullLabel('model') : billingModel(m))),
      nullLabel('model'),
      (projectId, model) => row(organization, projectId, model),
    );
    for (let i = 0; i < usage.length; i++) {
      const r = usageRows(projects.codes[i] ?? -1, models.codes[i] ?? -1);
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
