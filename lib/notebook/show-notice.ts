import { escapeHtml } from '../html/index';
import type { DisplayWriter } from './mime-bundle';
import { tslabWriter } from './tslab-writer';

const TONES = {
  /** What the notebook is doing (mode, store, names read). */
  info: 'border-left:4px solid #1565c0;background:#e8f0fe;padding:6px 12px',
  /** Something it goes on without (spend limits, names of one organization). */
  warning: 'border-left:4px solid #b26a00;background:#fff4e5;padding:6px 12px',
} as const;

/**
 * Shows one line as a note in the cell's output (escaped; text/plain for the headless run).
 * @example showNotice('Spend limits unavailable, the forecast uses the budget parameter only.', 'warning')
 */
export function showNotice(
  line: string,
  tone: keyof typeof TONES = 'info',
  writer: DisplayWriter = tslabWriter(),
): void {
  writer.publish(
    { 'text/html': `<div style="${TONES[tone]}">${escapeHtml(line)}</div>`, 'text/plain': line },
    { metadata: { 'usage-notebooks': { role: 'notice' } } },
  );
}
