import type { OpenAlertEvent } from '../../lib/store/index';

/** Unix seconds of an ISO time. */
export const at = (iso: string): number => Date.parse(iso) / 1000;
/** The run's now in these tests: Saturday 2026-11-21, 09:30 UTC. */
export const NOW = at('2026-11-21T09:30:00Z');
/** An open alert event of the default organization, recorded an hour before NOW, its summary naming rule and period. */
export const row = (
  o: Partial<OpenAlertEvent> & Pick<OpenAlertEvent, 'rule' | 'ruleType' | 'period'>,
): OpenAlertEvent => ({
  organization: 'default',
  scope: 'organization',
  state: 'firing',
  payload: JSON.stringify({ summary: `${o.rule} ${o.period}` }),
  recordedAt: NOW - 3600,
  ...o,
});
