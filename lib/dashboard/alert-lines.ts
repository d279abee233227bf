import type { OpenAlert } from '../alerts/index';
import { visibleText } from '../frames/index';

/** One open alert as the page shows it: plain text (the page sets it with textContent). */
export interface AlertLine {
  /** When it was first recorded, e.g. "2026-11-21 09:30 UTC". */
  when: string;
  /** The rule's name from the rules file, e.g. "monthly budget". */
  rule: string;
  /** What the message said, with names. */
  what: string;
  /** Hover text: the scope's IDs and the period, e.g. "project:proj_abc · 2026-11-20". */
  hover: string;
}

/** The dashboard's open-alerts panel: the most urgent first, the rest as "and N more". */
export interface AlertsPanel {
  lines: AlertLine[];
  more: number;
}

/** Open alerts shown at most: a panel, not a log. */
export const MAX_ALERT_LINES = 8;

/**
 * The panel for the source's open alerts (already ranked by lib/alerts `openAlerts`); null when the source has no
 * store (alerts are recorded in the store only).
 */
export function alertsPanel(open: readonly OpenAlert[] | undefined, max = MAX_ALERT_LINES): AlertsPanel | null {
  if (open === undefined) return null;
  // Several organizations: each line says whose it is.
  const several = new Set(open.map((a) => a.organization)).size > 1;
  const lines = open.slice(0, max).map((a) => ({
    when: `${new Date(a.recordedAt * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    // Control and bidi characters of names shown as \uXXXX: a U+202E in a project name cannot reverse the line.
    rule: visibleText(several ? `${a.rule} (${a.organizationName})` : a.rule),
    what: visibleText(a.summary),
    hover: visibleText(`${a.scope} · ${a.period}`),
  }));
  return { lines, more: Math.max(0, open.length - max) };
}
