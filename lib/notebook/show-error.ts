import { isUsageApiError, maskSecrets } from '../api/index';
import { escapeHtml } from '../html/index';
import { UsageNotebooksError } from '../shared/index';
import type { DisplayWriter, MimeBundle } from './mime-bundle';
import { tslabWriter } from './tslab-writer';

/**
 * Masks every configured key by exact value (whatever characters it holds), then any other key-like token (`sk-…`)
 * as a last line of defence: the project's one masker, `maskSecrets`.
 */
export function redactSecrets(text: string): string {
  return maskSecrets(text);
}

/** One short, actionable line for an error: `<name>: <message>` (API errors already carry their hint). */
export function errorSummary(err: unknown): string {
  if (err instanceof Error) return redactSecrets(`${err.name}: ${err.message}`);
  return redactSecrets(`Error: ${String(err)}`);
}

/** The display bundle of an error: a red note with the summary, no stack. */
export function errorBundle(err: unknown): MimeBundle {
  const summary = errorSummary(err);
  const html =
    `<div style="border-left:4px solid #c62828;background:#fdecea;padding:8px 12px;margin:4px 0">` +
    `<strong>Request failed.</strong> ${escapeHtml(summary)}</div>`;
  return { 'text/html': html, 'text/plain': summary };
}

/** Displays an error as one short message (no stack). Never throws. */
export function showError(err: unknown, writer: DisplayWriter = tslabWriter()): void {
  writer.publish(errorBundle(err), { metadata: { 'usage-notebooks': { role: 'error' } } });
}

/**
 * Thrown after an expected failure was displayed: stops the cell (and fails a headless run) with one line, because its
 * stack is only that line (tslab prints thrown errors with `console.error`). A member of the library's error family.
 */
export class CellStopped extends UsageNotebooksError {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'CellStopped', enumerable: false });
    Object.defineProperty(this, 'stack', { value: `CellStopped: ${message}`, enumerable: false });
  }
}

/**
 * Awaits `work`; an error of the Usage API client (bad key, invalid query, rate limit…) is displayed with
 * `showError` and the cell stops with a short `CellStopped`. Other errors (bugs) propagate unchanged with their stack.
 */
export async function guard<T>(work: Promise<T> | (() => Promise<T>), writer?: DisplayWriter): Promise<T> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (!isUsageApiError(err)) throw err;
    showError(err, writer ?? tslabWriter());
    throw new CellStopped(errorSummary(err));
  }
}
