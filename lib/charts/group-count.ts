/** What a group key counts, singular and plural, as a reader says it (the API's key names are not words). */
const NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  project_id: ['project', 'projects'],
  project: ['project', 'projects'],
  user_id: ['user', 'users'],
  api_key_id: ['API key', 'API keys'],
  model: ['model', 'models'],
  line_item: ['line item', 'line items'],
  organization_id: ['organization', 'organizations'],
  organization: ['organization', 'organizations'],
  api_source: ['API source', 'API sources'],
  service_tier: ['service tier', 'service tiers'],
};

/**
 * "8 projects", "1 API key"; a key without a noun stays visible as "3 size values".
 * @example groupCount(8, 'project_id') // "8 projects"
 */
export function groupCount(count: number, labelKey: string): string {
  const noun = NOUNS[labelKey];
  if (noun === undefined) return `${count.toLocaleString('en-US')} ${labelKey} values`;
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun[0] : noun[1]}`;
}
