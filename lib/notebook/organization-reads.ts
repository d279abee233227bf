import {
  compareOrganizationNames,
  duplicateOrganizationWarning,
  isUsageApiError,
  maskSecrets,
  oneEntryPerOrganization,
  resolveOrganization,
  type OrganizationConfig,
  type OrganizationIdentity,
  type UsageApiError,
  type UsageClient,
} from '../api/index';
import { mergeBuckets, tagResults, type OrganizationTag, type Tagged, type WireBucket } from '../catalogue/index';

/** One organization a notebook reads: its client and who it is (ID from its header, configured name). */
export interface OrganizationRead {
  client: UsageClient;
  identity: OrganizationIdentity;
}

/** An organization left out of a read, and why: one line that never holds a key. */
export interface OrganizationFailure {
  name: string;
  reason: string;
  error: UsageApiError;
}

/**
 * True for an error that fails one organization (its key, its server, its network), so the others are still read;
 * false for what would fail them all the same (an invalid query) and for anything else (an interrupt, a bug).
 */
export function failsOneOrganization(err: unknown): err is UsageApiError {
  return isUsageApiError(err) && err.name !== 'InvalidQueryError';
}

/** The failure of organization `name` by `err`, its reason on one line with every key masked. */
export function organizationFailure(name: string, err: UsageApiError): OrganizationFailure {
  return { name, reason: maskSecrets(`${err.name}: ${err.message}`).replace(/\s*\n\s*/g, ' '), error: err };
}

/**
 * The notice of an organization a read left out: which one, what it was left out of, why.
 * @example failureNotice(f, 'this read of costs') // "Organization globex left out of this read of costs, the other …: …"
 */
export function failureNotice(f: Pick<OrganizationFailure, 'name' | 'reason'>, what: string): string {
  return `Organization ${f.name} left out of ${what}, the other organizations are shown: ${f.reason}`;
}

/** Options of {@link resolveOrganizations}. */
export interface ResolveOrganizationsOptions {
  /** Where the notices go: a name standing in for an ID, two keys of one organization. */
  onNotice: (line: string) => void;
  /** "Now" of the preflight requests. @unit epoch milliseconds */
  now?: number;
  /** What happens to the organization two keys share, for the warning: 'read' (source "api") or 'synced'. */
  done: 'synced' | 'read';
}

/**
 * Who each configured organization is, as `npm run sync` decides it: the `openai-organization` header (one cheap
 * request each), else `OPENAI_ORG_ID_<NAME>`, else its name. Two keys of one organization read it once (a warning
 * says so). An organization whose request fails (401, 5xx, unreachable) is returned in `failed`, the others read.
 */
export async function resolveOrganizations(
  organizations: readonly { name: string; client: UsageClient; config?: OrganizationConfig }[],
  env: Readonly<Record<string, string | undefined>>,
  options: ResolveOrganizationsOptions,
): Promise<{ read: OrganizationRead[]; failed: OrganizationFailure[] }> {
  const resolved: OrganizationRead[] = [];
  const failed: OrganizationFailure[] = [];
  for (const o of organizations) {
    try {
      const identity = await resolveOrganization(o.client, o.config ?? { name: o.name }, env, {
        onNotice: options.onNotice,
        ...(options.now === undefined ? {} : { now: options.now }),
      });
      resolved.push({ client: o.client, identity });
    } catch (err) {
      if (!failsOneOrganization(err)) throw err;
      failed.push(organizationFailure(o.name, err));
    }
  }
  const { kept, duplicates } = oneEntryPerOrganization(resolved, compareOrganizationNames);
  for (const d of duplicates) options.onNotice(`Warning: ${duplicateOrganizationWarning(d, options.done)}`);
  return { read: kept, failed };
}

/** The tag of an organization's results: its ID and configured name. */
export function organizationTag(identity: OrganizationIdentity): OrganizationTag {
  return { organization_id: identity.id, organization: identity.name };
}

/** One organization's part of a read kept apart: who it is and its buckets, untagged, as its API sends them. */
export interface OrganizationBuckets<R extends object> {
  organization_id: string;
  /** Its configured name (its ID where it has none). */
  organization: string;
  buckets: WireBucket<R>[];
}

/**
 * Reads every organization in turn with `readOne` and keeps each one's buckets apart. One that fails (see
 * `failsOneOrganization`) is told through `onFailure` and left out; when every one fails, the first error is thrown.
 * @example await readOrganizationsApart(orgs, (o) => o.client.fetchAll('costs', q), (f) => warn(failureNotice(f, 'costs')))
 */
export async function readOrganizationsApart<R extends object>(
  organizations: readonly OrganizationRead[],
  readOne: (o: OrganizationRead) => Promise<WireBucket<R>[]>,
  onFailure: (f: OrganizationFailure) => void,
): Promise<OrganizationBuckets<R>[]> {
  const parts: OrganizationBuckets<R>[] = [];
  const failures: OrganizationFailure[] = [];
  for (const o of organizations) {
    try {
      parts.push({ ...organizationTag(o.identity), buckets: await readOne(o) });
    } catch (err) {
      if (!failsOneOrganization(err)) throw err;
      failures.push(organizationFailure(o.identity.name, err));
    }
  }
  const [first] = failures;
  if (parts.length === 0 && first !== undefined) throw first.error;
  for (const f of failures) onFailure(f);
  return parts;
}

/**
 * Reads every organization in turn with `readOne`, tags each one's results with its organization and merges them per
 * bucket (nothing summed). One that fails (see `failsOneOrganization`) is told through `onFailure` and left out;
 * when every one fails, the first error is thrown.
 * @example await readOrganizations(orgs, (o) => o.client.fetchAll('costs', q), (f) => warn(failureNotice(f, 'costs')))
 */
export async function readOrganizations<R extends object>(
  organizations: readonly OrganizationRead[],
  readOne: (o: OrganizationRead) => Promise<WireBucket<R>[]>,
  onFailure: (f: OrganizationFailure) => void,
): Promise<WireBucket<Tagged<R>>[]> {
  const parts = await readOrganizationsApart(organizations, readOne, onFailure);
  return mergeBuckets(parts.map((p) => tagResults(p.buckets, p)));
}
