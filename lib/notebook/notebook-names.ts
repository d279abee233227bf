import { directoryNotice, enrichmentFailure, loadDirectory, type Directory, type DirectorySource } from '../api/index';
import { NO_NAMES, nameResolver, type Names } from '../frames/index';
import { organizationProjectKey, organizationProjectLabels } from '../insights/index';

/** Loads the names of one connection: at most one directory fetch and at most one notice, whatever the calls. */
export type NamesLoader = (enabled?: boolean) => Promise<Names>;

/**
 * How long a notebook reuses the directory it read (per key and base URL): a Run All after an edit asks for the same
 * names, and reading them again is 2 + 2 × projects requests (a third of notebook 01's re-run against the API). A
 * project renamed meanwhile shows its new name after this, or in a restarted kernel. @unit milliseconds
 */
export const NAMES_REUSE_MS = 5 * 60_000;

/**
 * One organization's directory, or null when it cannot be read (a key without the permission, a 5xx after retries, a
 * bad body, anything else), said through `notice`; a part it cannot read (a project whose ID no path carries) is
 * said too. Never fails: names never stop a notebook.
 */
async function readDirectory(client: DirectorySource, notice: (line: string) => void): Promise<Directory | null> {
  try {
    const directory = await loadDirectory(client, { reuseMs: NAMES_REUSE_MS });
    const incomplete = directoryNotice(directory);
    if (incomplete !== null) notice(incomplete);
    return directory;
  } catch (err) {
    // The API's own words, not the usage-oriented hint a 403 carries (this key may read usage, just not the directory).
    notice(
      `Names unavailable, charts and tables show IDs: the organization directory could not be read (${enrichmentFailure(err)}). ` +
        'Names need an admin key that may list projects and users; set names: false to skip them.',
    );
    return null;
  }
}

/** A loader that runs `load` once, on the first call with names enabled (`false`: IDs, no calls). */
function once(load: () => Promise<Names>): NamesLoader {
  let outcome: Promise<Names> | undefined;
  return (enabled = true) => {
    if (!enabled) return Promise.resolve(NO_NAMES);
    outcome ??= load();
    return outcome;
  };
}

/**
 * Names for charts and tables: the directory (project names, user emails, key names), read once. When it cannot
 * be read the notebook goes on with IDs and says so once (through `notice`, the notebook's note line); when part of it
 * cannot it names what it has and says which part is missing, once. It never fails for names. `enabled: false` (the
 * `names` parameter) skips the directory entirely.
 */
export function namesLoader(client: DirectorySource, notice: (line: string) => void): NamesLoader {
  return once(async () => {
    const directory = await readDirectory(client, notice);
    return directory === null ? NO_NAMES : nameResolver(directory);
  });
}

/**
 * Names of several organizations read together: each one's own directory (one that cannot be read leaves its IDs,
 * with a notice naming it), a project name two organizations use labelled "name (organization)" (see
 * {@link directoriesApart}).
 */
export function organizationsNamesLoader(
  organizations: readonly { name: string; client: DirectorySource }[],
  notice: (line: string) => void,
): NamesLoader {
  return once(async () => {
    const parts: { organization: string; directory: Directory }[] = [];
    for (const o of organizations) {
      const directory = await readDirectory(o.client, (line) => notice(`${o.name}: ${line}`));
      if (directory !== null) parts.push({ organization: o.name, directory });
    }
    return parts.length === 0 ? NO_NAMES : nameResolver(directoriesApart(parts));
  });
}

/**
 * The directories of several organizations as one, so tables and charts never show two projects as one: a project
 * name that two organizations use becomes "name (organization)" in both (as notebook 04 labels them). One
 * organization: its directory as is.
 * @example nameResolver(directoriesApart([{ organization: 'acme', directory: a }, { organization: 'globex', directory: g }]))
 */
export function directoriesApart(parts: readonly { organization: string; directory: Directory }[]): Directory {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only.directory;
  const labels = organizationProjectLabels(
    parts.flatMap(({ organization, directory }) =>
      directory.projects.flatMap((p) => (p.name === null ? [] : [{ organization, project_id: p.id, name: p.name }])),
    ),
  );
  return {
    projects: parts.flatMap(({ organization, directory }) =>
      directory.projects.map((p) =>
        p.name === null ? p : { ...p, name: labels.get(organizationProjectKey(organization, p.id)) ?? p.name },
      ),
    ),
    users: parts.flatMap((p) => p.directory.users),
    apiKeys: parts.flatMap((p) => p.directory.apiKeys),
    serviceAccounts: parts.flatMap((p) => p.directory.serviceAccounts),
    unlistedProjectIds: parts.flatMap((p) => p.directory.unlistedProjectIds),
  };
}
