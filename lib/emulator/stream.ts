import type { EndpointSpec } from '../catalogue/index';
import { pickWeighted, type OrgProject, type SyntheticOrg } from './synthetic-org';
import { sequence } from './hash-random';

/** A dimension value of a result: ids and enums are strings, `batch` is boolean, absent is null. */
export type Dim = string | boolean | null;

/** One aggregated row before it is shaped into a wire result: dims follow `spec.groupBy`, metrics `spec.metrics`. */
export interface Cell {
  dims: readonly Dim[];
  metrics: number[];
}

/** A steady source of traffic with fixed dimensions (one key, user, model… of one project). */
export interface Stream {
  index: number;
  dims: readonly Dim[];
  /** Expected count per hour at the daily peak, before noise and scale. */
  rate: number;
  /** Probability that the stream is active in a given hour. */
  duty: number;
  /** Fixed per-stream parameters used by the endpoint's metric generator. */
  params: readonly number[];
}

/** How one usage endpoint's traffic looks. */
export interface EndpointProfile {
  /** Number of streams for this org. */
  streamCount(org: SyntheticOrg): number;
  /** Expected org-wide count per peak hour (requests, sessions…). */
  peakPerHour: number;
  /** Dimension values besides project/user/key (model, size, batch…), keyed by group_by name. */
  pickDims(project: OrgProject, u: () => number): Record<string, Dim>;
  /** Per-stream parameters, drawn once. */
  params(u: () => number, dims: Record<string, Dim>): number[];
  /** Metrics (in `spec.metrics` order) for `n` counted events; `u(salt)` is uniform and deterministic. */
  metrics(params: readonly number[], n: number, u: (salt: number) => number): number[];
  /** Recomputes derived metrics from their components, in place (keeps token identities after a split). */
  derive?(metrics: number[]): void;
  /** The metric that counts events (each active minute gets at least one); null = spread evenly. */
  countMetric: string | null;
  /** True when the volume has no daily/weekly rhythm (storage). */
  steady?: boolean;
}

/** Picks an index by weight. */
export function pickIndex(weights: readonly number[], u: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  return pickWeighted(
    weights.map((w) => w / total),
    u,
  );
}

/** Builds the streams of one endpoint; the first streams cover every project so each has traffic. */
export function buildStreams(org: SyntheticOrg, spec: EndpointSpec, profile: EndpointProfile, salt: number): Stream[] {
  const u = sequence(org.seed, 1000 + salt);
  // No project, no traffic.
  const count = org.projects.length === 0 ? 0 : profile.streamCount(org);
  const weights = org.projects.map((p) => p.weight);
  const drafts = Array.from({ length: count }, (_, i) => {
    const projectIndex = i < org.projects.length ? i : pickWeighted(weights, u());
    const project = org.projects[projectIndex] ?? org.projects[0];
    if (project === undefined) throw new RangeError('invalid dataset.projects: 0');
    const users = project.userIds;
    // A quarter of the traffic comes from service-account keys, which carry no user.
    const userId = users.length === 0 || u() < 0.25 ? null : (users[Math.floor(u() * users.length)] ?? null);
    const apiKeyId = project.apiKeyIds[Math.floor(u() * project.apiKeyIds.length)] ?? null;
    const named: Record<string, Dim> = {
      project_id: project.id,
      user_id: userId,
      api_key_id: apiKeyId,
      ...profile.pickDims(project, u),
    };
    return { projectIndex, named, jitter: 0.3 + 1.4 * u(), duty: 0.45 + 0.55 * u() };
  });
  // One pass (a filter per project was quadratic: minutes for 10,000 projects).
  const perProject = org.projects.map(() => 0);
  for (const d of drafts) perProject[d.projectIndex] = (perProject[d.projectIndex] ?? 0) + d.jitter;
  return drafts.map((d, index) => {
    const projectWeight = org.projects[d.projectIndex]?.weight ?? 0;
    const share = (projectWeight * d.jitter) / (perProject[d.projectIndex] ?? 1);
    return {
      index,
      dims: spec.groupBy.map((name) => d.named[name] ?? null),
      // Divide by duty so the expected volume does not depend on how often a stream is idle.
      rate: (profile.peakPerHour * share) / d.duty,
      duty: d.duty,
      params: profile.params(u, d.named),
    };
  });
}
