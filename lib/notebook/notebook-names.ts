import { directoryNotice, enrichmentFailure, loadDirectory, type DirectorySource } from '../api/index';
import { NO_NAMES, nameResolver, type Names } from '../frames/index';

/** Loads the names of one connection: at most one directory fetch and at most one notice, whatever the calls. */
export type NamesLoader = (enabled?: boolean) => Promise<Names>;

/**
 * Names for charts and tables: the directory (project names, user emails, key names), read once. When it cannot
 * be read (a key without the permission, a 5xx after retries, a bad body, anything else) the notebook goes on with
 * IDs and says so once (through `notice`, the notebook's note line); when part of it cannot (a project whose ID no
 * path carries) it names what it has and says which part is missing, once. It never fails for names. `enabled:
 * false` (the `names` parameter) skips the directory entirely.
 */
export function namesLoader(client: DirectorySource, notice: (line: string) => void): NamesLoader {
  let outcome: Promise<Names> | undefined;
  const load = async (): Promise<Names> => {
    try {
      const directory = await loadDirectory(client);
      const names = nameResolver(directory);
      const incomplete = directoryNotice(directory);
      if (incomplete !== null) notice(incomplete);
      return names;
    } catch (err) {
      // The API's own words, not the usage-oriented hint a 403 carries (this key may read usage, just not the directory).
      notice(
        `Names unavailable, charts and tables show IDs: the organization directory could not be read (${enrichmentFailure(err)}). ` +
          'Names need an admin key that may list projects and users; set names: false to skip them.',
      );
      return NO_NAMES;
    }
  };
  return (enabled = true) => {
    if (!enabled) return Promise.resolve(NO_NAMES);
    outcome ??= load();
    return outcome;
  };
}
