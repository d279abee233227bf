import { readFileSync } from 'node:fs';
import { containsSecret } from './secret';

/** Marks an admin key whatever its value: the prefix of every organization admin key. */
export const ADMIN_KEY_MARKER = 'sk-admin-';

/**
 * The files among `paths` holding the admin key prefix or the configured `key` in any form the masker knows (as is,
 * JSON-escaped as in a saved notebook, URL-encoded), so a key with `\`, `"` or `.` is still found. For `npm start`.
 */
export function filesWithSecrets(paths: readonly string[], key: string | undefined): string[] {
  return paths.filter((file) => {
    const text = readFileSync(file, 'utf8');
    return text.includes(ADMIN_KEY_MARKER) || (key !== undefined && key.length >= 8 && containsSecret(text, key));
  });
}
