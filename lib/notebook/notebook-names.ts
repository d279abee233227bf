import { ApiStatusError, isUsageApiError, loadDirectory, type DirectorySource } from '../api/index';
import { escapeHtml } from '../frames/frame-html';
import { NO_NAMES, nameResolver, type Names } from '../frames/names';
import type { DisplayWriter } from './mime-bundle';
import { errorSummary, redactSecrets } from './show-error';

/** Loads the names of one connection: at most one directory fetch and at most one notice, whatever the calls. */
export type NamesLoader = (enabled?: boolean) => Promise<Names>;

function notice(writer: DisplayWriter, line: string): void {
  writer.publish(
    { 'text/html': `<div style="border-left:4px solid #b26a00;background:#fff4e5;padding:6px 12px">${escapeHtml(line)}</div>`, 'text/plain': line },
    { metadata: { 'usage-notebooks': { role: 'notice' } } },
  );
}

/**
 * Names for charts and tables: the directory (project names, user emails, key names), read once. When it cannot
 * be read (a key without the permission, a 5xx after retries, a bad body) the notebook goes on with IDs and says
 * so once; it never fails for names. `enabled: false` (the `names` parameter) skips the directory entirely.
 */
export function namesLoader(client: DirectorySource, writer: DisplayWriter): NamesLoader {
  let outcome: Promise<Names> | undefined;
  return (enabled = true) => {
    if (!enabled) return Promise.resolve(NO_NAMES);
    outcome ??= loadDirectory(client).then(nameResolver, (err: unknown) => {
      if (!isUsageApiError(err)) throw err;
      // The API's own words, not the usage-oriented hint a 403 carries (this key may read usage, just not the directory).
      const why = err instanceof ApiStatusError ? redactSecrets(`${err.name}: HTTP ${err.status}: ${err.apiMessage}`) : errorSummary(err);
      notice(writer, `Names unavailable, charts and tables show IDs: the organization directory could not be read (${why}). ` +
        'Names need an admin key that may list projects and users; set names: false to skip them.');
      return NO_NAMES;
    });
    return outcome;
  };
}
