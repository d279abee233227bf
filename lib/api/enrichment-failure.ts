import { ApiStatusError } from './errors';
import { maskSecrets } from './secret';

/** True for the rejection of an aborted call (a kernel interrupt, Ctrl-C): the user stopped the run, nothing failed. */
function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Why an enrichment (directory names, spend limits and alerts) could not be read, as one secret-free line for the
 * notice that stands in for it. Any failure qualifies, not only API errors: a bad body or a bug in reading names
 * must still leave the IDs and the numbers. An abort is rethrown, since it stops the main path too.
 * @example catch (err) { notice(`Names unavailable (${enrichmentFailure(err)})`); }
 */
export function enrichmentFailure(err: unknown): string {
  if (isAbort(err)) throw err;
  if (err instanceof ApiStatusError) return maskSecrets(`${err.name}: HTTP ${err.status}: ${err.apiMessage}`);
  if (err instanceof Error) return maskSecrets(`${err.name}: ${err.message}`);
  return maskSecrets(`Error: ${String(err)}`);
}
