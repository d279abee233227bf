import { hashId, sequence } from './hash-random';
import type { DatasetOptions } from './types';

/** A project with its share of the organization's traffic. */
export interface OrgProject {
  id: string;
  weight: number;
  userIds: string[];
  apiKeyIds: string[];
  vectorStoreIds: string[];
}

/** The static part of the synthetic organization: who exists (traffic is generated per hour elsewhere). */
export interface SyntheticOrg {
  seed: number;
  scale: number;
  streams: number;
  projects: OrgProject[];
}

/** Resolved dataset sizes. */
export interface DatasetSizes {
  projects: number;
  users: number;
  apiKeys: number;
  streams: number;
  scale: number;
}

/** Validates the dataset knobs and applies defaults. */
export function datasetSizes(options: DatasetOptions = {}): DatasetSizes {
  const ids = options.projectIds;
  if (ids !== undefined) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (typeof id !== 'string' || id === '' || seen.has(id))
        throw new RangeError(`invalid dataset.projectIds: ${JSON.stringify(id)} (distinct non-empty strings)`);
      seen.add(id);
    }
    if (options.projects !== undefined && options.projects !== ids.length)
      throw new RangeError(`invalid dataset.projects: ${options.projects} (projectIds has ${ids.length})`);
  }
  const projects = options.projects ?? ids?.length ?? 8;
  const sizes = {
    projects,
    users: options.users ?? 24,
    // Every project needs a key of its own.
    apiKeys: options.apiKeys ?? Math.max(20, projects),
    streams: options.streams ?? 120,
    scale: options.scale ?? 1,
  };
  for (const name of ['projects', 'users', 'apiKeys', 'streams'] as const) {
    const value = sizes[name];
    // An organization without projects is valid (no traffic); it still has users and keys counted.
    const min = name === 'projects' ? 0 : 1;
    if (!Number.isInteger(value) || value < min || value > 100_000)
      throw new RangeError(`invalid dataset.${name}: ${value}`);
  }
  if (!Number.isFinite(sizes.scale) || sizes.scale <= 0) throw new RangeError(`invalid dataset.scale: ${sizes.scale}`);
  if (sizes.apiKeys < sizes.projects)
    throw new RangeError(`invalid dataset.apiKeys: ${sizes.apiKeys} (needs >= projects)`);
  return sizes;
}

/**
 * Project weights: one dominant project (~62%), the rest halving, so that three or more projects sit
 * under 5% each (what makes an "Other" slice of a pie meaningful).
 */
function projectWeights(count: number): number[] {
  if (count === 0) return [];
  if (count === 1) return [1];
  const rest = Array.from({ length: count - 1 }, (_, i) => 0.5 ** i);
  const restSum = rest.reduce((a, b) => a + b, 0);
  return [0.62, ...rest.map((w) => (0.38 * w) / restSum)];
}

function pickWeighted(weights: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i += 1) {
    acc += weights[i] ?? 0;
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/**
 * Project IDs valid JSON can hold though a real one is `proj_…` (the directory option `oddProjectIds`), for the
 * second project on: one a path carries once encoded (an apostrophe, parentheses, quotes, a space, non-ASCII), then
 * three no path can carry (a dot segment, a slash, empty).
 */
export const ODD_PROJECT_IDS: readonly string[] = [`proj_O'Brien (ops) "beta" ~ é✓`, '..', 'proj_eu/west', ''];

/** Builds the organization deterministically from the seed (`oddIds`: projects 2–5 get `ODD_PROJECT_IDS`). */
export function buildOrg(seed: number, options: DatasetOptions = {}, oddIds = false): SyntheticOrg {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`invalid seed: ${seed}`);
  const sizes = datasetSizes(options);
  const weights = projectWeights(sizes.projects);
  const projects: OrgProject[] = weights.map((weight, i) => ({
    id: options.projectIds?.[i] ?? (oddIds ? ODD_PROJECT_IDS[i - 1] : undefined) ?? `proj_${hashId(24, seed, 1, i)}`,
    weight,
    userIds: [],
    apiKeyIds: [],
    vectorStoreIds: [`vs_${hashId(24, seed, 4, i, 0)}`, `vs_${hashId(24, seed, 4, i, 1)}`],
  }));
  const rand = sequence(seed, 7);
  // Users and keys: the first of each goes round-robin so every project has at least one.
  for (let i = 0; i < sizes.users; i += 1) {
    const p = i < projects.length ? i : pickWeighted(weights, rand());
    projects[p]?.userIds.push(`user-${hashId(24, seed, 2, i)}`);
  }
  for (let i = 0; i < sizes.apiKeys; i += 1) {
    const p = i < projects.length ? i : pickWeighted(weights, rand());
    projects[p]?.apiKeyIds.push(`key_${hashId(16, seed, 3, i)}`);
  }
  return { seed, scale: sizes.scale, streams: sizes.streams, projects };
}

export { pickWeighted };
